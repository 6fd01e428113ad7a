/**
 * The rewards tests: the engine fixture (configured admin ADMIN, the seeded example rewards
 * emptied unless `keepSeeds`) recording the reward events, and every failed content delivery
 * the economy reported.
 */
import { beforeEach } from 'vitest';
import type { DeliveryErrorInfo } from '../../../src/core/shop/index.js';
import type { Storage } from '../../../src/storage/connect.js';
import type { TestDialect } from '../../helpers/dialects.js';
import { useEngine, type EngineFixture } from '../../helpers/engine-fixture.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const START = Date.parse('2025-03-01T12:00:00Z');
export const ADMIN = 9_000_001;
export const FREE_CHANNEL = -100_1;

export interface RewardsContext extends EngineFixture {
  /** Every failed content delivery the economy reported (onDeliveryError). */
  readonly deliveryErrors: Array<{ err: unknown; info: DeliveryErrorInfo }>;
}

export function useRewards(dialect: TestDialect, options: { keepSeeds?: boolean } = {}): RewardsContext {
  const deliveryErrors: RewardsContext['deliveryErrors'] = [];
  const fx = useEngine(dialect, {
    start: START,
    adminIds: [ADMIN],
    keepSeeds: options.keepSeeds === true,
    record: ['reward.unlocked', 'reward.granted'],
    economy: { onDeliveryError: (err, info) => void deliveryErrors.push({ err, info }) },
  });
  beforeEach(() => {
    deliveryErrors.length = 0;
  });
  return Object.assign(fx, { deliveryErrors });
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
