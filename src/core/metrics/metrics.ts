/**
 * The economy's health in numbers (SPEC §8), as of the last refresh of the rollups
 * (`economy.stats.refresh`, run by the jobs every `leaderboard.refresh_seconds`): the
 * figures come from the metrics snapshot the refresh stored (metrics-snapshot.ts) and the
 * movements per day from `economy_day_totals`. Nothing here scans the ledger's tables, so
 * a read costs the same at 200 members and at a million. `asOf` says what time the figures
 * describe; `at` is when they were read.
 *
 * Definitions:
 * - Active members: members with a movement at or after `asOf − N × 24 h` (the start is
 *   inclusive, like history's `--from`): a movement exactly 7 days before still counts.
 * - Movements per day: economy days (calendar days in the rollups' time zone, 23 or 25
 *   hours across DST), the last `days` of them with the snapshot's day the newest.
 * - Faucets are earnings, sinks are spends (positive besitos); refunds are their own column.
 */
import { dayLabel, dayNumber } from '../economy-day.js';
import { EconomyError } from '../errors.js';
import {
  isEarn,
  isSpend,
  isTransactionType,
  TRANSACTION_TYPES,
  type TransactionType,
} from '../ledger/transaction-types.js';
import type { SettingsStore } from '../settings/settings.js';
import type { Clock } from '../clock.js';
import type { Storage } from '../../storage/connect.js';
import type { Executor } from '../../storage/write-transaction.js';
import { METRICS_STATE, readState } from '../stats/stats-state.js';
import { groupedGini, groupedMedian, type MetricsSnapshot } from './metrics-snapshot.js';
import {
  DEFAULT_METRICS_DAYS,
  MAX_METRICS_DAYS,
  type DayMovements,
  type EconomyMetrics,
  type MetricsOptions,
  type TopHolder,
  type TypeTally,
} from './metrics-types.js';

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
  const now = deps.clock.now();
  const db = deps.storage.db;
  const stored = (await readState<MetricsSnapshot>(db, METRICS_STATE))?.value ?? null;
  const timezone = stored?.timezone ?? (await deps.settings.all())['economy.timezone'];
  const today = dayNumber(stored?.asOf ?? now, timezone);
  const movements = await movementsPerDay(db, today, days);
  const topHolders = await withCurrentNames(db, stored?.topHolders ?? []);
  return {
    at: new Date(now),
    asOf: stored ? new Date(stored.asOf) : null,
    timezone,
    circulation: stored?.circulation ?? 0,
    totalEarned: stored?.totalEarned ?? 0,
    totalSpent: stored?.totalSpent ?? 0,
    members: stored?.members ?? 0,
    profiles: stored?.profiles ?? 0,
    transactions: stored?.transactions ?? 0,
    active7d: stored?.active7d ?? 0,
    active30d: stored?.active30d ?? 0,
    movements,
    meanBalance: stored?.meanBalance ?? 0,
    medianBalance: stored?.medianBalance ?? 0,
    levels: stored?.levels ?? [],
    topHolders,
    gini: stored?.gini ?? 0,
  };
}

/**
 * The top holders' names as they are now: a refresh with no new movement keeps the
 * snapshot, and a name changed since (a member who opened the bot, renamed) would show the
 * old one until the next movement. A handful of rows, read by key.
 */
async function withCurrentNames(db: Executor, holders: readonly TopHolder[]): Promise<TopHolder[]> {
  if (holders.length === 0) return [];
  const rows = await db
    .selectFrom('members')
    .select(['id', 'username', 'first_name'])
    .where(
      'id',
      'in',
      holders.map((h) => h.memberId),
    )
    .execute();
  const names = new Map(rows.map((r) => [Number(r.id), r]));
  return holders.map((h) => {
    const now = names.get(h.memberId);
    return now ? { ...h, username: now.username, firstName: now.first_name } : h;
  });
}

async function movementsPerDay(db: Executor, today: number, days: number): Promise<EconomyMetrics['movements']> {
  const first = today - days + 1;
  const rows = await db
    .selectFrom('economy_day_totals')
    .select(['day', 'type', 'movements', 'amount'])
    .where('day', '>=', first)
    .where('day', '<=', today)
    .execute();
  const perDay: DayMovements[] = Array.from({ length: days }, (_, i) => ({
    day: dayLabel(first + i),
    faucets: 0,
    sinks: 0,
    refunds: 0,
    movements: 0,
    byType: Object.fromEntries(TRANSACTION_TYPES.map((t) => [t, { count: 0, amount: 0 }])) as Record<TransactionType, TypeTally>,
  }));
  for (const r of rows) {
    const day = perDay[Number(r.day) - first];
    if (!day || !isTransactionType(r.type)) continue;
    const count = Number(r.movements);
    const amount = Math.abs(Number(r.amount));
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
  return groupedMedian(sorted.map((value) => ({ value, count: 1 })));
}

/**
 * Gini coefficient of balances sorted ascending: 0 when everyone holds the same (or there is
 * nobody, or nothing is held); (n − 1)/n when one member holds everything.
 */
export function gini(sorted: readonly number[]): number {
  return groupedGini(sorted.map((value) => ({ value, count: 1 })));
}
