/**
 * Rewards (SPEC §6): admins define rewards with conditions in groups; the engine evaluates
 * them for a member after every event that can change a condition, unlocks and grants.
 *
 * - An unlock is one row of `member_rewards` per (member, reward, occurrence): the unique
 *   key decides, so concurrent evaluations (several events, several processes) unlock once.
 * - An auto reward is granted in the same transaction as its unlock: BESITOS as an
 *   EARN_REWARD movement with the key `reward:<id>:<occurrence>` (capped at
 *   `rewards.besitos_cap`), VIP_DAYS through the membership extension (capped at
 *   `rewards.vip_days_cap`), BADGE and CONTENT stored. The value granted and whether the
 *   cap lowered it are recorded on the row.
 * - A manual reward waits UNLOCKED until claimed within its window (the reward's own, or
 *   `rewards.manual_claim_window_hours`); the claim is a guarded UPDATE of that row.
 * - A repeatable reward unlocks again once the last occurrence was claimed (or expired)
 *   and its cooldown has run from then, while the occurrences stay below the maximum
 *   (an expired manual occurrence counts as one).
 * - Events (`reward.unlocked`, `reward.granted`, and the movement / role events of the
 *   grant) go out after the commit.
 * - A CONTENT grant's set is delivered after those events (never inside the transaction),
 *   through the shop's Deliverer port and its retries. A failure is logged by the shop and
 *   leaves the grant as it is (nothing was paid); `redeliver` sends it again.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MemberRewardRow, RewardClaimMode, RewardRow } from '../../storage/rewards-tables.js';
import { isUniqueViolation, writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { dayNumber } from '../economy-day.js';
import { EconomyError } from '../errors.js';
import type { EventBus } from '../events.js';
import { applyMovementIn, IdempotentReplay, type AppliedMovement, type Movement } from '../ledger/ledger-repository.js';
import { emitMovement } from '../ledger/movement-events.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { ensureMember } from '../members/members-repository.js';
import type { RoleChange } from '../membership/membership-repository.js';
import type { EconomySettings } from '../settings/settings-schema.js';
import { conditionProgress, groupsHold, type MemberFacts, type RewardCondition } from './reward-conditions.js';
import { checkRewardId, checkRewardInput, inputOf, mergeUpdate, rewardNotFound, type RewardInput } from './reward-input.js';
import {
  claimPending,
  HOUR_MS,
  insertOccurrence,
  readMostGranted,
  nextOccurrence,
  readFacts,
  readLatestContentGrant,
  readOccurrences,
  readVipExpiry,
  recordGrant,
  recordPurchase,
} from './member-rewards-repository.js';
import { insertReward, loadRewards, markRewardDeleted, readRewardName, setRewardActive, updateReward, type StoredReward } from './rewards-repository.js';
import type { EngineContext } from '../engine-context.js';
import { VipGrants } from '../membership/vip-grants.js';
import {
  badgeOf,
  EVALUATED_AFTER,
  type ContentDelivery,
  type MemberRewardItem,
  type MemberRewardState,
  type RewardGrant,
  type RewardRedeliverResult,
  type RewardUnlock,
  type RewardView,
} from './reward-types.js';

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

interface Committed {
  movement?: { m: Movement; applied: AppliedMovement };
  roleChange?: RoleChange | null;
}

export class RewardsService {
  readonly #ctx: EngineContext;
  readonly #vip: VipGrants;
  readonly #content: ContentDelivery | undefined;

  constructor(ctx: EngineContext, deps: RewardsDeps = {}) {
    this.#ctx = ctx;
    this.#vip = new VipGrants(ctx);
    this.#content = deps.content;
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

  // ---- admin ----

  async createReward(adminId: number, input: RewardInput): Promise<RewardView> {
    await this.#ctx.admins.require(adminId);
    const definition = checkRewardInput(input);
    const at = this.#ctx.clock.now();
    const id = await writeTransaction(this.#ctx.storage, (trx) => insertReward(trx, definition, at));
    return this.#viewOf(id);
  }

  /** Changes any fields; `conditions`, when given, replace all of them. */
  async updateReward(adminId: number, rewardId: number, patch: Partial<RewardInput>): Promise<RewardView> {
    await this.#ctx.admins.require(adminId);
    const id = checkRewardId(rewardId);
    if (typeof patch !== 'object' || patch === null) throw new EconomyError('INVALID_INPUT', 'nothing to change', { field: 'reward' });
    const at = this.#ctx.clock.now();
    await writeTransaction(this.#ctx.storage, async (trx) => {
      const stored = (await loadRewards(trx, { ids: [id] }))[0];
      if (!stored) throw rewardNotFound(id);
      const definition = checkRewardInput(mergeUpdate(inputOf(stored.row, stored.conditions), patch));
      if (!(await updateReward(trx, id, definition, at))) throw rewardNotFound(id);
    });
    return this.#viewOf(id);
  }

  activate(adminId: number, rewardId: number): Promise<RewardView> {
    return this.setActive(adminId, rewardId, true);
  }

  deactivate(adminId: number, rewardId: number): Promise<RewardView> {
    return this.setActive(adminId, rewardId, false);
  }

  async setActive(adminId: number, rewardId: number, active: boolean): Promise<RewardView> {
    await this.#ctx.admins.require(adminId);
    const id = checkRewardId(rewardId);
    if (typeof active !== 'boolean') throw new EconomyError('INVALID_INPUT', 'active: must be true or false', { field: 'active' });
    const at = this.#ctx.clock.now();
    if (!(await writeTransaction(this.#ctx.storage, (trx) => setRewardActive(trx, id, active, at)))) throw rewardNotFound(id);
    return this.#viewOf(id);
  }

  /** Removes the reward from evaluation and from every view; members' rows and grants stay. */
  async deleteReward(adminId: number, rewardId: number): Promise<{ id: number; deleted: true }> {
    await this.#ctx.admins.require(adminId);
    const id = checkRewardId(rewardId);
    const at = this.#ctx.clock.now();
    if (!(await writeTransaction(this.#ctx.storage, (trx) => markRewardDeleted(trx, id, at)))) throw rewardNotFound(id);
    return { id, deleted: true };
  }

  async listRewards(adminId: number): Promise<RewardView[]> {
    await this.#ctx.admins.require(adminId);
    return (await loadRewards(this.#ctx.storage.db)).map(toView);
  }

  /** Rewards granted most often (claims), for reports: at most `limit` (1 to 100). */
  async mostGranted(limit = 5): Promise<Array<{ rewardId: number; name: string; granted: number }>> {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) {
      throw new EconomyError('INVALID_INPUT', 'limit must be an integer from 1 to 100', { field: 'limit' });
    }
    return readMostGranted(this.#ctx.storage.db, limit);
  }

  async getReward(adminId: number, rewardId: number): Promise<RewardView> {
    await this.#ctx.admins.require(adminId);
    return this.#viewOf(checkRewardId(rewardId));
  }

  // ---- evaluation ----

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

  async #evaluateOnce(memberId: number): Promise<RewardUnlock[]> {
    const rewards = await loadRewards(this.#ctx.storage.db, { activeOnly: true });
    if (rewards.length === 0) return [];
    const settings = await this.#ctx.settings.all();
    const now = this.#ctx.clock.now();
    // A first look without a transaction: most events unlock nothing.
    const facts = await this.#facts(this.#ctx.storage.db, memberId, now, settings);
    if (!facts) return [];
    const occurrences = await readOccurrences(this.#ctx.storage.db, memberId);
    const out: RewardUnlock[] = [];
    for (const reward of rewards) {
      if (!candidate(reward, facts, occurrences.get(reward.row.id) ?? [], now)) continue;
      const unlock = await this.#unlock(memberId, reward, settings);
      if (unlock) out.push(unlock);
    }
    return out;
  }

  /** One reward's unlock (and auto grant) in one transaction, checked again inside it. */
  async #unlock(memberId: number, reward: StoredReward, settings: EconomySettings): Promise<RewardUnlock | null> {
    const at = this.#ctx.clock.now();
    const { row } = reward;
    const committed: Committed = {};
    let result: { unlocked: MemberRewardRow; grant: RewardGrant | null } | null;
    try {
      result = await writeTransaction(this.#ctx.storage, async (trx) => {
        const facts = await this.#facts(trx, memberId, at, settings);
        const occurrences = (await readOccurrences(trx, memberId, row.id)).get(row.id) ?? [];
        if (!facts || !candidate(reward, facts, occurrences, at)) return null;
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
        const grant = manual ? null : await this.#grantIn(trx, memberId, row, unlocked, settings, at, committed);
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
      await this.#announceGrant(grant, committed, 'auto');
      await this.#deliverContent(grant, unlocked.id);
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

  /** Grants an occurrence inside the caller's transaction and records what was granted. */
  async #grantIn(
    trx: Executor,
    memberId: number,
    row: RewardRow,
    occurrence: MemberRewardRow,
    settings: EconomySettings,
    at: number,
    committed: Committed,
  ): Promise<RewardGrant> {
    let value: number | null = row.value;
    let capped = false;
    let transactionId: number | null = null;
    let balance: number | null = null;
    let vipExpiresAt: Date | null = null;
    if (row.kind === 'BESITOS' || row.kind === 'VIP_DAYS') {
      const cap = row.kind === 'BESITOS' ? settings['rewards.besitos_cap'] : settings['rewards.vip_days_cap'];
      const asked = row.value ?? 0;
      value = Math.min(asked, cap);
      capped = asked > cap;
    }
    if (row.kind === 'BESITOS') {
      const m: Movement = {
        memberId,
        amount: value!,
        earned: value!,
        spent: 0,
        type: 'EARN_REWARD',
        reason: row.name,
        metadata: JSON.stringify({ rewardId: row.id, occurrence: occurrence.occurrence, ...(capped ? { capped: true, asked: row.value } : {}) }),
        idempotencyKey: `reward:${row.id}:${occurrence.occurrence}`,
        createIfMissing: true,
        at,
      };
      const applied = await applyMovementIn(trx, this.#ctx.storage.dialect, m, this.#ctx.formula);
      committed.movement = { m, applied };
      transactionId = applied.transactionId;
      balance = applied.balance;
    } else if (row.kind === 'VIP_DAYS') {
      const result = await this.#vip.grantVipIn(trx, { memberId, days: value!, by: `reward:${row.id}`, reason: row.name });
      committed.roleChange = result.change;
      vipExpiresAt = await readVipExpiry(trx, memberId);
    }
    await recordGrant(trx, occurrence.id, { value, capped, transactionId });
    return {
      memberId,
      rewardId: row.id,
      name: row.name,
      kind: row.kind,
      occurrence: occurrence.occurrence,
      value,
      capped,
      badge: badgeOf(row),
      transactionId,
      balance,
      vipExpiresAt,
      delivered: row.kind === 'CONTENT' ? false : null,
      at: new Date(at),
    };
  }

  /** After the commit and the grant's events: sends a CONTENT grant's set, records the outcome on the grant. */
  async #deliverContent(grant: RewardGrant, memberRewardId: number): Promise<void> {
    if (grant.kind !== 'CONTENT' || grant.value === null || !this.#content) return;
    grant.delivered = await this.#content.deliverReward(grant.memberId, grant.value, {
      rewardId: grant.rewardId,
      memberRewardId,
      occurrence: grant.occurrence,
      name: grant.name,
    });
  }

  /** reward.granted first, then what the grant moved (listeners may evaluate again in between). */
  async #announceGrant(grant: RewardGrant, committed: Committed, claimMode: RewardClaimMode): Promise<void> {
    await this.#ctx.events?.emit('reward.granted', {
      memberId: grant.memberId,
      rewardId: grant.rewardId,
      name: grant.name,
      kind: grant.kind,
      value: grant.value,
      capped: grant.capped,
      badge: grant.badge,
      claimMode,
      at: grant.at.getTime(),
    });
    if (committed.movement) await emitMovement(this.#ctx.events, committed.movement.m, committed.movement.applied);
    if (committed.roleChange) await this.#vip.announce([committed.roleChange]);
  }

  // ---- member ----

  /**
   * Claims a manual reward's pending occurrence within its window. Refusals: NOT_FOUND,
   * REWARD_LOCKED (never unlocked, with the progress), REWARD_EXPIRED (the window closed),
   * ALREADY_CLAIMED (the last occurrence was claimed; auto rewards are granted on unlock).
   * Rewards are evaluated first, so a reward the member already qualifies for unlocks now.
   */
  async claim(input: { memberId: number; rewardId: number }): Promise<RewardGrant> {
    const memberId = checkMemberId(input?.memberId);
    const rewardId = checkRewardId(input.rewardId);
    const stored = (await loadRewards(this.#ctx.storage.db, { ids: [rewardId] }))[0];
    if (!stored) throw rewardNotFound(rewardId);
    const justUnlocked = (await this.evaluate(memberId)).find((u) => u.rewardId === rewardId);
    if (justUnlocked?.grant) return justUnlocked.grant;
    const settings = await this.#ctx.settings.all();
    const at = this.#ctx.clock.now();
    const committed: Committed = {};
    let grant: RewardGrant;
    let memberRewardId = 0;
    try {
      grant = await writeTransaction(this.#ctx.storage, async (trx) => {
        const pending = await claimPending(trx, memberId, rewardId, at);
        if (!pending) throw await this.#whyNotClaimable(trx, stored, memberId, at, settings);
        memberRewardId = pending.id;
        return this.#grantIn(trx, memberId, stored.row, pending, settings, at, committed);
      });
    } catch (err) {
      if (err instanceof IdempotentReplay || isUniqueViolation(err, 'transactions_idempotency_idx')) {
        throw new EconomyError('ALREADY_CLAIMED', `reward ${rewardId} was already claimed`, { rewardId });
      }
      throw err;
    }
    await this.#announceGrant(grant, committed, 'manual');
    await this.#deliverContent(grant, memberRewardId);
    return grant;
  }

  /**
   * Sends the content of the member's latest granted occurrence of a CONTENT reward again
   * (the set granted then, even if the reward now names another). NOT_FOUND when the member
   * holds no granted CONTENT reward of that id.
   */
  async redeliver(input: { memberId: number; rewardId: number }): Promise<RewardRedeliverResult> {
    const memberId = checkMemberId(input?.memberId);
    const rewardId = checkRewardId(input.rewardId);
    const db = this.#ctx.storage.db;
    const granted = await readLatestContentGrant(db, memberId, rewardId);
    if (!granted) throw new EconomyError('NOT_FOUND', `member ${memberId} holds no content from reward ${rewardId}`, { rewardId });
    const name = await readRewardName(db, rewardId);
    const { contentSetId, occurrence } = granted;
    const delivered = this.#content
      ? await this.#content.deliverReward(memberId, contentSetId, { rewardId, memberRewardId: granted.id, occurrence, name: name ?? '' })
      : false;
    return { rewardId, contentSetId, occurrence, delivered };
  }

  async #whyNotClaimable(trx: Executor, reward: StoredReward, memberId: number, at: number, settings: EconomySettings): Promise<EconomyError> {
    const rewardId = reward.row.id;
    const occurrences = (await readOccurrences(trx, memberId, rewardId)).get(rewardId) ?? [];
    const last = occurrences[occurrences.length - 1];
    if (last && last.status === 'UNLOCKED') {
      return new EconomyError('REWARD_EXPIRED', `the time to claim reward ${rewardId} ended`, {
        rewardId,
        expiredAt: last.expires_at,
      });
    }
    if (last) {
      const next = nextOccurrence(reward.row, occurrences, at);
      return new EconomyError('ALREADY_CLAIMED', `reward ${rewardId} was already claimed`, {
        rewardId,
        claimedAt: last.granted_at,
        nextAvailableAt: next.availableAt,
      });
    }
    const facts = await this.#facts(trx, memberId, at, settings);
    const progress = reward.conditions.map((c) => conditionProgress(c, facts ?? NO_FACTS, false));
    return new EconomyError('REWARD_LOCKED', `reward ${rewardId} is not unlocked yet`, {
      rewardId,
      progress: progress.map((p) => ({ type: p.type, group: p.group, text: p.text, met: p.met })),
    });
  }

  /**
   * The member's rewards and their state: locked (with progress), unlocked (manual, with
   * its expiry), claimed, expired. Secret rewards only once unlocked; inactive rewards
   * only when the member has them. Evaluates first (a reward created after the member
   * qualified unlocks here).
   */
  async rewards(memberIdInput: number): Promise<MemberRewardItem[]> {
    const memberId = checkMemberId(memberIdInput);
    await this.evaluate(memberId);
    const settings = await this.#ctx.settings.all();
    const now = this.#ctx.clock.now();
    const db = this.#ctx.storage.db;
    const rewards = await loadRewards(db);
    const facts = (await this.#facts(db, memberId, now, settings)) ?? NO_FACTS;
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
        id: row.id,
        name: row.name,
        description: row.description,
        kind: row.kind,
        value: row.value,
        badge: badgeOf(row),
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

  // ---- helpers ----

  #facts(db: Executor, memberId: number, now: number, settings: EconomySettings): Promise<MemberFacts | undefined> {
    const today = dayNumber(now, settings['economy.timezone']);
    return readFacts(db, memberId, now, today, this.#ctx.admins.isConfiguredAdmin(memberId));
  }

  async #viewOf(id: number): Promise<RewardView> {
    const stored = (await loadRewards(this.#ctx.storage.db, { ids: [id] }))[0];
    if (!stored) throw rewardNotFound(id);
    return toView(stored);
  }
}

/** The members whose evaluation is running in this async context (see `evaluate`). */
const evaluating = new AsyncLocalStorage<Map<number, { again: boolean }>>();

const NO_FACTS: MemberFacts = {
  dailyStreak: 0,
  reactionStreak: 0,
  totalEarned: 0,
  totalSpent: 0,
  level: 1,
  firstPurchase: false,
  firstDailyGift: false,
  firstReaction: false,
  role: 'FREE',
};

/** Eligible now and an occurrence is available. */
function candidate(reward: StoredReward, facts: MemberFacts, occurrences: readonly MemberRewardRow[], now: number): boolean {
  if (nextOccurrence(reward.row, occurrences, now).occurrence === null) return false;
  const claimedBefore = occurrences.some((o) => o.status === 'CLAIMED');
  return groupsHold(reward.conditions.map((c: RewardCondition) => conditionProgress(c, facts, claimedBefore)));
}

function toView({ row, conditions }: StoredReward): RewardView {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    value: row.value,
    badge: badgeOf(row),
    repeatable: row.repeatable === 1,
    cooldownHours: row.cooldown_hours,
    maxClaims: row.max_claims,
    secret: row.secret === 1,
    claimMode: row.claim_mode,
    claimWindowHours: row.claim_window_hours,
    active: row.active === 1,
    conditions: conditions.map((c) => ({ type: c.type, value: c.value, group: c.group })),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
