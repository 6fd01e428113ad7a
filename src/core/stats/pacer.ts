/**
 * How a refresh shares the process and the database with presses (issue 12).
 *
 * A refresh is cut into slices of work (a read of some rows, a short write transaction, a
 * step of a sort), each a few milliseconds. After each slice the pacer yields: one turn of
 * the event loop, then, when anything else ran in that turn or is in flight on the
 * database (presses queued behind the slice), a sleep long enough that the refresh keeps at
 * most `share` of the time. Alone, a refresh goes on at once; beside presses it stretches
 * instead of taking their time. "Anything else" is database work, not time: SQLite rows
 * changed on the connection during that turn (presses write), PostgreSQL clients checked
 * out by others. Time alone misleads on a loaded machine, where the process is merely
 * descheduled during the turn. Why it matters: SQLite statements run on the process's one
 * thread and its one writer lock, so a slice is time no press gets; on PostgreSQL the
 * refresh's statements take server CPU from the presses' (two cores here).
 */
import type { Storage } from '../../storage/connect.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Pacer {
  readonly #share: number;
  readonly #inFlight: () => boolean;
  readonly #changes: () => number;
  #resumed = performance.now();
  /** The longest slice of work between two pauses (ms). */
  longestSliceMs = 0;
  /** Pauses that found other work and slept. */
  yielded = 0;

  /** `share`: most of the time (0 to 1) the refresh takes while others wait; 1 never sleeps. */
  constructor(storage: Storage, share: number) {
    this.#share = share;
    const pool = storage.pgPool;
    // PostgreSQL: a client checked out by someone else is a press (or a read) in flight.
    this.#inFlight = pool ? () => pool.waitingCount > 0 || pool.totalCount > pool.idleCount : () => false;
    // SQLite: one connection for everyone, so its count of changed rows counts the presses' too.
    const counter = storage.sqlite?.prepare('select total_changes()').pluck();
    this.#changes = counter ? () => Number(counter.get()) : () => 0;
  }

  /** Ends a slice: yields, and sleeps when others are waiting (see the header). */
  async pause(): Promise<void> {
    const worked = performance.now() - this.#resumed;
    this.longestSliceMs = Math.max(this.longestSliceMs, worked);
    const changes = this.#changes();
    const t0 = performance.now();
    await tick();
    const others = performance.now() - t0;
    if (this.#share < 1 && (this.#changes() !== changes || this.#inFlight())) {
      const rest = (worked * (1 - this.#share)) / this.#share - others;
      if (rest >= 1) {
        this.yielded++;
        await sleep(rest);
      }
    }
    this.#resumed = performance.now();
  }
}
