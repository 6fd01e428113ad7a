/**
 * Which members already have an occurrence of which reward, as this process has seen it.
 * For a reward that does not repeat, one occurrence (unlocked, claimed or expired) means
 * there will never be another, and occurrences are never deleted: so once seen, that
 * reward is not tried for the member again (issue 14: the evaluation no longer reads the
 * occurrences of a reward that does not repeat; it inserts occurrence 1 when the conditions
 * hold, and that insert finding the row taken is also how it is seen). Evaluation runs after every
 * movement, and without this every credit of a member who long ago unlocked "Primera
 * reacción" or "Cien besitos" read their occurrences to find nothing to do (PostgreSQL:
 * one round trip of the three a credit cost in the http-credit bench).
 *
 * Only ever a fact that holds forever, whatever another process does (the engine never
 * deletes an occurrence; one deleted by hand is seen again after a restart); whether the reward
 * repeats is asked of the reward as it is now (an admin may make it repeatable).
 */
const MAX_ENTRIES = 200_000;

export class SpentRewards {
  #seen = new Set<string>();

  /** The member has an occurrence of this reward (true only once seen in this process). */
  has(memberId: number, rewardId: number): boolean {
    return this.#seen.has(`${memberId}:${rewardId}`);
  }

  add(memberId: number, rewardId: number): void {
    // Bounded: start over when full (a forgotten entry costs one read, nothing else).
    if (this.#seen.size >= MAX_ENTRIES) this.#seen = new Set();
    this.#seen.add(`${memberId}:${rewardId}`);
  }
}
