/**
 * The one-time setup link (issue 13) that `npm start` prints while the economy has no admin
 * at all: opened once, it asks for the owner's Telegram id and makes it the first admin
 * (`membership.claimFirstAdmin`, audited as `setup`), then logs the browser in.
 *
 * Like Jupyter's token, it lives in this process only: a restart prints a new one and the
 * old one stops working, and nothing of it reaches the database. The process keeps only
 * its SHA-256, compared in constant time; `take` spends it (JavaScript runs one request's
 * check-and-set at a time, so of two submissions exactly one gets it).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const SETUP_PATH = '/setup';
export const SETUP_LINK_TTL_MS = 60 * 60 * 1000;
const SHAPE = /^bss_[A-Za-z0-9_-]{43}$/;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class SetupLink {
  #hash: Buffer | null = null;
  #expiresAt = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** A new secret (any earlier one stops working). */
  issue(ttlMs = SETUP_LINK_TTL_MS): { token: string; expiresAt: number } {
    const token = `bss_${randomBytes(32).toString('base64url')}`;
    this.#hash = sha256(token);
    this.#expiresAt = this.#now() + ttlMs;
    return { token, expiresAt: this.#expiresAt };
  }

  /** Is `token` the live secret (not spent, not expired)? Does not spend it. */
  valid(token: unknown): token is string {
    if (typeof token !== 'string' || !SHAPE.test(token) || this.#hash === null) return false;
    if (this.#now() >= this.#expiresAt) return false;
    return timingSafeEqual(sha256(token), this.#hash);
  }

  /** Spends the secret: true once, for the live one. */
  take(token: unknown): boolean {
    if (!this.valid(token)) return false;
    this.#hash = null;
    return true;
  }
}
