/**
 * The figures of SPEC §8 computed at each refresh from the rollups (never from the ledger's
 * tables, never on an admin's read): lifetime totals from `economy_day_totals`, the balance
 * distribution from `member_totals` (balance groups give mean, median and Gini), active
 * members from its last movements, levels from the profiles. PostgreSQL: one statement per
 * figure; SQLite: key-range walks of the tables (sqlite-metrics-pass.ts). Stored as JSON in
 * `stats_state` ('metrics'); `economy.metrics()` reads it. When nothing was rolled up since
 * the last snapshot (`previous`), only what time alone changes is read again: members and
 * the active counts.
 */
import { sql } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import { snapshot, type Executor } from '../../storage/write-transaction.js';
import { isEarn, isSpend, isTransactionType } from '../ledger/transaction-types.js';
import { ACTIVE_WINDOWS, TOP_HOLDERS, type EconomyMetrics } from './metrics-types.js';
import { sqliteReads, type RangeReads } from '../../storage/sqlite-range-reads.js';
import { balancePass, DEFAULT_RANGE_SIZING, levelPass, memberCountPass, type RangeSizing } from './sqlite-metrics-pass.js';

const DAY_MS = 86_400_000;

/** What a refresh stores: the figures of EconomyMetrics but the movements per day (read per call). */
export type MetricsSnapshot = Omit<EconomyMetrics, 'at' | 'asOf' | 'movements'> & { asOf: number };

type Pause = () => Promise<void>;
const noPause: Pause = async () => {};

/**
 * SQLite: the tables are walked in key ranges (sqlite-metrics-pass.ts), never aggregated by
 * one statement over a whole table; PostgreSQL runs one statement per figure (a few hundred ms
 * each at 1M members). With `between` (from a refresh) they run outside a read transaction
 * with `between` after each, so presses get their turn between them (on SQLite a transaction
 * would hold the process's one connection for all of them; on PostgreSQL the pacer rests
 * after each scan as after any slice of the refresh). The rollups stay consistent anyway (only
 * the refresher that calls this writes them); the members and levels are read live, as they
 * would be a moment later. Without `between`, one REPEATABLE READ snapshot holds them.
 */
export function computeMetricsSnapshot(
  storage: Storage,
  asOf: number,
  timezone: string,
  previous: MetricsSnapshot | null = null,
  between?: Pause,
  ranges: RangeSizing = DEFAULT_RANGE_SIZING,
): Promise<MetricsSnapshot> {
  const run = async (db: Executor, pause: Pause) => {
    if (storage.sqlite) {
      const reads = sqliteReads(db, storage.sqlite);
      if (previous && previous.timezone === timezone) return { ...previous, asOf, ...(await timelyRanged(reads, asOf, ranges, pause)) };
      return computeRanged(db, reads, asOf, timezone, ranges, pause);
    }
    if (previous && previous.timezone === timezone) return { ...previous, asOf, ...(await timely(db, asOf, pause)) };
    return computeIn(db, asOf, timezone, pause);
  };
  if (between) return run(storage.db, between);
  return snapshot(storage, (db) => run(db, noPause));
}

const count = async (db: Executor, table: 'members') =>
  Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/**
 * PostgreSQL: the members with a profile and those active within each window, in one scan of
 * `member_totals` (at 1M members each scan costs ~0.2 s of a refresh).
 */
async function totalsCounts(db: Executor, asOf: number): Promise<{ profiles: number; active: number[] }> {
  const windows = ACTIVE_WINDOWS.map((window, i) => sql<number>`sum(case when last_at >= ${asOf - window * DAY_MS} then 1 else 0 end)`.as(`a${i}`));
  const row = await db
    .selectFrom('member_totals')
    .select((eb) => [eb.fn.countAll<number>().as('n'), ...windows])
    .executeTakeFirstOrThrow();
  const r = row as Record<string, unknown>;
  return { profiles: Number(r.n), active: ACTIVE_WINDOWS.map((_, i) => Number(r[`a${i}`] ?? 0)) };
}

/** What changes without movements: members met, who was active within the windows, levels (a formula change). */
async function timely(db: Executor, asOf: number, pause: Pause, counted?: { active: number[] }): Promise<Pick<MetricsSnapshot, 'members' | 'active7d' | 'active30d' | 'levels'>> {
  const { active } = counted ?? (await totalsCounts(db, asOf));
  await pause();
  const levels = await db
    .selectFrom('profiles')
    .select((eb) => ['level', eb.fn.countAll<number>().as('n')])
    .groupBy('level')
    .orderBy('level')
    .execute();
  await pause();
  return {
    members: await count(db, 'members'),
    active7d: active[0] ?? 0,
    active30d: active[1] ?? 0,
    levels: levels.map((r) => ({ level: Number(r.level), members: Number(r.n) })),
  };
}

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

/** SQLite: what time alone changes, from ranged walks. */
async function timelyRanged(reads: RangeReads, asOf: number, ranges: RangeSizing, pause: Pause): Promise<Pick<MetricsSnapshot, 'members' | 'active7d' | 'active30d' | 'levels'>> {
  const { active } = await balancePass(reads, asOf, ranges, pause, true);
  await pause();
  const levels = await levelPass(reads, ranges, pause);
  await pause();
  return { members: await memberCountPass(reads, ranges, pause), active7d: active[0] ?? 0, active30d: active[1] ?? 0, levels };
}

/** SQLite: every figure, from ranged walks (sqlite-metrics-pass.ts). */
async function computeRanged(db: Executor, reads: RangeReads, asOf: number, timezone: string, ranges: RangeSizing, pause: Pause): Promise<MetricsSnapshot> {
  const totals = await lifetime(db);
  await pause();
  const balances = await balancePass(reads, asOf, ranges, pause);
  await pause();
  const levels = await levelPass(reads, ranges, pause);
  await pause();
  const members = await memberCountPass(reads, ranges, pause);
  const profiles = balances.profiles;
  return {
    asOf,
    timezone,
    ...totals,
    members,
    profiles,
    active7d: balances.active[0] ?? 0,
    active30d: balances.active[1] ?? 0,
    meanBalance: profiles === 0 ? 0 : Math.round((totals.circulation / profiles) * 100) / 100,
    medianBalance: groupedMedian(balances.groups),
    levels,
    topHolders: balances.topHolders,
    gini: groupedGini(balances.groups),
  };
}

async function computeIn(db: Executor, asOf: number, timezone: string, pause: Pause): Promise<MetricsSnapshot> {
  const { circulation, totalEarned, totalSpent, transactions } = await lifetime(db);
  await pause();
  const counted = await totalsCounts(db, asOf);
  const { profiles } = counted;
  await pause();
  const { members, active7d, active30d, levels } = await timely(db, asOf, pause, counted);
  await pause();
  // One sorted pass over the balances, one row per distinct balance.
  const groups = (
    await sql<{ balance: number; n: number }>`select balance, count(*) as n from member_totals group by balance order by balance`.execute(db)
  ).rows.map((r) => ({ value: Number(r.balance), count: Number(r.n) }));
  await pause();
  const top = await db
    .selectFrom('member_totals as t')
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
    members,
    profiles,
    transactions,
    active7d,
    active30d,
    meanBalance: profiles === 0 ? 0 : Math.round((circulation / profiles) * 100) / 100,
    medianBalance: groupedMedian(groups),
    levels,
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
