/**
 * The metrics' distributions (core/stats/distributions.ts) as stored, and as recomputed
 * from `member_totals` with plain code: the buckets hold exactly the members' totals, and
 * `top_balances` exactly the members within its boundary.
 */
import { expect } from 'vitest';
import { readTopBoundary } from '../../src/core/stats/distributions.js';
import type { Storage } from '../../src/storage/connect.js';

const tally = (values: number[]) => {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a - b);
};

export async function expectDistributionsOfTotals(storage: Storage): Promise<void> {
  const db = storage.db;
  const totals = (await db.selectFrom('member_totals').select(['member_id', 'balance', 'earned', 'last_at']).execute()).map((r) => ({
    member: Number(r.member_id),
    balance: Number(r.balance),
    earned: Number(r.earned),
    lastAt: Number(r.last_at),
  }));
  const stored = async (table: 'balance_counts' | 'earned_counts' | 'active_minutes', key: 'balance' | 'earned' | 'minute') =>
    (await db.selectFrom(table).selectAll().execute()).map((r) => [Number((r as Record<string, unknown>)[key]), Number(r.members)]).sort(([a], [b]) => a! - b!);
  expect(await stored('balance_counts', 'balance')).toEqual(tally(totals.map((t) => t.balance)));
  expect(await stored('earned_counts', 'earned')).toEqual(tally(totals.map((t) => t.earned)));
  expect(await stored('active_minutes', 'minute')).toEqual(tally(totals.map((t) => Math.floor(t.lastAt / 60_000))));
  const boundary = await readTopBoundary(db);
  const within = boundary
    ? totals.filter((t) => 'all' in boundary || t.balance > boundary.balance || (t.balance === boundary.balance && t.member <= boundary.member))
    : [];
  const top = (await db.selectFrom('top_balances').selectAll().execute()).map((r) => [Number(r.member_id), Number(r.balance)]).sort(([a], [b]) => a! - b!);
  expect(top).toEqual(within.map((t) => [t.member, t.balance]).sort(([a], [b]) => a! - b!));
}
