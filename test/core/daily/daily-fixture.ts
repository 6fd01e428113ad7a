/**
 * Shared setup of the daily-gift tests: one migrated database per describe block, emptied
 * before each test; a ManualClock, a settings store, an event bus that records what it
 * was sent, and the service. Helpers read the tables directly.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { DailyGiftService } from '../../../src/core/daily/daily-gift.js';
import { EventBus, type EventMap } from '../../../src/core/events.js';
import { configuredAdmins } from '../../../src/core/members/admins.js';
import { SettingsStore } from '../../../src/core/settings/settings.js';
import type { Storage } from '../../../src/storage/connect.js';
import { migratedStorage, type TestDialect } from '../../helpers/dialects.js';
import { countRows, emptyAllTables } from '../../helpers/ledger-fixtures.js';

export interface DailyContext {
  storage: Storage;
  clock: ManualClock;
  settings: SettingsStore;
  events: EventBus;
  /** Every event emitted, in order. */
  emitted: Array<{ name: keyof EventMap; event: unknown }>;
  daily: DailyGiftService;
  /** Sets a setting through the store (validated, audited), as an admin would. */
  set(key: string, value: unknown): Promise<void>;
}

export function useDaily(dialect: TestDialect, start: number | string): DailyContext {
  const ctx = {} as DailyContext;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const migrated = await migratedStorage(dialect);
    ctx.storage = migrated.storage;
    cleanup = migrated.cleanup;
  });
  beforeEach(async () => {
    await ctx.storage.db.deleteFrom('daily_state').execute();
    await emptyAllTables(ctx.storage);
    ctx.clock = new ManualClock(start);
    ctx.settings = new SettingsStore({ storage: ctx.storage, clock: ctx.clock });
    ctx.emitted = [];
    ctx.events = new EventBus((err) => {
      throw err;
    });
    for (const name of ['movement.applied', 'level.changed', 'daily.claimed'] as const) {
      ctx.events.on(name, (event) => {
        ctx.emitted.push({ name, event });
      });
    }
    ctx.daily = new DailyGiftService({
      storage: ctx.storage,
      clock: ctx.clock,
      settings: ctx.settings,
      events: ctx.events,
      admins: configuredAdmins(ctx.storage, []),
    });
    ctx.set = async (key, value) => {
      await ctx.settings.set(key, value, 'test');
    };
  });
  afterEach(async () => {
    await ctx.settings.close();
  });
  afterAll(async () => {
    await cleanup();
  });
  return ctx;
}

/** Writes a member's daily_state row directly (to reach long streaks without claiming each day). */
export async function setDailyState(storage: Storage, memberId: number, state: { lastDay: number; streak: number; longest: number }, at = 0): Promise<void> {
  await storage.db
    .insertInto('members')
    .values({ id: memberId, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  await storage.db
    .insertInto('daily_state')
    .values({ member_id: memberId, last_day: state.lastDay, streak: state.streak, longest: state.longest, claims: state.streak, last_claimed_at: at })
    .onConflict((oc) =>
      oc.column('member_id').doUpdateSet({ last_day: state.lastDay, streak: state.streak, longest: state.longest }),
    )
    .execute();
}

export async function dailyRow(storage: Storage, memberId: number) {
  return storage.db.selectFrom('daily_state').selectAll().where('member_id', '=', memberId).executeTakeFirst();
}

/** The member's movements, oldest first, as (type, amount, key). */
export async function movements(storage: Storage, memberId: number) {
  return storage.db
    .selectFrom('transactions')
    .select(['id', 'type', 'amount', 'idempotency_key', 'balance_after', 'created_at', 'metadata'])
    .where('member_id', '=', memberId)
    .orderBy('id')
    .execute();
}

export async function balanceOf(storage: Storage, memberId: number): Promise<number | undefined> {
  const row = await storage.db.selectFrom('profiles').select('balance').where('member_id', '=', memberId).executeTakeFirst();
  return row?.balance;
}

/** Row counts of every table a claim writes, and the daily_state and profile rows of `memberId`. */
export async function snapshotOf(storage: Storage, memberId: number) {
  return {
    members: await countRows(storage, 'members'),
    profiles: await countRows(storage, 'profiles'),
    transactions: await countRows(storage, 'transactions'),
    daily_state: await countRows(storage, 'daily_state'),
    state: await dailyRow(storage, memberId),
    profile: await storage.db.selectFrom('profiles').selectAll().where('member_id', '=', memberId).executeTakeFirst(),
  };
}
