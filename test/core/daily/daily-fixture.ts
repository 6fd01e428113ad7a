/**
 * The daily-gift tests: the engine fixture recording the events the gift emits (in order),
 * and helpers that read the tables directly.
 */
import type { Storage } from '../../../src/storage/connect.js';
import type { TestDialect } from '../../helpers/dialects.js';
import { useEngine, type EngineFixture } from '../../helpers/engine-fixture.js';
import { countRows } from '../../helpers/ledger-fixtures.js';

/** The engine fixture, recording movement.applied, level.changed and daily.claimed. */
export type DailyContext = EngineFixture;

export function useDaily(dialect: TestDialect, start: number | string): DailyContext {
  return useEngine(dialect, { start, record: ['movement.applied', 'level.changed', 'daily.claimed'] });
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
