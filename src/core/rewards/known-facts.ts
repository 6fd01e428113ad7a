/**
 * A member's facts that the operation behind a movement already knows after its commit,
 * handed to that movement's reward evaluation so that it need not read them again (issue
 * 14, goal 2: on PostgreSQL an accepted press is one statement, which returns the facts
 * too, and SQLite's press transaction reads them after its writes; the evaluation that
 * follows reads nothing when nothing unlocks).
 *
 * Keyed by the movement's transaction id and taken once. Events are emitted after the
 * commit and their listeners awaited, so the operation offers the facts before it emits
 * and drops them after: nothing outlives the emit, whether a listener took them or not.
 */
import type { MemberFacts } from './reward-conditions.js';

export class KnownFacts {
  readonly #byTransaction = new Map<number, MemberFacts>();

  offer(transactionId: number, facts: MemberFacts): void {
    this.#byTransaction.set(transactionId, facts);
  }

  /** The facts offered for this movement, once; undefined when none (or already taken). */
  take(transactionId: number): MemberFacts | undefined {
    const facts = this.#byTransaction.get(transactionId);
    if (facts) this.#byTransaction.delete(transactionId);
    return facts;
  }

  drop(transactionId: number): void {
    this.#byTransaction.delete(transactionId);
  }
}
