/**
 * The shapes of `besitos bench`: what a run is asked to do and what it reports. One row per
 * benchmark × backend × concurrency: the engine (the Ledger, or the reactions service, through
 * Kysely) and, measured right beside it on an identical fresh database, the raw driver
 * running the same SQL.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/database.js';
import type { BotReactOptions, BotReactRow } from './bot-react.js';
import type { HttpCreditOptions, HttpCreditRow } from './http-credit.js';

export type BenchBackend = 'sqlite' | 'postgres';
/**
 * credit, spend: one ledger movement; react: one accepted reaction press (guarded
 * reaction_state upsert, the credit, the reaction row, in one transaction).
 */
export type BenchName = 'credit' | 'spend' | 'react';
export type BenchSide = 'engine' | 'baseline';

export interface BenchOptions {
  /** Default: `['sqlite']`, plus `'postgres'` when `pgUrl` is given. */
  backends?: BenchBackend[];
  /** Concurrent callers (closed loops); default `[1, 8, 32]`. */
  concurrency?: number[];
  /** Measured time of each side (engine, baseline) per row, default 3000 ms. Ignored when `ops` is set. */
  durationMs?: number;
  /** Measured operations of each side per row (shared by the callers), instead of a duration. */
  ops?: number;
  /** Warm-up before each measurement (same loop, not counted); default a quarter of the duration, 50–500 ms. */
  warmupMs?: number;
  /**
   * The measured time (or ops) of each side is cut into this many slices, run alternately
   * on the two databases (engine, baseline, baseline, engine, …), so a burst of other work
   * on the machine hits both sides alike. Throughput is the median of a side's slices;
   * latency percentiles pool all of them. Default 6, fewer when a slice would be under
   * 100 ms (or 50 ops).
   */
  slices?: number;
  /** Benchmarks to run; default all of them (credit, spend, react). */
  benches?: BenchName[];
  /** Members the operations are spread over (all pre-funded); default 1000. */
  members?: number;
  /** PostgreSQL URL (required for the postgres backend); each run uses a fresh schema `bench_<random>`, dropped afterwards. */
  pgUrl?: string;
  /** Where the temporary SQLite files go; default the OS temp directory. Removed afterwards. */
  sqliteDir?: string;
  /** Called as each row is complete (progress output). */
  onRow?: (row: BenchRow) => void;
  /**
   * Called for each side of each row once it is measured, while its database is still open:
   * tests count what the run wrote. `totalOps` includes the warm-up.
   */
  afterRun?: (run: BenchRunInfo) => Promise<void> | void;
  /**
   * Also run the `bot-react` row (bot-react.ts) on each backend: presses through the bot and
   * the fake Bot API beside the engine alone. Off unless given; `benches: []` runs only it.
   */
  botReact?: Omit<BotReactOptions, 'backend' | 'pgUrl' | 'sqliteDir'>;
  /**
   * Also run the `http-credit` row (http-credit.ts) on each backend: admin credits through
   * the HTTP API beside the engine alone. Off unless given (`besitos bench` asks for it).
   */
  httpCredit?: Omit<HttpCreditOptions, 'backend' | 'pgUrl' | 'sqliteDir'>;
}

export interface BenchRunInfo {
  name: BenchName;
  backend: BenchBackend;
  concurrency: number;
  side: BenchSide;
  /** Operations performed on this database (warm-up plus measured), numbered 0 … totalOps − 1. */
  totalOps: number;
  measuredOps: number;
  /** Members seeded, their ids and the funding of each (one EARN_ADMIN transaction each). */
  memberIds: readonly number[];
  funding: number;
  /** The amount of op number `seq` (positive; a spend moves −amount; a press credits `reactions.amount`). */
  amountOf(seq: number): number;
  db: Kysely<Database>;
}

export interface BenchRow {
  name: BenchName;
  backend: BenchBackend;
  concurrency: number;
  ops_per_s: number;
  p50_ms: number;
  p99_ms: number;
  baseline_ops_per_s: number;
  /** ops_per_s / baseline_ops_per_s. */
  ratio: number;
  /** react on PostgreSQL: pgbench -M prepared running the engine's press statement, same callers (when pgbench exists). */
  pgbench_ops_per_s?: number;
}

export interface BenchEnvironment {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpu_model: string;
  /** 1-minute load average when the run started (other processes skew the numbers). */
  loadavg_1m: number;
  sqlite_synchronous: string;
  sqlite_journal_mode?: string;
  sqlite_version?: string;
  postgres_version?: string;
  postgres_synchronous_commit?: string;
  kysely: string;
  better_sqlite3: string;
  pg: string;
  members: number;
  duration_ms?: number;
  ops?: number;
  warmup_ms: number;
  slices: number;
  started_at: string;
}

export interface BenchReport {
  results: BenchRow[];
  environment: BenchEnvironment;
  /** Present when `botReact` was asked for: one row per backend. */
  bot_react?: BotReactRow[];
  /** Present when `httpCredit` was asked for: one row per backend. */
  http_credit?: HttpCreditRow[];
}
