/**
 * The economy's health in numbers (SPEC §8), read in one snapshot so every figure describes
 * the same instant. Plain SQL that SQLite and PostgreSQL both run; times are integer ms.
 *
 * Definitions:
 * - Active members: distinct members with a movement at or after `now − N × 24 h` and at or
 *   before `now` (the start is inclusive, like history's `--from`): a movement exactly 7 days
 *   ago still counts as active over 7 days.
 * - Movements per day: economy days (calendar days in `economy.timezone`, 23 or 25 hours
 *   across DST), the last `days` of them with today (up to now) the newest.
 * - Faucets are earnings, sinks are spends (positive besitos); refunds are their own column.
 *
 * Balance order comes from sorting in the query, with no index on `balance` (SPEC §11: an
 * index on a column every movement changes costs the earn path). This is an admin read.
 */
import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import { dayLabel, dayNumber, dayStart } from '../economy-day.js';
import { EconomyError } from '../errors.js';
import { readSummary } from '../ledger/summary.js';
import {
  isEarn,
  isSpend,
  isTransactionType,
  TRANSACTION_TYPES,
  type TransactionType,
} from '../ledger/transaction-types.js';
import type { SettingsStore } from '../settings/settings.js';
import type { Storage } from '../../storage/connect.js';
import { snapshot, type Executor } from '../../storage/write-transaction.js';
import {
  ACTIVE_WINDOWS,
  DEFAULT_METRICS_DAYS,
  MAX_METRICS_DAYS,
  TOP_HOLDERS,
  type DayMovements,
  type EconomyMetrics,
  type MetricsOptions,
  type TypeTally,
} from './metrics-types.js';

const DAY_MS = 86_400_000;

export interface MetricsDeps {
  storage: Storage;
  clock: Clock;
  settings: SettingsStore;
}

export function checkMetricsDays(value: unknown): number {
  if (value === undefined) return DEFAULT_METRICS_DAYS;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_METRICS_DAYS) {
    throw new EconomyError('INVALID_INPUT', `days must be a whole number from 1 to ${MAX_METRICS_DAYS}`, { field: 'days' });
  }
  return value;
}

export async function readMetrics(deps: MetricsDeps, options: MetricsOptions = {}): Promise<EconomyMetrics> {
  const days = checkMetricsDays(options.days);
  const timezone = (await deps.settings.all())['economy.timezone'];
  const now = deps.clock.now();
  return snapshot(deps.storage, (db) => metricsIn(db, now, timezone, days));
}

async function metricsIn(db: Executor, now: number, timezone: string, days: number): Promise<EconomyMetrics> {
  const summary = await readSummary(db);
  const active: number[] = [];
  for (const window of ACTIVE_WINDOWS) active.push(await activeMembers(db, now - window * DAY_MS, now));
  const movements = await movementsPerDay(db, now, timezone, days);
  const levels = await db
    .selectFrom('profiles')
    .select((eb) => ['level', eb.fn.countAll<number>().as('n')])
    .groupBy('level')
    .orderBy('level')
    .execute();
  const top = await db
    .selectFrom('profiles as p')
    .leftJoin('members as m', 'm.id', 'p.member_id')
    .select(['p.member_id', 'p.balance', 'p.level', 'm.username', 'm.first_name'])
    .orderBy('p.balance', 'desc')
    .orderBy('p.member_id', 'asc')
    .limit(TOP_HOLDERS)
    .execute();
  // Every balance, sorted by the database: the median and the Gini coefficient come from
  // this one list. Holding one number per profile in memory is fine at a community's size
  // (100,000 profiles ≈ 1 MB); a far larger economy would sample or compute in SQL.
  const balances = (await db.selectFrom('profiles').select('balance').orderBy('balance', 'asc').execute()).map((r) =>
    Number(r.balance),
  );
  return {
    at: new Date(now),
    timezone,
    circulation: summary.circulation,
    totalEarned: summary.totalEarned,
    totalSpent: summary.totalSpent,
    members: summary.members,
    profiles: summary.profiles,
    transactions: summary.transactions,
    active7d: active[0] ?? 0,
    active30d: active[1] ?? 0,
    movements,
    meanBalance: summary.profiles === 0 ? 0 : Math.round((summary.circulation / summary.profiles) * 100) / 100,
    medianBalance: median(balances),
    levels: levels.map((r) => ({ level: Number(r.level), members: Number(r.n) })),
    topHolders: top.map((r) => ({
      memberId: Number(r.member_id),
      balance: Number(r.balance),
      level: Number(r.level),
      username: r.username ?? null,
      firstName: r.first_name ?? null,
    })),
    gini: gini(balances),
  };
}

