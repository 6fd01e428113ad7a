/**
 * Shared setup of the rewards tests: one migrated storage per describe block and dialect,
 * emptied before each test (the seeded example rewards too, unless `keepSeeds`), an economy
 * from `createEconomy` with a ManualClock and a configured admin, and the RewardsService
 * subscribed to its events (the engine's own when it is wired there already).
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createEconomy, type Economy } from '../../../src/core/engine.js';
import type { EventMap } from '../../../src/core/events.js';
import { RewardsService } from '../../../src/core/rewards/rewards-service.js';
import type { DeliveryErrorInfo } from '../../../src/core/shop/index.js';
import type { Storage } from '../../../src/storage/connect.js';
import { migratedStorage, type TestDialect, type TestLocation } from '../../helpers/dialects.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const START = Date.parse('2025-03-01T12:00:00Z');
export const ADMIN = 9_000_001;
export const FREE_CHANNEL = -100_1;

type RewardEvents = Pick<EventMap, 'reward.unlocked' | 'reward.granted'>;

export interface RewardsContext {
  storage: Storage;
  location: TestLocation;
  clock: ManualClock;
  economy: Economy;
  rewards: RewardsService;
  seen: { [E in keyof RewardEvents]: Array<RewardEvents[E]> };
  /** Every failed content delivery the economy reported (onDeliveryError). */
  deliveryErrors: Array<{ err: unknown; info: DeliveryErrorInfo }>;
  /** Another economy + rewards service over a second Storage on the same database. */
  instance(): Promise<{ economy: Economy; rewards: RewardsService }>;
}

const TABLES = [
  'member_rewards',
  'reward_member_facts',
  'reward_conditions',
  'rewards',
  'role_changes',
  'reactions',
  'posts',
  'channels',
  'daily_state',
  'reaction_state',
  'transactions',
  'profiles',
  'members',
  'settings_audit',
  'settings',
] as const;

function rewardsFor(economy: Economy): { rewards: RewardsService; wired: boolean } {
  const wired = (economy as Economy & { rewards?: RewardsService }).rewards;
  if (wired) return { rewards: wired, wired: true };
  const rewards = new RewardsService({
    storage: economy.storage,
    clock: economy.clock,
    settings: economy.settings,
    events: economy.events,
    admins: economy.admins,
    membership: economy.membership,
  });
  return { rewards, wired: false };
}

export function useRewards(dialect: TestDialect, options: { keepSeeds?: boolean } = {}): RewardsContext {
  const ctx = {} as RewardsContext;
  let cleanup: () => Promise<void> = async () => {};
  let closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const migrated = await migratedStorage(dialect);
    cleanup = migrated.cleanup;
    ctx.storage = migrated.storage;
    ctx.location = migrated.location;
  });

  beforeEach(async () => {
    for (const table of TABLES) {
      if (options.keepSeeds && (table === 'rewards' || table === 'reward_conditions')) continue;
      await ctx.storage.db.deleteFrom(table).execute();
    }
    closers = [];
    ctx.clock = new ManualClock(START);
    ctx.deliveryErrors = [];
    const build = (storage: Storage) => {
      const economy = createEconomy({
        storage,
        clock: ctx.clock,
        adminIds: [ADMIN],
        onListenerError: (err) => {
          throw err;
        },
        onDeliveryError: (err, info) => void ctx.deliveryErrors.push({ err, info }),
      });
      const { rewards, wired } = rewardsFor(economy);
      if (!wired) rewards.listen();
      closers.push(() => economy.close());
      return { economy, rewards };
    };
    ({ economy: ctx.economy, rewards: ctx.rewards } = build(ctx.storage));
    ctx.seen = { 'reward.unlocked': [], 'reward.granted': [] };
    ctx.economy.events.on('reward.unlocked', (e) => void ctx.seen['reward.unlocked'].push(e));
    ctx.economy.events.on('reward.granted', (e) => void ctx.seen['reward.granted'].push(e));
    ctx.instance = async () => {
      const storage = await ctx.location.open();
      closers.push(() => storage.close());
      return build(storage);
    };
  });

  afterEach(async () => {
    // Economies (their settings listeners) before their storages.
    for (const close of closers.reverse()) await close();
  });

  afterAll(async () => {
    await cleanup();
  });
  return ctx;
}

/** The member_rewards rows of a member, as plain numbers. */
export async function memberRewardRows(storage: Storage, memberId: number) {
  const rows = await storage.db
    .selectFrom('member_rewards')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('reward_id')
    .orderBy('occurrence')
    .execute();
  return rows.map((r) => ({
    reward: Number(r.reward_id),
    occurrence: r.occurrence,
    status: r.status,
    unlockedAt: Number(r.unlocked_at),
    expiresAt: r.expires_at === null ? null : Number(r.expires_at),
    grantedAt: r.granted_at === null ? null : Number(r.granted_at),
    value: r.granted_value === null ? null : Number(r.granted_value),
    capped: r.capped === 1,
    transaction: r.transaction_id === null ? null : Number(r.transaction_id),
  }));
}

/** EARN_REWARD movements of a member: [amount, key]. */
export async function rewardMovements(storage: Storage, memberId: number) {
  const rows = await storage.db
    .selectFrom('transactions')
    .select(['amount', 'idempotency_key', 'metadata'])
    .where('member_id', '=', memberId)
    .where('type', '=', 'EARN_REWARD')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ amount: Number(r.amount), key: r.idempotency_key, metadata: JSON.parse(r.metadata) as unknown }));
}
