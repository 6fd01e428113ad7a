/**
 * Text the engine can store the same way on both databases. PostgreSQL refuses NUL
 * (U+0000) in text ("invalid byte sequence for encoding UTF8: 0x00"), which killed writes
 * there while SQLite kept it; a lone UTF-16 surrogate is not Unicode at all, and the
 * drivers turn it into U+FFFD, so what was acknowledged was not what was stored. Every
 * text input of the engine passes `checkStorableText` at the door (INVALID_INPUT, the same
 * on both databases); names that come from Telegram are cleaned instead (`cleanText`),
 * since a member cannot be refused for the name they chose.
 */
import { EconomyError } from './errors.js';

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** Why `text` cannot be stored as given, or null when it can. */
export function unstorableText(text: string): 'NUL' | 'LONE_SURROGATE' | null {
  if (text.includes('\u0000')) return 'NUL';
  if (LONE_SURROGATE.test(text)) return 'LONE_SURROGATE';
  return null;
}

/** `text` itself, or INVALID_INPUT naming `field` when it holds NUL or a lone surrogate. */
export function checkStorableText(text: string, field: string): string {
  const problem = unstorableText(text);
  if (problem !== null) {
    const what = problem === 'NUL' ? 'a NUL character (U+0000)' : 'a lone UTF-16 surrogate (not Unicode text)';
    throw new EconomyError('INVALID_INPUT', `${field} must not contain ${what}`, { field });
  }
  return text;
}

/** `text` without NUL characters, each lone surrogate replaced by U+FFFD. */
export function cleanText(text: string): string {
  return unstorableText(text) === null ? text : text.replaceAll('\u0000', '').replace(LONE_SURROGATES, '\uFFFD');
}
