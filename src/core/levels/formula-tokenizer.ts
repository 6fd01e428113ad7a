/**
 * Tokenizer for custom level formulas (SPEC §2). Admins type these formulas, so the
 * tokenizer reads characters one by one and only ever produces the few token kinds the
 * grammar knows: anything else is refused with its 1-based column. Nothing here (or in
 * the parser) turns text into code: no eval, no Function, no regex-driven evaluation.
 */
import { EconomyError } from '../errors.js';

export type TokenKind = 'number' | 'identifier' | 'operator' | 'lparen' | 'rparen' | 'comma' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token ('' for `end`). */
  readonly text: string;
  /** 0-based UTF-16 index into the formula, turned into a column only for messages. */
  readonly index: number;
  /** Numeric value of a `number` token. */
  readonly value?: number;
}

/**
 * 1-based column of a UTF-16 index, counted in code points so an emoji before the error
 * does not shift the column an admin sees.
 */
export function columnAt(text: string, index: number): number {
  return Array.from(text.slice(0, index)).length + 1;
}

/**
 * Builds the INVALID_FORMULA error for a problem at `index`: "<problem> at column N (<hint>)".
 */
export function formulaErrorAt(text: string, index: number, problem: string, hint?: string): EconomyError {
  const column = columnAt(text, index);
  const message = `${problem} at column ${column}${hint === undefined ? '' : ` (${hint})`}`;
  return new EconomyError('INVALID_FORMULA', message, { column, formula: text });
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

function isIdentifierStart(ch: string | undefined): boolean {
  return ch !== undefined && ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch === '_');
}

function isIdentifierPart(ch: string | undefined): boolean {
  return isIdentifierStart(ch) || isDigit(ch);
}

function isSpace(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

const SINGLE_CHAR_TOKENS: Readonly<Record<string, TokenKind>> = {
  '+': 'operator',
  '-': 'operator',
  '*': 'operator',
  '/': 'operator',
  '(': 'lparen',
  ')': 'rparen',
  ',': 'comma',
};

/**
 * Splits a formula into tokens, ending with one `end` token. Lazy tokenizing would report
 * errors in reading order too, but formulas are at most 500 characters, so one pass that
 * fails on the first bad character is simpler and just as clear.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (isSpace(ch)) {
      i += 1;
      continue;
    }
    const single = Object.hasOwn(SINGLE_CHAR_TOKENS, ch) ? SINGLE_CHAR_TOKENS[ch] : undefined;
    if (single !== undefined) {
      tokens.push({ kind: single, text: ch, index: i });
      i += 1;
      continue;
    }
    if (isDigit(ch)) {
      i = readNumber(text, i, tokens);
      continue;
    }
    if (isIdentifierStart(ch)) {
      const start = i;
      while (isIdentifierPart(text[i])) i += 1;
      tokens.push({ kind: 'identifier', text: text.slice(start, i), index: start });
      continue;
    }
    // '.5' gets a hint; the second dot of '1.2.3' is just an unexpected character.
    if (ch === '.' && isDigit(text[i + 1]) && !isDigit(text[i - 1])) {
      throw formulaErrorAt(text, i, 'Number without a digit before the decimal point', 'write 0.5, not .5');
    }
    const shown = String.fromCodePoint(text.codePointAt(i) ?? 0);
    throw formulaErrorAt(text, i, `Unexpected character '${shown}'`);
  }
  tokens.push({ kind: 'end', text: '', index: text.length });
  return tokens;
}

/** Reads `digits` or `digits.digits` starting at `start`; returns the index after it. */
function readNumber(text: string, start: number, tokens: Token[]): number {
  let i = start;
  while (isDigit(text[i])) i += 1;
  if (text[i] === '.') {
    if (!isDigit(text[i + 1])) {
      throw formulaErrorAt(text, i + 1, "Expected a digit after the decimal point '.'");
    }
    i += 1;
    while (isDigit(text[i])) i += 1;
  }
  const literal = text.slice(start, i);
  // Number() of a plain decimal literal is a conversion, not evaluation; the shape was
  // checked character by character above. A literal beyond double range is refused here
  // rather than silently becoming Infinity.
  const value = Number(literal);
  if (!Number.isFinite(value)) {
    throw formulaErrorAt(text, start, `Number '${literal}' is too large`);
  }
  tokens.push({ kind: 'number', text: literal, index: start, value });
  return i;
}