// Naming every type lets PostgreSQL use transactions_type_time_idx (type, created_at) for a
// time-range read instead of scanning the whole table.
const allTypes = () => sql.join(TRANSACTION_TYPES.map((t) => sql.lit(t)));

async function activeMembers(db: Executor, from: number, to: number): Promise<number> {
  const row = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.count<number>('member_id').distinct().as('n'))
    .where(sql<boolean>`type in (${allTypes()})`)
    .where('created_at', '>=', from)
    .where('created_at', '<=', to)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

interface DayTypeRow {
  day_index: number;
  type: string;
  n: number;
  total: number;
}

async function movementsPerDay(db: Executor, now: number, timezone: string, days: number): Promise<EconomyMetrics['movements']> {
  const today = dayNumber(now, timezone);
  const first = today - days + 1;
  const starts = Array.from({ length: days }, (_, i) => dayStart(first + i, timezone));
  // Economy days are not all 24 h (DST), so a row's day comes from the real boundaries: a
  // CASE over at most MAX_METRICS_DAYS literal instants (validated integers, not input text).
  const whens = starts.slice(1).map((next, i) => sql`when created_at < ${sql.lit(next)} then ${sql.lit(i)}`);
  const bucket = whens.length === 0 ? sql`0` : sql`case ${sql.join(whens, sql` `)} else ${sql.lit(days - 1)} end`;
  const rows = await sql<DayTypeRow>`
    select day_index, type, count(*) as n, sum(amount) as total
      from (select ${bucket} as day_index, type, amount
              from transactions
             where type in (${allTypes()}) and created_at >= ${starts[0]!} and created_at <= ${now}) as w
     group by day_index, type`.execute(db);

  const perDay: DayMovements[] = starts.map((_, i) => ({
    day: dayLabel(first + i),
    faucets: 0,
    sinks: 0,
    refunds: 0,
    movements: 0,
    byType: Object.fromEntries(TRANSACTION_TYPES.map((t) => [t, { count: 0, amount: 0 }])) as Record<TransactionType, TypeTally>,
  }));
  for (const r of rows.rows) {
    const day = perDay[Number(r.day_index)];
    if (!day || !isTransactionType(r.type)) continue;
    const count = Number(r.n);
    const amount = Math.abs(Number(r.total));
    day.byType[r.type] = { count, amount };
    day.movements += count;
    if (isEarn(r.type)) day.faucets += amount;
    else if (isSpend(r.type)) day.sinks += amount;
    else day.refunds += amount;
  }
  const totals = { faucets: 0, sinks: 0, refunds: 0, movements: 0 };
  for (const d of perDay) {
    totals.faucets += d.faucets;
    totals.sinks += d.sinks;
    totals.refunds += d.refunds;
    totals.movements += d.movements;
  }
  return { days, from: dayLabel(first), to: dayLabel(today), perDay, totals };
}

/** Median of balances sorted ascending; the two middle ones are averaged without overflow. */
export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const hi = sorted[Math.floor(n / 2)]!;
  if (n % 2 === 1) return hi;
  const lo = sorted[n / 2 - 1]!;
  return lo + (hi - lo) / 2;
}

/**
 * Gini coefficient of balances sorted ascending: G = (2 Σ i·xᵢ − (n + 1) Σ xᵢ) / (n Σ xᵢ),
 * i from 1. 0 when everyone holds the same (or there is nobody, or nothing is held);
 * (n − 1)/n when one member holds everything. Computed in JS from the sorted list (fine at
 * our sizes); the sums are BigInt so large balances times large ranks stay exact.
 */
export function gini(sorted: readonly number[]): number {
  const n = BigInt(sorted.length);
  let total = 0n;
  let ranked = 0n;
  sorted.forEach((x, i) => {
    const b = BigInt(x);
    total += b;
    ranked += BigInt(i + 1) * b;
  });
  if (n === 0n || total === 0n) return 0;
  return Number(2n * ranked - (n + 1n) * total) / Number(n * total);
}
