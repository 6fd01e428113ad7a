/**
 * Failed token attempts per client address (issue 13): after `max` failures within
 * `windowMs` an address is refused (429, Retry-After) until the window that began with its
 * first failure ends. Successes cost nothing and do not reset the count, so a valid token
 * cannot be used to keep guessing. In memory, per process: a guess at a 256-bit token is
 * hopeless anyway; the limit keeps a guesser from filling the log and the database with
 * lookups. Bounded: past `maxAddresses` the oldest windows are dropped.
 */
export interface FailedAttemptsOptions {
  max?: number;
  windowMs?: number;
  maxAddresses?: number;
  now?: () => number;
}

interface Window {
  startedAt: number;
  failures: number;
}

export class FailedAttempts {
  readonly #max: number;
  readonly #windowMs: number;
  readonly #maxAddresses: number;
  readonly #now: () => number;
  readonly #windows = new Map<string, Window>();

  constructor(options: FailedAttemptsOptions = {}) {
    this.#max = options.max ?? 10;
    this.#windowMs = options.windowMs ?? 60_000;
    this.#maxAddresses = options.maxAddresses ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  /** Seconds until `address` may try again, or 0 when it may now. */
  retryAfter(address: string): number {
    const w = this.#current(address);
    if (!w || w.failures < this.#max) return 0;
    return Math.max(1, Math.ceil((w.startedAt + this.#windowMs - this.#now()) / 1000));
  }

  fail(address: string): void {
    const w = this.#current(address);
    if (w) {
      w.failures += 1;
      return;
    }
    if (this.#windows.size >= this.#maxAddresses) {
      // Maps iterate in insertion order: the first key is the oldest window.
      const oldest = this.#windows.keys().next().value;
      if (oldest !== undefined) this.#windows.delete(oldest);
    }
    this.#windows.set(address, { startedAt: this.#now(), failures: 1 });
  }

  #current(address: string): Window | undefined {
    const w = this.#windows.get(address);
    if (w && this.#now() - w.startedAt >= this.#windowMs) {
      this.#windows.delete(address);
      return undefined;
    }
    return w;
  }
}
