/**
 * Custom level formulas (SPEC §2): a recursive-descent parser producing a typed AST and a
 * tree-walking evaluator. Formulas come from admins and are stored in settings, so they
 * are data, never code: the only operations that can ever run are the ones listed below.
 *
 * Grammar (lowest precedence first, binary operators left-associative):
 *   expression := term (('+' | '-') term)*
 *   term       := unary (('*' | '/') unary)*
 *   unary      := '-' unary | primary
 *   primary    := number | 'total_earned' | name '(' expression (',' expression)* ')'
 *               | '(' expression ')'
 */
import { EconomyError } from '../errors.js';
import { formulaErrorAt, tokenize, type Token } from './formula-tokenizer.js';

export const MAX_FORMULA_LENGTH = 500;
export const MAX_FORMULA_DEPTH = 50;
export const FORMULA_VARIABLE = 'total_earned';

export type FormulaFunction = 'sqrt' | 'floor' | 'ceil' | 'min' | 'max' | 'log';
export type BinaryOperator = '+' | '-' | '*' | '/';

export type FormulaNode =
  | { readonly type: 'number'; readonly value: number }
  | { readonly type: 'variable'; readonly name: typeof FORMULA_VARIABLE }
  | { readonly type: 'negate'; readonly operand: FormulaNode }
  | { readonly type: 'binary'; readonly operator: BinaryOperator; readonly left: FormulaNode; readonly right: FormulaNode }
  | { readonly type: 'call'; readonly name: FormulaFunction; readonly args: readonly FormulaNode[] };

/** Allowed argument counts; `max: Infinity` means variadic. */
const FUNCTIONS: Readonly<Record<FormulaFunction, { min: number; max: number; usage: string }>> = {
  sqrt: { min: 1, max: 1, usage: 'sqrt(x)' },
  floor: { min: 1, max: 1, usage: 'floor(x)' },
  ceil: { min: 1, max: 1, usage: 'ceil(x)' },
  min: { min: 2, max: Infinity, usage: 'min(a, b, ...)' },
  max: { min: 2, max: Infinity, usage: 'max(a, b, ...)' },
  log: { min: 1, max: 2, usage: 'log(x) or log(x, base)' },
};

function isFormulaFunction(name: string): name is FormulaFunction {
  return Object.hasOwn(FUNCTIONS, name);
}

function describeToken(token: Token): string {
  return token.kind === 'end' ? 'end of formula' : `'${token.text}'`;
}

/** Parses a formula; throws EconomyError('INVALID_FORMULA') naming the problem and column. */
export function parseFormula(text: string): FormulaNode {
  if (text.length > MAX_FORMULA_LENGTH) {
    throw new EconomyError(
      'INVALID_FORMULA',
      `Formula is too long: ${text.length} characters, at most ${MAX_FORMULA_LENGTH} allowed`,
      { length: text.length, max: MAX_FORMULA_LENGTH },
    );
  }
  if (text.trim() === '') {
    throw new EconomyError('INVALID_FORMULA', 'Formula is empty', {});
  }
  return new Parser(text, tokenize(text)).parse();
}

class Parser {
  #pos = 0;
  /** Current nesting of parentheses, calls and unary minus. */
  #depth = 0;

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  parse(): FormulaNode {
    const node = this.#expression();
    const rest = this.#peek();
    if (rest.kind !== 'end') throw this.#unexpected(rest);
    return node;
  }

  #peek(): Token {
    // The token list always ends with `end` and #pos never passes it.
    return this.tokens[this.#pos] as Token;
  }

