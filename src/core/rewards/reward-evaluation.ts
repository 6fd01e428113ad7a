/**
 * Evaluation (SPEC §6): after every event that can change a condition, every active reward
 * is checked for the event's member; each one now eligible unlocks, and an auto reward is
 * granted in the same transaction as its unlock.
 *
 * - An unlock is one row of `member_rewards` per (member, reward, occurrence): the unique
 *   key decides, so concurrent evaluations (several events, several processes) unlock once.
 * - A manual reward waits UNLOCKED until claimed within its window (the reward's own, or
 *   `rewards.manual_claim_window_hours`).
 * - A repeatable reward unlocks again once the last occurrence was claimed (or expired)
 *   and its cooldown has run from then, while the occurrences stay below the maximum
 *   (an expired manual occurrence counts as one).
 * - `reward.unlocked` (and the grant's events) go out after the commit.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MemberRewardRow } from '../../storage/rewards-tables.js';
import { isUniqueViolation, writeTransaction } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import type { EventBus } from '../events.js';
import { IdempotentReplay } from '../ledger/ledger-repository.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { ensureMember } from '../members/members-repository.js';
import type { EconomySettings } from '../settings/settings-schema.js';
import { HOUR_MS, insertOccurrence, nextOccurrence, readOccurrences, recordPurchase } from './member-rewards-repository.js';
import { conditionProgress, groupsHold, type MemberFacts, type RewardCondition } from './reward-conditions.js';
import { memberFacts } from './reward-facts.js';
import type { Committed, RewardGrants } from './reward-grants.js';
import { EVALUATED_AFTER, type RewardGrant, type RewardUnlock } from './reward-types.js';
import type { StoredReward } from './rewards-repository.js';
import type { ActiveRewardsCache } from './active-rewards-cache.js';
import { SpentRewards } from './spent-rewards.js';

export class RewardEvaluation {
  readonly #ctx: EngineContext;
  readonly #grants: RewardGrants;
  readonly #rewards: ActiveRewardsCache;
  /** Members' non-repeating rewards already unlocked: no occurrences read for them (spent-rewards.ts). */
  readonly #spent = new SpentRewards();

  constructor(ctx: EngineContext, grants: RewardGrants, rewards: ActiveRewardsCache) {
    this.#ctx = ctx;
    this.#grants = grants;
    this.#rewards = rewards;
  }

  /** Subscribes the evaluation to the engine's events; returns the unsubscribe. */
  listen(events: EventBus | undefined = this.#ctx.events): () => void {
    if (!events) return () => {};
    const offs = EVALUATED_AFTER.map((name) =>
      name === 'purchase.completed'
        ? events.on(name, async (e) => void (await this.evaluate(e.memberId, { purchaseAt: e.at })))
        : events.on(name, async (e) => void (await this.evaluate(e.memberId))),
    );
    return () => offs.forEach((off) => off());
  }

  /**
   * Evaluates every active reward for the member and unlocks (and, for auto rewards,
   * grants) each one now eligible. Idempotent; safe to run concurrently. `purchaseAt`
   * records a purchase first (FIRST_PURCHASE of a free claim, which moves no besitos).
   */
  async evaluate(memberIdInput: number, options: { purchaseAt?: number } = {}): Promise<RewardUnlock[]> {
    const memberId = checkMemberId(memberIdInput);
    if (options.purchaseAt !== undefined) {
      const purchaseAt = options.purchaseAt;
      await writeTransaction(this.#ctx.storage, async (trx) => {
        await ensureMember(trx, memberId, purchaseAt);
        await recordPurchase(trx, memberId, purchaseAt);
      });
    }
    // Called again from the events of this evaluation's own grants: the running evaluation
    // takes another pass instead (events keep their order, no deep recursion). Only the
    // scheduling is in memory: the unique key still decides every unlock.
    const running = evaluating.getStore();
    const mine = running?.get(memberId);
    if (mine) {
      mine.again = true;
      return [];
    }
    const state = { again: false };
    const scope = new Map(running ?? []);
    scope.set(memberId, state);
    return evaluating.run(scope, async () => {
      const out: RewardUnlock[] = [];
      do {
        state.again = false;
        out.push(...(await this.#evaluateOnce(memberId)));
      } while (state.again);
      return out;
    });
  }

  /**
   * One pass (issue 14: it runs after every movement, so it reads little): the active rewards
   * from the cache, the member's facts once, and the member's occurrences only when some
   * reward's conditions hold. The unlocks use these facts, read after the event's commit:
   * what decides each unlock under concurrency is the occurrence's unique key, re-read and
   * inserted inside the unlock's transaction.
   */
  async #evaluateOnce(memberId: number): Promise<RewardUnlock[]> {
    const rewards = await this.#rewards.active();
    if (rewards.length === 0) return [];
    const settings = await this.#ctx.settings.all();
    const now = this.#ctx.clock.now();
    // A first look without a transaction: most events unlock nothing.
    const facts = await memberFacts(this.#ctx, this.#ctx.storage.db, memberId, now, settings);
    if (!facts) return [];
    const possible = rewards.filter(
      (r) =>
        !(r.row.repeatable !== 1 && this.#spent.has(memberId, r.row.id)) &&
        (conditionsHold(r, facts, false) || conditionsHold(r, facts, true)),
    );
    if (possible.length === 0) return [];
    const occurrences = await readOccurrences(this.#ctx.storage.db, memberId);
    for (const [rewardId, list] of occurrences) if (list.length > 0) this.#spent.add(memberId, rewardId);
    const out: RewardUnlock[] = [];
    for (const reward of possible) {
      if (!candidate(reward, facts, occurrences.get(reward.row.id) ?? [], now)) continue;
      const unlock = await this.#unlock(memberId, reward, facts, settings);
      if (unlock) {
        this.#spent.add(memberId, reward.row.id);
        out.push(unlock);
      }
    }
    return out;
  }

  /** One reward's unlock (and auto grant) in one transaction, checked again inside it. */
  async #unlock(memberId: number, reward: StoredReward, facts: MemberFacts, settings: EconomySettings): Promise<RewardUnlock | null> {
    const at = this.#ctx.clock.now();
    const { row } = reward;
    const committed: Committed = {};
    let result: { unlocked: MemberRewardRow; grant: RewardGrant | null } | null;
    try {
      result = await writeTransaction(this.#ctx.storage, async (trx) => {
        const occurrences = (await readOccurrences(trx, memberId, row.id)).get(row.id) ?? [];
        if (!candidate(reward, facts, occurrences, at)) return null;
        const next = nextOccurrence(row, occurrences, at).occurrence!;
        const manual = row.claim_mode === 'manual';
        const windowHours = row.claim_window_hours ?? settings['rewards.manual_claim_window_hours'];
        const unlocked = await insertOccurrence(trx, {
          memberId,
          rewardId: row.id,
          occurrence: next,
          status: manual ? 'UNLOCKED' : 'CLAIMED',
          at,
          expiresAt: manual ? at + windowHours * HOUR_MS : null,
          kind: row.kind,
        });
        if (!unlocked) return null; // another evaluation unlocked this occurrence
        const grant = manual ? null : await this.#grants.grantIn(trx, memberId, row, unlocked, settings, at, committed);
        return { unlocked, grant };
      });
    } catch (err) {
      // The grant's key was already used (rows edited by hand): nothing moved twice.
      if (err instanceof IdempotentReplay || isUniqueViolation(err, 'transactions_idempotency_idx')) return null;
      throw err;
    }
    if (!result) return null;
    const { unlocked, grant } = result;
    await this.#ctx.events?.emit('reward.unlocked', {
      memberId,
      rewardId: row.id,
      name: row.name,
      secret: row.secret === 1,
      claimMode: row.claim_mode,
      expiresAt: unlocked.expires_at,
      at,
    });
    if (grant) {
      await this.#grants.announce(grant, committed, 'auto');
      await this.#grants.deliverContent(grant, unlocked.id, { mayDefer: true });
    }
    return {
      memberId,
      rewardId: row.id,
      name: row.name,
      occurrence: unlocked.occurrence,
      claimMode: row.claim_mode,
      expiresAt: unlocked.expires_at === null ? null : new Date(unlocked.expires_at),
      grant,
    };
  }
}

/** The members whose evaluation is running in this async context (see `evaluate`). */
const evaluating = new AsyncLocalStorage<Map<number, { again: boolean }>>();

function conditionsHold(reward: StoredReward, facts: MemberFacts, claimedBefore: boolean): boolean {
  return groupsHold(reward.conditions.map((c: RewardCondition) => conditionProgress(c, facts, claimedBefore)));
}

/** Eligible now and an occurrence is available. */
function candidate(reward: StoredReward, facts: MemberFacts, occurrences: readonly MemberRewardRow[], now: number): boolean {
  if (nextOccurrence(reward.row, occurrences, now).occurrence === null) return false;
  return conditionsHold(reward, facts, occurrences.some((o) => o.status === 'CLAIMED'));
}
