/**
 * Shared setup of the reaction tests: one migrated database per describe block, emptied
 * before each test; a ManualClock, a settings store, an event bus that records what it
 * was sent, and the service, with one FREE, one VIP and one OTHER channel configured.
 * Helpers read the tables directly, so a test can assert that a refusal changed nothing.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { EventBus, type EventMap } from '../../../src/core/events.js';
import { configuredAdmins } from '../../../src/core/members/admins.js';
import { ReactionsService } from '../../../src/core/reactions/index.js';
import { SettingsStore } from '../../../src/core/settings/settings.js';
import type { Storage } from '../../../src/storage/connect.js';
import type { Role } from '../../../src/storage/database.js';
import { migratedStorage, type TestDialect } from '../../helpers/dialects.js';
import { countRows, emptyAllTables } from '../../helpers/ledger-fixtures.js';

export const FREE_CHANNEL = -1001000000001;
export const VIP_CHANNEL = -1001000000002;
export const OTHER_CHANNEL = -1001000000003;
/** Listed in configuration as an admin (no member row). */
export const CONFIGURED_ADMIN = 9_000_001;
export const HEART = '❤️';
export const FIRE = '🔥';
export const KISS = '💋';
export const DEVIL = '😈';

export interface ReactionsContext {
  storage: Storage;
  clock: ManualClock;
  settings: SettingsStore;
  events: EventBus;
  /** Every event emitted, in order. */
  emitted: Array<{ name: keyof EventMap; event: unknown }>;
  reactions: ReactionsService;
  /** Sets a setting through the store (validated, audited), as an admin would. */
  set(key: string, value: unknown): Promise<void>;
  /** Registers posts 1…n (or the given ids) in a channel. */
  posts(channelId: number, ids: number | number[]): Promise<void>;
  /** A press; the clock moves to `at` first when given. */
  press(memberId: number, channelId: number, messageId: number, emoji?: string, at?: string | number): ReturnType<ReactionsService['react']>;
}

export function useReactions(dialect: TestDialect, start: number | string = '2025-03-01T12:00:00Z'): ReactionsContext {
  const ctx = {} as ReactionsContext;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const migrated = await migratedStorage(dialect);
    ctx.storage = migrated.storage;
    cleanup = migrated.cleanup;
  });
  beforeEach(async () => {
    await emptyReactionTables(ctx.storage);
    ctx.clock = new ManualClock(start);
    ctx.settings = new SettingsStore({ storage: ctx.storage, clock: ctx.clock });
    ctx.emitted = [];
    ctx.events = new EventBus((err) => {
      throw err;
    });
    for (const name of ['movement.applied', 'level.changed', 'reaction.accepted'] as const) {
      ctx.events.on(name, (event) => {
        ctx.emitted.push({ name, event });
      });
    }
    ctx.reactions = new ReactionsService({
      storage: ctx.storage,
      clock: ctx.clock,
      settings: ctx.settings,
      events: ctx.events,
      admins: configuredAdmins(ctx.storage, [CONFIGURED_ADMIN]),
    });
    ctx.set = async (key, value) => {
      await ctx.settings.set(key, value, 'test');
    };
    ctx.posts = async (channelId, ids) => {
      const list = typeof ids === 'number' ? Array.from({ length: ids }, (_, i) => i + 1) : ids;
      for (const id of list) await ctx.reactions.registerPost(channelId, id);
    };
    ctx.press = (memberId, channelId, messageId, emoji = HEART, at) => {
      if (at !== undefined && !ctx.clock.set(at)) throw new Error(`the test clock cannot go back to ${String(at)}`);
      return ctx.reactions.react({ memberId, channelId, messageId, emoji });
    };
    await ctx.reactions.configureChannels([
      { id: FREE_CHANNEL, kind: 'FREE', title: 'Free' },
      { id: VIP_CHANNEL, kind: 'VIP', title: 'VIP' },
      { id: OTHER_CHANNEL, kind: 'OTHER', title: 'Chat' },
    ]);
  });
  afterEach(async () => {
    await ctx.settings.close();
  });
  afterAll(async () => {
    await cleanup();
  });
  return ctx;
}

export async function emptyReactionTables(storage: Storage): Promise<void> {
  for (const table of ['reactions', 'reaction_state', 'posts', 'channels'] as const) {
    await storage.db.deleteFrom(table).execute();
  }
  await emptyAllTables(storage);
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