  #next(): Token {
    const token = this.#peek();
    if (token.kind !== 'end') this.#pos += 1;
    return token;
  }

  #unexpected(token: Token): EconomyError {
    return formulaErrorAt(this.text, token.index, `Unexpected ${describeToken(token)}`);
  }

  /** Guards every construct that nests, so a hostile formula cannot exhaust the stack. */
  #enter(token: Token): void {
    this.#depth += 1;
    if (this.#depth > MAX_FORMULA_DEPTH) {
      throw formulaErrorAt(this.text, token.index, `Formula nests deeper than ${MAX_FORMULA_DEPTH} levels`);
    }
  }

  #leave(): void {
    this.#depth -= 1;
  }

  #expression(): FormulaNode {
    let left = this.#term();
    for (;;) {
      const token = this.#peek();
      if (token.kind !== 'operator' || (token.text !== '+' && token.text !== '-')) return left;
      this.#next();
      left = { type: 'binary', operator: token.text, left, right: this.#term() };
    }
  }

  #term(): FormulaNode {
    let left = this.#unary();
    for (;;) {
      const token = this.#peek();
      if (token.kind !== 'operator' || (token.text !== '*' && token.text !== '/')) return left;
      this.#next();
      left = { type: 'binary', operator: token.text, left, right: this.#unary() };
    }
  }

  #unary(): FormulaNode {
    const token = this.#peek();
    if (token.kind === 'operator' && token.text === '-') {
      this.#next();
      this.#enter(token);
      const operand = this.#unary();
      this.#leave();
      return { type: 'negate', operand };
    }
    return this.#primary();
  }

  #primary(): FormulaNode {
    const token = this.#next();
    switch (token.kind) {
      case 'number':
        return { type: 'number', value: token.value ?? Number.NaN };
      case 'identifier':
        return this.#identifier(token);
      case 'lparen': {
        this.#enter(token);
        const inner = this.#expression();
        this.#expect('rparen', "')'");
        this.#leave();
        return inner;
      }
      case 'end':
        throw formulaErrorAt(
          this.text,
          token.index,
          'Unexpected end of formula',
          `expected a number, ${FORMULA_VARIABLE}, a function or '('`,
        );
      default:
        throw this.#unexpected(token);
    }
  }

  #identifier(token: Token): FormulaNode {
    const name = token.text;
    const isCall = this.#peek().kind === 'lparen';
    if (!isCall) {
      if (name === FORMULA_VARIABLE) return { type: 'variable', name: FORMULA_VARIABLE };
      if (isFormulaFunction(name)) {
        throw formulaErrorAt(this.text, token.index, `Function '${name}' needs parentheses`, FUNCTIONS[name].usage);
      }
      throw formulaErrorAt(
        this.text,
        token.index,
        `Unknown identifier '${name}'`,
        `the only variable is ${FORMULA_VARIABLE}`,
      );
    }
    if (!isFormulaFunction(name)) {
      const known = Object.keys(FUNCTIONS).join(', ');
      throw formulaErrorAt(this.text, token.index, `Unknown function '${name}'`, `known functions: ${known}`);
    }
    this.#next(); // '('
    this.#enter(token);
    const args = this.#arguments();
    this.#leave();
    const { min, max, usage } = FUNCTIONS[name];
    if (args.length < min || args.length > max) {
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} or ${max}`;
      throw formulaErrorAt(
        this.text,
        token.index,
        `Function '${name}' takes ${expected} argument${expected === '1' ? '' : 's'} but got ${args.length}`,
        usage,
      );
    }
    return { type: 'call', name, args };
  }

  /** Arguments after '(' up to and including ')'; `f()` yields [] so arity reports it. */
  #arguments(): FormulaNode[] {
    const args: FormulaNode[] = [];
    if (this.#peek().kind === 'rparen') {
      this.#next();
      return args;
    }
    for (;;) {
      args.push(this.#expression());
      const token = this.#next();
      if (token.kind === 'rparen') return args;
      if (token.kind !== 'comma') {
        throw formulaErrorAt(this.text, token.index, `Unexpected ${describeToken(token)}`, "expected ',' or ')'");
      }
    }
  }

  #expect(kind: Token['kind'], shown: string): void {
    const token = this.#next();
    if (token.kind !== kind) {
      throw formulaErrorAt(this.text, token.index, `Unexpected ${describeToken(token)}`, `expected ${shown}`);
    }
  }
}

/**
 * Evaluates a parsed formula with IEEE-754 semantics: a division by zero gives ±Infinity
 * and sqrt or log of a negative gives NaN. Callers decide what to do with non-finite
 * results (level formulas refuse them at validation time).
 */
export function evaluateFormula(node: FormulaNode, totalEarned: number): number {
  switch (node.type) {
    case 'number':
      return node.value;
    case 'variable':
      return totalEarned;
    case 'negate':
      return -evaluateFormula(node.operand, totalEarned);
    case 'binary':
      return applyBinary(
        node.operator,
        evaluateFormula(node.left, totalEarned),
        evaluateFormula(node.right, totalEarned),
      );
    case 'call':
      return evaluateCall(node, totalEarned);
  }
}

function applyBinary(operator: BinaryOperator, left: number, right: number): number {
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
  }
}

function evaluateCall(node: Extract<FormulaNode, { type: 'call' }>, totalEarned: number): number {
  const values = node.args.map((arg) => evaluateFormula(arg, totalEarned));
  const [x = Number.NaN, y] = values;
  switch (node.name) {
    case 'sqrt':
      return Math.sqrt(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'log':
      // Natural log, or log in `base` by the change-of-base rule.
      return y === undefined ? Math.log(x) : Math.log(x) / Math.log(y);
  }
}
