/**
 * The admins' side of rewards (SPEC §6): define, change, switch on and off, delete and
 * list rewards, and which were granted most. Every admin method checks the admin first;
 * nothing here touches what members unlocked or were granted.
 */
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import type { ActiveRewardsCache } from './active-rewards-cache.js';
import { readMostGranted } from './member-rewards-repository.js';
import { checkRewardId, checkRewardInput, inputOf, mergeUpdate, rewardNotFound, type RewardInput } from './reward-input.js';
import { rewardSummary, type RewardView } from './reward-types.js';
import { insertReward, loadRewards, markRewardDeleted, setRewardActive, updateReward, type StoredReward } from './rewards-repository.js';

export class RewardAdmin {
  readonly #ctx: EngineContext;
  readonly #cache: ActiveRewardsCache;

  constructor(ctx: EngineContext, cache: ActiveRewardsCache) {
    this.#ctx = ctx;
    this.#cache = cache;
  }

  /** A reward write: tells the other processes' caches at commit, drops this one's after. */
  async #write<T>(fn: (trx: Executor) => Promise<T>): Promise<T> {
    try {
      return await writeTransaction(this.#ctx.storage, async (trx) => {
        const out = await fn(trx);
        await this.#cache.notify(trx);
        return out;
      });
    } finally {
      this.#cache.changed();
    }
  }

  async createReward(adminId: number, input: RewardInput): Promise<RewardView> {
    await this.#ctx.admins.require(adminId);
    const definition = checkRewardInput(input);
    const at = this.#ctx.clock.now();
    const id = await this.#write((trx) => insertReward(trx, definition, at));
    return this.#viewOf(id);
  }

  /** Changes any fields; `conditions`, when given, replace all of them. */
  async updateReward(adminId: number, rewardId: number, patch: Partial<RewardInput>): Promise<RewardView> {
    await this.#ctx.admins.require(adminId);
    const id = checkRewardId(rewardId);
    if (typeof patch !== 'object' || patch === null) throw new EconomyError('INVALID_INPUT', 'nothing to change', { field: 'reward' });
    const at = this.#ctx.clock.now();
    await this.#write(async (trx) => {
      const stored = (await loadRewards(trx, { ids: [id] }))[0];
      if (!stored) throw rewardNotFound(id);
      const definition = checkRewardInput(mergeUpdate(inputOf(stored.row, stored.conditions), patch));
      if (!(await updateReward(trx, id, definition, at))) throw rewardNotFound(id);
    });
    return this.#viewOf(id);
  }

  async setActive(adminId: number, rewardId: number, active: boolean): Promise<RewardView> {
    await this.#ctx.admins.require(adminId);
    const id = checkRewardId(rewardId);
    if (typeof active !== 'boolean') throw new EconomyError('INVALID_INPUT', 'active: must be true or false', { field: 'active' });
    const at = this.#ctx.clock.now();
    if (!(await this.#write((trx) => setRewardActive(trx, id, active, at)))) throw rewardNotFound(id);
    return this.#viewOf(id);
  }

  /** Removes the reward from evaluation and from every view; members' rows and grants stay. */
  async deleteReward(adminId: number, rewardId: number): Promise<{ id: number; deleted: true }> {
    await this.#ctx.admins.require(adminId);
    const id = checkRewardId(rewardId);
    const at = this.#ctx.clock.now();
    if (!(await this.#write((trx) => markRewardDeleted(trx, id, at)))) throw rewardNotFound(id);
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

  async #viewOf(id: number): Promise<RewardView> {
    const stored = (await loadRewards(this.#ctx.storage.db, { ids: [id] }))[0];
    if (!stored) throw rewardNotFound(id);
    return toView(stored);
  }
}

function toView({ row, conditions }: StoredReward): RewardView {
  return {
    ...rewardSummary(row),
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
