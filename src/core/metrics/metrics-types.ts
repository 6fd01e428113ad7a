/** The economy's health for admins (SPEC §8): what `economy.metrics()` returns. */
import type { TransactionType } from '../ledger/transaction-types.js';

export interface MetricsOptions {
  /** Economy days of movements to report, today included: 1 to MAX_METRICS_DAYS (default 14). */
  days?: number;
}

export const DEFAULT_METRICS_DAYS = 14;
export const MAX_METRICS_DAYS = 366;
export const TOP_HOLDERS = 10;
/** Active-member windows, in days of 24 h ending at the snapshot's time (`asOf`), counted in whole minutes. */
export const ACTIVE_WINDOWS = [7, 30] as const;

/** Count and besitos (always positive: a spend of −30 counts 30) of one type of movement. */
export interface TypeTally {
  count: number;
  amount: number;
}

/** One economy day of movements. */
export interface DayMovements {
  /** `YYYY-MM-DD` in the economy's time zone. */
  day: string;
  /** Σ earnings (faucets: besitos created). */
  faucets: number;
  /** Σ |spends| (sinks: besitos taken out). */
  sinks: number;
  /** Σ refunds (neither a faucet nor a sink: spends given back). */
  refunds: number;
  /** Number of movements of any type. */
  movements: number;
  /** Every transaction type, zeros included, so each day has the same shape. */
  byType: Record<TransactionType, TypeTally>;
}

export interface TopHolder {
  memberId: number;
  balance: number;
  level: number;
  username: string | null;
  firstName: string | null;
}

export interface LevelCount {
  level: number;
  members: number;
}

export interface EconomyMetrics {
  /** When the metrics were read (`clock.now()`). */
  at: Date;
  /**
   * The time the figures describe: the last refresh of the rollups (every
   * `leaderboard.refresh_seconds` by the jobs); null before the first one (all zeros).
   */
  asOf: Date | null;
  /** The time zone of the economy days (the rollups'). */
  timezone: string;
  /** Besitos held by members right now (Σ balance). */
  circulation: number;
  /** Lifetime Σ total_earned and Σ total_spent of the profiles. */
  totalEarned: number;
  totalSpent: number;
  /** Member rows (every Telegram user the bot has seen). */
  members: number;
  /** Members with a profile: with at least one movement (the ones mean, median and Gini are over). */
  profiles: number;
  /** Movements ever recorded (transaction rows). */
  transactions: number;
  /**
   * Distinct members whose last movement is at or after the start of the minute 7 (30) days
   * of 24 h before `asOf` (whole minutes: the rollups count members per minute).
   */
  active7d: number;
  active30d: number;
  movements: {
    days: number;
    /** Oldest and newest (today) economy day reported. */
    from: string;
    to: string;
    /** Oldest first, one entry per day, days without movements included. */
    perDay: DayMovements[];
    /** The sums over all the days. */
    totals: { faucets: number; sinks: number; refunds: number; movements: number };
  };
  /** Mean balance over profiles, rounded to 2 decimals; 0 without profiles. */
  meanBalance: number;
  /** Median balance over profiles (mean of the two middle ones for an even count); 0 without profiles. */
  medianBalance: number;
  /** Profiles per cached level, lowest level first; levels nobody holds are left out. */
  levels: LevelCount[];
  /** The TOP_HOLDERS largest balances, ties by member id (lowest first). */
  topHolders: TopHolder[];
  /** Gini coefficient of the profiles' balances: 0 all equal (or nobody), towards 1 one holds all. */
  gini: number;
}
