import type { BenchDatabase } from './bench-database.js';
import type { BenchName, BenchSide } from './bench-types.js';

/** What the closed loop drives: one operation per op number, and its teardown. */
export interface BenchTarget {
  /** Performs op number `seq` (member and amount from the workload); throws if it was not applied. */
  op(seq: number): unknown;
  close(): Promise<void>;
}

/**
 * One benchmark as the runner sees it. Every op credits or debits one member's ledger, so
 * the runner checks the ledger the same way for all of them (one transaction per op, the
 * sums); a bench adds its own checks and, where ops need rows prepared ahead (react: the
 * posts), says how many ops the databases can take.
 */
export interface Bench {
  readonly name: BenchName;
  /** +1 when an op adds its amount to the member's balance, −1 when it takes it. */
  readonly sign: 1 | -1;
  /** The besitos op number `seq` moves (positive). */
  amountOf(seq: number): number;
  /** Seeds what the bench needs beyond the funded members; run alike on both databases of a row. */
  seed?(database: BenchDatabase): Promise<void>;
  /**
   * Prepares, identically on every database of the row, what ops 0 … upTo − 1 need, and
   * returns how many ops (from op 0) the databases can take now: at least `upTo` unless a
   * hard limit of the workload is reached first. Without it, ops are unlimited.
   */
  reserve?(databases: readonly BenchDatabase[], upTo: number): Promise<number>;
  /** The engine or the raw-driver side, on its own database. */
  target(side: BenchSide, database: BenchDatabase, connection: { pgUrl?: string; poolSize: number }): Promise<BenchTarget>;
  /**
   * A comparison beside the row on PostgreSQL (react: pgbench running the engine's press
   * statement), on the baseline's database after the row was checked: presses per second,
   * or undefined when it cannot run here.
   */
  compare?(database: BenchDatabase, run: { pgUrl: string; concurrency: number; durationMs: number }): Promise<number | undefined>;
  /** Checks beyond the ledger's, after the row, while the database is open; throws on a mismatch. */
  check?(database: BenchDatabase, totalOps: number, label: string): Promise<void>;
}
