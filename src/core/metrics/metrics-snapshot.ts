/**
 * The figures of SPEC §8 computed at each refresh from the rollups (never from the ledger's
 * tables, never on an admin's read): lifetime totals from `economy_day_totals`, the rest from
 * the distributions the rollups keep (core/stats/distributions.ts): balances per value (mean,
 * median, Gini), lifetime earnings per value (the level distribution under the formula in
 * force), members per minute of their last movement (active counts), the top holders'
 * table. Each is a small table (a few thousand rows at 1M members), so the whole snapshot is
 * a handful of short reads in one REPEATABLE READ snapshot. Stored as JSON in `stats_state`
 * ('metrics'); `economy.metrics()` reads it.
 */
import { sql } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import { snapshot, type Executor } from '../../storage/write-transaction.js';
import { isEarn, isSpend, isTransactionType } from '../ledger/transaction-types.js';
import type { FormulaSource } from '../levels/formula-source.js';
import { MINUTE_MS } from '../stats/distributions.js';
import { ACTIVE_WINDOWS, TOP_HOLDERS, type EconomyMetrics, type LevelCount } from './metrics-types.js';

const DAY_MS = 86_400_000;

/** What a refresh stores: the figures of EconomyMetrics but the movements per day (read per call). */
export type MetricsSnapshot = Omit<EconomyMetrics, 'at' | 'asOf' | 'movements'> & { asOf: number };

/** Every figure as of the rollups' watermark, the active counts as of `asOf`; levels under `formula` (the engine's). */
export function computeMetricsSnapshot(storage: Storage, formula: FormulaSource, asOf: number, timezone: string): Promise<MetricsSnapshot> {
  return snapshot(storage, (db) => computeIn(db, formula, asOf, timezone));
}

const count = async (db: Executor, table: 'members') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** Lifetime sums per type from the day totals (days × types rows). */
async function lifetime(db: Executor) {
  const byType = await db
    .selectFrom('economy_day_totals')
    .select((eb) => ['type', eb.fn.sum<number>('movements').as('n'), eb.fn.sum<number>('amount').as('total')])
    .groupBy('type')
    .execute();
  let circulation = 0;
  let earned = 0;
  let spends = 0;
  let refunds = 0;
  let transactions = 0;
  for (const r of byType) {
    const total = Number(r.total);
    circulation += total;
    transactions += Number(r.n);
    if (!isTransactionType(r.type)) continue;
    if (isEarn(r.type)) earned += total;
    else if (isSpend(r.type)) spends -= total;
    else refunds += total;
  }
  return { circulation, totalEarned: earned, totalSpent: spends - refunds, transactions };
}

/**
 * Members whose last movement falls in each window, counted by whole minutes: a window of
 * d days starts at the beginning of the minute d × 24 h before `asOf`.
 */
async function activeCounts(db: Executor, asOf: number): Promise<number[]> {
  const windows = ACTIVE_WINDOWS.map((days, i) => sql<number>`sum(case when minute >= ${Math.floor((asOf - days * DAY_MS) / MINUTE_MS)} then members else 0 end)`.as(`a${i}`));
  const from = Math.floor((asOf - Math.max(...ACTIVE_WINDOWS) * DAY_MS) / MINUTE_MS);
  const row = (await db.selectFrom('active_minutes').select(windows).where('minute', '>=', from).executeTakeFirst()) as Record<string, unknown> | undefined;
  return ACTIVE_WINDOWS.map((_, i) => Number(row?.[`a${i}`] ?? 0));
}

/** Members per level under the formula in force, from the members per lifetime earnings. */
async function levelCounts(db: Executor, source: FormulaSource): Promise<LevelCount[]> {
  const formula = await source(db);
  const rows = await db.selectFrom('earned_counts').select(['earned', 'members']).execute();
  const levels = new Map<number, number>();
  for (const r of rows) {
    const level = formula.level(Number(r.earned));
    levels.set(level, (levels.get(level) ?? 0) + Number(r.members));
  }
  return [...levels].sort(([a], [b]) => a - b).map(([level, members]) => ({ level, members }));
}

async function computeIn(db: Executor, formula: FormulaSource, asOf: number, timezone: string): Promise<MetricsSnapshot> {
  const { circulation, totalEarned, totalSpent, transactions } = await lifetime(db);
  const groups = (await db.selectFrom('balance_counts').select(['balance', 'members']).orderBy('balance').execute()).map((r) => ({
    value: Number(r.balance),
    count: Number(r.members),
  }));
  const profiles = groups.reduce((s, g) => s + g.count, 0);
  const [active7d = 0, active30d = 0] = await activeCounts(db, asOf);
  const top = await db
    .selectFrom('top_balances as t')
    .leftJoin('members as m', 'm.id', 't.member_id')
    .leftJoin('profiles as p', 'p.member_id', 't.member_id')
    .select(['t.member_id', 't.balance', 'p.level', 'm.username', 'm.first_name'])
    .orderBy('t.balance', 'desc')
    .orderBy('t.member_id', 'asc')
    .limit(TOP_HOLDERS)
    .execute();
  return {
    asOf,
    timezone,
    circulation,
    totalEarned,
    totalSpent,
    members: await count(db, 'members'),
    profiles,
    transactions,
    active7d,
    active30d,
    meanBalance: profiles === 0 ? 0 : Math.round((circulation / profiles) * 100) / 100,
    medianBalance: groupedMedian(groups),
    levels: await levelCounts(db, formula),
    topHolders: top.map((r) => ({
      memberId: Number(r.member_id),
      balance: Number(r.balance),
      level: r.level === null || r.level === undefined ? 1 : Number(r.level),
      username: r.username ?? null,
      firstName: r.first_name ?? null,
    })),
    gini: groupedGini(groups),
  };
}

export interface ValueCount {
  value: number;
  count: number;
}

/** The median of values given as ascending (value, count) groups: the mean of the two middle ones for an even total. */
export function groupedMedian(groups: readonly ValueCount[]): number {
  const n = groups.reduce((s, g) => s + g.count, 0);
  if (n === 0) return 0;
  const at = (index: number): number => {
    let seen = 0;
    for (const g of groups) {
      seen += g.count;
      if (index < seen) return g.value;
    }
    return groups.at(-1)!.value;
  };
  const hi = at(Math.floor(n / 2));
  if (n % 2 === 1) return hi;
  const lo = at(n / 2 - 1);
  return lo + (hi - lo) / 2;
}

/**
 * Gini of values given as ascending (value, count) groups, the same G = (2 Σ i·xᵢ − (n + 1) Σ xᵢ)
 * / (n Σ xᵢ) as over the sorted list: a group of c values x at ranks k+1 … k+c adds
 * x · c · (2k + c + 1) / 2 to Σ i·xᵢ. BigInt sums stay exact for any balance.
 */
export function groupedGini(groups: readonly ValueCount[]): number {
  let n = 0n;
  let total = 0n;
  let ranked = 0n;
  for (const g of groups) {
    const x = BigInt(g.value);
    const c = BigInt(g.count);
    ranked += (x * c * (2n * n + c + 1n)) / 2n;
    total += x * c;
    n += c;
  }
  if (n === 0n || total === 0n) return 0;
  return Number(2n * ranked - (n + 1n) * total) / Number(n * total);
}
