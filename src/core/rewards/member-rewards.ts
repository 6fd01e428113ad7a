/**
 * The member's rewards as the member sees them (SPEC §6): each with its state and the
 * progress of every condition ("3/7"), the latest occurrence, and when a repeatable one
 * is available again.
 */
import type { EngineContext } from '../engine-context.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { nextOccurrence, readOccurrences } from './member-rewards-repository.js';
import { conditionProgress } from './reward-conditions.js';
import type { RewardEvaluation } from './reward-evaluation.js';
import { memberFacts, NO_FACTS } from './reward-facts.js';
import { rewardSummary, type MemberRewardItem, type MemberRewardState } from './reward-types.js';
import { loadRewards } from './rewards-repository.js';

export class MemberRewards {
  readonly #ctx: EngineContext;
  readonly #evaluation: RewardEvaluation;

  constructor(ctx: EngineContext, evaluation: RewardEvaluation) {
    this.#ctx = ctx;
    this.#evaluation = evaluation;
  }

  /**
   * The member's rewards and their state: locked (with progress), unlocked (manual, with
   * its expiry), claimed, expired. Secret rewards only once unlocked; inactive rewards
   * only when the member has them. Evaluates first (a reward created after the member
   * qualified unlocks here).
   */
  async list(memberIdInput: number): Promise<MemberRewardItem[]> {
    const memberId = checkMemberId(memberIdInput);
    await this.#evaluation.evaluate(memberId);
    const settings = await this.#ctx.settings.all();
    const now = this.#ctx.clock.now();
    const db = this.#ctx.storage.db;
    const rewards = await loadRewards(db);
    const facts = (await memberFacts(this.#ctx, db, memberId, now, settings)) ?? NO_FACTS;
    const occurrences = await readOccurrences(db, memberId);
    const items: MemberRewardItem[] = [];
    for (const { row, conditions } of rewards) {
      const mine = occurrences.get(row.id) ?? [];
      const last = mine[mine.length - 1];
      if (!last && (row.secret === 1 || row.active !== 1)) continue;
      const claimedBefore = mine.some((o) => o.status === 'CLAIMED');
      const state: MemberRewardState = !last
        ? 'locked'
        : last.status === 'CLAIMED'
          ? 'claimed'
          : last.expires_at !== null && last.expires_at <= now
            ? 'expired'
            : 'unlocked';
      const next = row.repeatable === 1 && last ? nextOccurrence(row, mine, now) : null;
      const date = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms));
      items.push({
        ...rewardSummary(row),
        secret: row.secret === 1,
        claimMode: row.claim_mode,
        repeatable: row.repeatable === 1,
        state,
        progress: conditions.map((c) => conditionProgress(c, facts, claimedBefore)),
        occurrence: last?.occurrence ?? null,
        unlockedAt: date(last?.unlocked_at),
        expiresAt: date(last?.expires_at),
        claimedAt: date(last?.granted_at),
        grantedValue: last?.granted_value ?? null,
        capped: last?.capped === 1,
        claims: mine.filter((o) => o.status === 'CLAIMED').length,
        nextAvailableAt: date(next?.availableAt),
      });
    }
    return items;
  }
}
