/**
 * Rewards (SPEC §6): admins define rewards with conditions in groups; the engine evaluates
 * them for a member after every event that can change a condition, unlocks and grants.
 * This is the module's one public face (`economy.rewards`); the rules live in its parts:
 *
 * - `reward-admin.ts`: the definitions (create, update, switch, delete, list, most granted).
 * - `reward-evaluation.ts`: which events trigger an evaluation, unlocking (one row per
 *   occurrence, the unique key decides), repeatable occurrences and their cooldown.
 * - `reward-grants.ts`: the atomic grant (movement / VIP days / badge / content, caps
 *   recorded), its events after the commit, then CONTENT delivery through the shop's port.
 * - `reward-claims.ts`: a manual reward's claim within its window, and `redeliver`.
 * - `member-rewards.ts`: the member's list with states and progress.
 */
import type { EngineContext } from '../engine-context.js';
import type { EventBus } from '../events.js';
import { ActiveRewardsCache } from './active-rewards-cache.js';
import { MemberRewards } from './member-rewards.js';
import { catchUpRewards, type CatchUpOptions } from './reward-catch-up.js';
import { RewardAdmin } from './reward-admin.js';
import { RewardClaims, type ClaimInput } from './reward-claims.js';
export type { ClaimInput } from './reward-claims.js';
import { RewardEvaluation } from './reward-evaluation.js';
import { RewardGrants } from './reward-grants.js';
import type { RewardInput } from './reward-input.js';
import type { ContentDelivery, MemberRewardItem, RewardGrant, RewardRedeliverResult, RewardUnlock, RewardView } from './reward-types.js';

// Kept here too: adapters have imported the types from this file.
export {
  EVALUATED_AFTER,
  type ContentDelivery,
  type MemberRewardItem,
  type MemberRewardState,
  type RewardGrant,
  type RewardRedeliverResult,
  type RewardUnlock,
  type RewardView,
} from './reward-types.js';

export interface RewardsDeps {
  /** Sends a CONTENT reward's set (the shop); without it nothing is sent. */
  content?: ContentDelivery;
}

export class RewardsService {
  readonly #admin: RewardAdmin;
  readonly #evaluation: RewardEvaluation;
  readonly #claims: RewardClaims;
  readonly #member: MemberRewards;
  readonly #cache: ActiveRewardsCache;
  readonly #ctx: EngineContext;

  constructor(ctx: EngineContext, deps: RewardsDeps = {}) {
    this.#ctx = ctx;
    const grants = new RewardGrants(ctx, deps.content);
    this.#cache = new ActiveRewardsCache(ctx.storage);
    this.#admin = new RewardAdmin(ctx, this.#cache);
    this.#evaluation = new RewardEvaluation(ctx, grants, this.#cache);
    this.#claims = new RewardClaims(ctx, this.#evaluation, grants);
    this.#member = new MemberRewards(ctx, this.#evaluation);
  }

  /** Subscribes the evaluation to the engine's events (EVALUATED_AFTER); returns the unsubscribe. */
  listen(events?: EventBus): () => void {
    return this.#evaluation.listen(events);
  }

  /**
   * Evaluates the members of the transactions no sweep has seen yet (reward-catch-up.ts):
   * a crash between a movement's commit and its evaluation loses no grant. Returns how
   * many members were evaluated. The jobs run it every minute.
   */
  catchUp(options: CatchUpOptions = {}): Promise<number> {
    return catchUpRewards(this.#ctx, (memberId) => this.#evaluation.evaluate(memberId), options);
  }

  /** Stops the active rewards' change listener (PostgreSQL). Call before closing the storage. */
  close(): Promise<void> {
    return this.#cache.close();
  }

  // ---- admin ----

  createReward(adminId: number, input: RewardInput): Promise<RewardView> {
    return this.#admin.createReward(adminId, input);
  }

  /** Changes any fields; `conditions`, when given, replace all of them. */
  updateReward(adminId: number, rewardId: number, patch: Partial<RewardInput>): Promise<RewardView> {
    return this.#admin.updateReward(adminId, rewardId, patch);
  }

  activate(adminId: number, rewardId: number): Promise<RewardView> {
    return this.setActive(adminId, rewardId, true);
  }

  deactivate(adminId: number, rewardId: number): Promise<RewardView> {
    return this.setActive(adminId, rewardId, false);
  }

  setActive(adminId: number, rewardId: number, active: boolean): Promise<RewardView> {
    return this.#admin.setActive(adminId, rewardId, active);
  }

  /** Removes the reward from evaluation and from every view; members' rows and grants stay. */
  deleteReward(adminId: number, rewardId: number): Promise<{ id: number; deleted: true }> {
    return this.#admin.deleteReward(adminId, rewardId);
  }

  listRewards(adminId: number): Promise<RewardView[]> {
    return this.#admin.listRewards(adminId);
  }

  /** Rewards granted most often (claims), for reports: at most `limit` (1 to 100). */
  mostGranted(limit = 5): Promise<Array<{ rewardId: number; name: string; granted: number }>> {
    return this.#admin.mostGranted(limit);
  }

  getReward(adminId: number, rewardId: number): Promise<RewardView> {
    return this.#admin.getReward(adminId, rewardId);
  }

  // ---- evaluation ----

  /**
   * Evaluates every active reward for the member and unlocks (and, for auto rewards,
   * grants) each one now eligible. Idempotent; safe to run concurrently. `purchaseAt`
   * records a purchase first (FIRST_PURCHASE of a free claim, which moves no besitos).
   */
  evaluate(memberId: number, options: { purchaseAt?: number } = {}): Promise<RewardUnlock[]> {
    return this.#evaluation.evaluate(memberId, options);
  }

  // ---- member ----

  /**
   * Claims a manual reward's pending occurrence within its window. Refusals: NOT_FOUND,
   * REWARD_LOCKED (never unlocked, with the progress), REWARD_EXPIRED (the window closed),
   * ALREADY_CLAIMED (the last occurrence was claimed). Evaluates first.
   */
  claim(input: ClaimInput): Promise<RewardGrant> {
    return this.#claims.claim(input);
  }

  /** Sends the content of the member's latest granted occurrence of a CONTENT reward again. */
  redeliver(input: { memberId: number; rewardId: number }): Promise<RewardRedeliverResult> {
    return this.#claims.redeliver(input);
  }

  /** The member's rewards with their state and progress (evaluates first). */
  rewards(memberId: number): Promise<MemberRewardItem[]> {
    return this.#member.list(memberId);
  }
}
