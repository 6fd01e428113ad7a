/**
 * The engine never calls Date.now() itself: it reads a Clock, so every time rule can be
 * tested exactly and `besitos simulate` can replay a scenario with the time of each line.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to, and only forward. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number | Date | string = 0) {
    this.#now = toMillis(start);
  }

  now(): number {
    return this.#now;
  }

  /** Moves to `at`; returns false (and stays) when `at` is in the past. */
  set(at: number | Date | string): boolean {
    const ms = toMillis(at);
    if (ms < this.#now) return false;
    this.#now = ms;
    return true;
  }

  advance(ms: number): void {
    if (ms < 0) throw new RangeError('a ManualClock only moves forward');
    this.#now += ms;
  }
}

function toMillis(value: number | Date | string): number {
  const ms = typeof value === 'number' ? value : new Date(value).getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${String(value)}`);
  return ms;
}
