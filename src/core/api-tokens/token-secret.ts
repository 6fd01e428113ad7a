/**
 * The secrets of admin tokens: 32 random bytes (256 bits) in base64url behind a prefix that
 * says what the token is (`bst_` an API token, `bsl_` a one-time login link), and their
 * SHA-256, which is all the database keeps. A slow password hash (scrypt, argon2) would
 * add nothing: it protects guessable secrets, and 256 random bits cannot be guessed, while
 * every API request would pay for it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenKind = 'api' | 'login';

const PREFIX: Record<TokenKind, string> = { api: 'bst_', login: 'bsl_' };
const SECRET_BYTES = 32;
/** base64url of 32 bytes. */
const SECRET_CHARS = 43;
/** Characters of the token kept in the clear to recognise it in a list: the prefix and 4 more. */
const HINT_CHARS = 8;

export function newTokenSecret(kind: TokenKind): { token: string; hash: string; hint: string } {
  const token = PREFIX[kind] + randomBytes(SECRET_BYTES).toString('base64url');
  return { token, hash: hashToken(token), hint: token.slice(0, HINT_CHARS) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** True when `token` has the shape of a token of `kind` (no database read for garbage). */
export function looksLikeToken(token: unknown, kind: TokenKind): token is string {
  return typeof token === 'string' && token.length === PREFIX[kind].length + SECRET_CHARS && token.startsWith(PREFIX[kind]) && /^[A-Za-z0-9_-]+$/.test(token.slice(4));
}

/** Compares two hex hashes in constant time. */
export function sameHash(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a, 'hex'), Buffer.from(b, 'hex')];
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
