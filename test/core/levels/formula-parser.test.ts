import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEconomyError } from '../../../src/core/errors.js';
import { evaluateFormula, parseFormula, type FormulaNode } from '../../../src/core/levels/index.js';

const num = (value: number): FormulaNode => ({ type: 'number', value });
const x: FormulaNode = { type: 'variable', name: 'total_earned' };

function evaluate(text: string, totalEarned = 0): number {
  return evaluateFormula(parseFormula(text), totalEarned);
}

/** Runs parseFormula and returns the INVALID_FORMULA error it must throw. */
function parseError(text: string): { message: string; details: Record<string, unknown> } {
  try {
    parseFormula(text);
  } catch (err) {
    if (isEconomyError(err, 'INVALID_FORMULA')) return { message: err.message, details: { ...err.details } };
    throw err;
  }
  throw new Error(`expected '${text}' to be refused`);
}

describe('parseFormula: AST', () => {
  it('parses numbers, decimals and the variable', () => {
    expect(parseFormula('100')).toEqual(num(100));
    expect(parseFormula('0.5')).toEqual(num(0.5));
    expect(parseFormula('  total_earned\t\n')).toEqual(x);
  });

  it('gives * and / precedence over + and -', () => {
    expect(parseFormula('1 + 2 * 3')).toEqual({
      type: 'binary',
      operator: '+',
      left: num(1),
      right: { type: 'binary', operator: '*', left: num(2), right: num(3) },
    });
    expect(evaluate('1 + 2 * 3')).toBe(7);
    expect(evaluate('(1 + 2) * 3')).toBe(9);
    expect(evaluate('10 - 6 / 2')).toBe(7);
  });

  it('associates binary operators to the left', () => {
    expect(parseFormula('10 - 4 - 3')).toEqual({
      type: 'binary',
      operator: '-',
      left: { type: 'binary', operator: '-', left: num(10), right: num(4) },
      right: num(3),
    });
    expect(evaluate('10 - 4 - 3')).toBe(3);
    expect(evaluate('64 / 4 / 2')).toBe(8);
    expect(evaluate('2 * 3 / 4')).toBe(1.5);
  });

  it('handles unary minus, binding tighter than binary operators', () => {
    expect(parseFormula('-2 * 3')).toEqual({
      type: 'binary',
      operator: '*',
      left: { type: 'negate', operand: num(2) },
      right: num(3),
    });
    expect(evaluate('-2 * 3')).toBe(-6);
    expect(evaluate('2 * -3')).toBe(-6);
    expect(evaluate('2 - -3')).toBe(5);
    expect(evaluate('--3')).toBe(3);
    expect(evaluate('-(1 + 2)')).toBe(-3);
    expect(evaluate('-total_earned + 10', 4)).toBe(6);
  });

  it('parses function calls with their arguments', () => {
    expect(parseFormula('max(1, total_earned)')).toEqual({ type: 'call', name: 'max', args: [num(1), x] });
    expect(evaluate('sqrt(16)')).toBe(4);
    expect(evaluate('floor(2.7)')).toBe(2);
    expect(evaluate('ceil(2.1)')).toBe(3);
    expect(evaluate('min(3, 1, 2)')).toBe(1);
    expect(evaluate('max(3, 1, 2)')).toBe(3);
    expect(evaluate('log(1)')).toBe(0);
    expect(evaluate('log(total_earned)', Math.E ** 2)).toBeCloseTo(2, 12);
    expect(evaluate('log(1024, 2)')).toBeCloseTo(10, 12);
    expect(evaluate('floor(sqrt(total_earned / 100)) + 1', 400)).toBe(3);
    expect(evaluate('max(min(total_earned, 5), 2) * 2', 9)).toBe(10);
  });

  it('follows IEEE semantics when evaluating (validation happens later)', () => {
    expect(evaluate('1 / 0')).toBe(Infinity);
    expect(evaluate('sqrt(-1)')).toBeNaN();
    expect(evaluate('log(total_earned)', 0)).toBe(-Infinity);
  });

  it('accepts exactly 500 characters and 50 levels of nesting', () => {
    const long = `${'1+'.repeat(249)}11`;
    expect(long).toHaveLength(500);
    expect(evaluate(long)).toBe(260);
    expect(evaluate(`${'('.repeat(50)}7${')'.repeat(50)}`)).toBe(7);
    expect(evaluate(`${'-'.repeat(50)}7`)).toBe(7);
  });
});

