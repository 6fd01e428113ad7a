/**
 * The reaction tests: the engine fixture recording the events a press emits (in order), with one FREE, one VIP and one OTHER channel configured.
 * Helpers read the tables directly, so a test can assert that a refusal changed nothing.
 */
import { beforeEach } from 'vitest';
import type { ReactionsService } from '../../../src/core/reactions/index.js';
import { pressMovement, type PressFacts } from '../../../src/core/reactions/reactions-repository.js';
import type { Movement } from '../../../src/core/ledger/ledger-repository.js';
import type { Storage } from '../../../src/storage/connect.js';
import type { Role } from '../../../src/storage/database.js';
import type { TestDialect } from '../../helpers/dialects.js';
import { useEngine, type EngineFixture } from '../../helpers/engine-fixture.js';
import { countRows } from '../../helpers/ledger-fixtures.js';

export const FREE_CHANNEL = -1001000000001;
export const VIP_CHANNEL = -1001000000002;
export const OTHER_CHANNEL = -1001000000003;
/** Listed in configuration as an admin (no member row). */
export const CONFIGURED_ADMIN = 9_000_001;
export const HEART = '❤️';
export const FIRE = '🔥';
export const KISS = '💋';
export const DEVIL = '😈';

export interface ReactionsContext extends EngineFixture {
  /** Registers posts 1…n (or the given ids) in a channel. */
  posts(channelId: number, ids: number | number[]): Promise<void>;
  /** A press; the clock moves to `at` first when given. */
  press(memberId: number, channelId: number, messageId: number, emoji?: string, at?: string | number): ReturnType<ReactionsService['react']>;
}

export function useReactions(dialect: TestDialect, start: number | string = '2025-03-01T12:00:00Z'): ReactionsContext {
  const fx = useEngine(dialect, { start, adminIds: [CONFIGURED_ADMIN], record: ['movement.applied', 'level.changed', 'reaction.accepted'] });
  const ctx: ReactionsContext = Object.assign(fx, {
    posts: async (channelId: number, ids: number | number[]) => {
      const list = typeof ids === 'number' ? Array.from({ length: ids }, (_, i) => i + 1) : ids;
      for (const id of list) await fx.reactions.registerPost(channelId, id);
    },
    press: (memberId: number, channelId: number, messageId: number, emoji = HEART, at?: string | number) => {
      if (at !== undefined && !fx.clock.set(at)) throw new Error(`the test clock cannot go back to ${String(at)}`);
      return fx.reactions.react({ memberId, channelId, messageId, emoji });
    },
  });
  beforeEach(async () => {
    await fx.reactions.configureChannels([
      { id: FREE_CHANNEL, kind: 'FREE', title: 'Free' },
      { id: VIP_CHANNEL, kind: 'VIP', title: 'VIP' },
      { id: OTHER_CHANNEL, kind: 'OTHER', title: 'Chat' },
    ]);
  });
  return ctx;
}

/** A member row written directly: a stored role and VIP expiry. */
export async function insertMember(storage: Storage, id: number, role: Role, vipExpiresAt: number | null = null): Promise<void> {
  await storage.db.insertInto('members').values({ id, role, vip_expires_at: vipExpiresAt, created_at: 0, updated_at: 0 }).execute();
}

export async function balanceOf(storage: Storage, memberId: number): Promise<number | undefined> {
  const row = await storage.db.selectFrom('profiles').select('balance').where('member_id', '=', memberId).executeTakeFirst();
  return row?.balance;
}

export async function stateRow(storage: Storage, memberId: number) {
  return storage.db.selectFrom('reaction_state').selectAll().where('member_id', '=', memberId).executeTakeFirst();
}

/** Row counts of every table a press writes, and the member's state and profile rows. */
export async function snapshotOf(storage: Storage, memberId: number) {
  return {
    members: await countRows(storage, 'members'),
    profiles: await countRows(storage, 'profiles'),
    transactions: await countRows(storage, 'transactions'),
    reactions: await countRows(storage, 'reactions'),
    reaction_state: await countRows(storage, 'reaction_state'),
    state: await stateRow(storage, memberId),
    profile: await storage.db.selectFrom('profiles').selectAll().where('member_id', '=', memberId).executeTakeFirst(),
  };
}

/** A press of HEART on 2025-03-01 (economy day 20148) under the fast paths' tests' settings, and the movement it pays. */
export function pressAt(memberId: number, channelId: number, messageId: number, now: number, amount = 5): { p: PressFacts; m: Movement } {
  const p: PressFacts = { memberId, channelId, messageId, emoji: HEART, now, today: 20148, cooldownMs: 30_000, limit: 20, configuredAdmin: false };
  return { p, m: pressMovement(p, amount) };
}