describe('parseFormula: errors (all INVALID_FORMULA)', () => {
  it('refuses empty input', () => {
    expect(parseError('').message).toBe('Formula is empty');
    expect(parseError('   ').message).toBe('Formula is empty');
  });

  it('refuses input longer than 500 characters', () => {
    const long = `${'1+'.repeat(250)}1`;
    expect(long).toHaveLength(501);
    expect(parseError(long).message).toBe('Formula is too long: 501 characters, at most 500 allowed');
  });

  it('refuses nesting deeper than 50', () => {
    expect(parseError(`${'('.repeat(51)}1${')'.repeat(51)}`).message).toBe(
      'Formula nests deeper than 50 levels at column 51',
    );
    expect(parseError(`${'-'.repeat(51)}1`).message).toBe('Formula nests deeper than 50 levels at column 51');
    expect(parseError(`${'sqrt('.repeat(51)}1${')'.repeat(51)}`).message).toBe(
      'Formula nests deeper than 50 levels at column 251',
    );
  });

  it('refuses unknown identifiers', () => {
    const err = parseError('1 + foo');
    expect(err.message).toBe("Unknown identifier 'foo' at column 5 (the only variable is total_earned)");
    expect(err.details.column).toBe(5);
    expect(parseError('Total_Earned').message).toContain("Unknown identifier 'Total_Earned' at column 1");
  });

  it('refuses unknown functions and functions without parentheses', () => {
    expect(parseError('pow(2, 3)').message).toBe(
      "Unknown function 'pow' at column 1 (known functions: sqrt, floor, ceil, min, max, log)",
    );
    expect(parseError('total_earned(1)').message).toContain("Unknown function 'total_earned' at column 1");
    expect(parseError('2 * sqrt').message).toBe("Function 'sqrt' needs parentheses at column 5 (sqrt(x))");
  });

  it('refuses wrong arity', () => {
    expect(parseError('sqrt()').message).toBe("Function 'sqrt' takes 1 argument but got 0 at column 1 (sqrt(x))");
    expect(parseError('1 + floor(1, 2)').message).toBe(
      "Function 'floor' takes 1 argument but got 2 at column 5 (floor(x))",
    );
    expect(parseError('ceil(1, 2)').message).toContain("Function 'ceil' takes 1 argument but got 2");
    expect(parseError('min(1)').message).toBe(
      "Function 'min' takes at least 2 arguments but got 1 at column 1 (min(a, b, ...))",
    );
    expect(parseError('max(1)').message).toContain("Function 'max' takes at least 2 arguments but got 1");
    expect(parseError('log(1, 2, 3)').message).toBe(
      "Function 'log' takes 1 or 2 arguments but got 3 at column 1 (log(x) or log(x, base))",
    );
  });

  it('refuses unexpected tokens with their 1-based column', () => {
    expect(parseError('1 + * 2').message).toBe("Unexpected '*' at column 5");
    expect(parseError('1 2').message).toBe("Unexpected '2' at column 3");
    expect(parseError('2 total_earned').message).toBe("Unexpected 'total_earned' at column 3");
    expect(parseError('1 + 2)').message).toBe("Unexpected ')' at column 6");
    expect(parseError('(1 + 2').message).toBe("Unexpected end of formula at column 7 (expected ')')");
    expect(parseError('1 +').message).toBe(
      "Unexpected end of formula at column 4 (expected a number, total_earned, a function or '(')",
    );
    expect(parseError('sqrt(1 2)').message).toBe("Unexpected '2' at column 8 (expected ',' or ')')");
    expect(parseError('min(1,)').message).toBe("Unexpected ')' at column 7");
    expect(parseError('+1').message).toBe("Unexpected '+' at column 1");
    expect(parseError(',').message).toBe("Unexpected ',' at column 1");
  });

  it('refuses characters outside the grammar, counting columns in characters', () => {
    expect(parseError('1 # 2').message).toBe("Unexpected character '#' at column 3");
    expect(parseError('2 ^ 3').message).toBe("Unexpected character '^' at column 3");
    expect(parseError('"😀" + x').details.column).toBe(1);
    expect(parseError('😀 + $').message).toBe("Unexpected character '😀' at column 1");
    expect(parseError('1 + 😀').message).toBe("Unexpected character '😀' at column 5");
    expect(parseError('😀😀 $').details.column).toBe(1);
  });

  it('refuses malformed numbers', () => {
    expect(parseError('1.').message).toBe("Expected a digit after the decimal point '.' at column 3");
    expect(parseError('.5').message).toBe(
      'Number without a digit before the decimal point at column 1 (write 0.5, not .5)',
    );
    expect(parseError('1.2.3').message).toBe("Unexpected character '.' at column 4");
    expect(parseError('1e3').message).toBe("Unexpected 'e3' at column 2");
    expect(parseError('9'.repeat(400)).message).toBe(`Number '${'9'.repeat(400)}' is too large at column 1`);
  });
});

describe('parseFormula never runs the text as code', () => {
  it.each([
    'constructor',
    'constructor(1)',
    '__proto__',
    'toString()',
    'hasOwnProperty(1)',
    'process.exit(1)',
    'require("fs")',
    'eval(1)',
    'Function(1)',
    'this',
    'globalThis',
    'total_earned; process.exit(1)',
    '`${1}`',
    'x => x',
  ])('refuses %s with INVALID_FORMULA', (text) => {
    expect(() => parseFormula(text)).toThrow(expect.objectContaining({ code: 'INVALID_FORMULA' }));
  });

  it('has no eval, Function constructor or regex in the parser sources', () => {
    for (const file of ['formula-parser.ts', 'formula-tokenizer.ts']) {
      const source = readFileSync(new URL(`../../../src/core/levels/${file}`, import.meta.url), 'utf8');
      const code = source.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(code).not.toMatch(/\beval\s*\(/);
      expect(code).not.toMatch(/\bFunction\s*\(/);
      expect(code).not.toMatch(/new\s+RegExp|\.test\(|\.match\(|\.exec\(/);
    }
  });
});
