/**
 * The refresh of everything the leaderboards and metrics read (SPEC §8, §9, §11), once
 * across instances (the `stats` lease in `job_leases`):
 * 1. the rollups catch up with the ledger after their watermark (rollup.ts);
 * 2. the boards' ranked snapshot is built in the idle slot and flipped (snapshot-builder.ts);
 * 3. the metrics snapshot is computed from the rollups and stored (metrics-snapshot.ts).
 * The jobs run `refreshIfDue` every few seconds (`economy.jobs.start()`), so boards and
 * metrics are at most `leaderboard.refresh_seconds` (plus the refresh itself) old. The earn
 * path pays nothing for any of it.
 */
import { randomUUID } from 'node:crypto';
import { writeTransaction } from '../../storage/write-transaction.js';
import { dayNumber } from '../economy-day.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { releaseLease, takeLease } from '../jobs/job-lease.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { BOARDS, periodLabel, type Board, type BoardPeriod } from '../leaderboards/boards.js';
import { TotalsChanges, type BoardCache } from '../leaderboards/board-lines.js';
import { buildSnapshot, type BuildCarry } from '../leaderboards/snapshot-builder.js';
import { Pacer } from './pacer.js';
import { readSnapshot } from '../leaderboards/snapshot.js';
import { computeMetricsSnapshot, type MetricsSnapshot } from '../metrics/metrics-snapshot.js';
import { DEFAULT_TOP_TRACKING, keepTopHolders, type TopTracking } from './distributions.js';
import { readMemberDays, type MemberDailySeries } from './member-days.js';
import { catchUp, type BatchSizing, type RollupState } from './rollup.js';
import { METRICS_STATE, readState, ROLLUP_STATE, writeState } from './stats-state.js';

export const STATS_LEASE = 'stats';
export const DEFAULT_STATS_LEASE_MS = 10 * 60_000;
/** The longest member series (days). */
export const MAX_MEMBER_SERIES_DAYS = 90;
export const DEFAULT_MEMBER_SERIES_DAYS = 30;
// SQLite slices aim at a few ms: a press waits at most about that for the thread and the writer lock.
// Smaller ones cost more in total (each commit rewrites the B-tree pages it touched: a rollup batch
// touches members at random, so it aims higher, 8 ms; the boards are written along their keys, 4 ms).
// The pauses between slices, not their size, keep the presses' throughput (pacer.ts).
const DEFAULT_SIZING: BatchSizing = { rows: 1000, maxRows: 20_000, targetMs: 8 };
const RANKS_TARGET_MS = 4;
// PostgreSQL: a board slice locks nothing a press waits for, and each costs a BEGIN and a COMMIT
// round trip; larger slices spend less on them (beside presses the pacer rests after each, in
// proportion to its length, either way).
const PG_RANKS_TARGET_MS = 25;
const DEFAULT_RANK_CHUNK = 20_000;
/** The most of the time a refresh takes while presses wait (pacer.ts): they keep about 92 %. */
const DEFAULT_SHARE = 0.08;

export interface StatsOptions {
  /** Who holds the lease; random per instance by default. */
  holderId?: string;
  leaseMs?: number;
  /** Rollup batch sizes (tests make them tiny to cross batch edges). */
  batch?: Partial<BatchSizing>;
  /** SQLite: most rows read or written per slice while building the boards (the size adapts below it). */
  rankChunk?: number;
  /** The most of the time (0 to 1) a refresh takes while other work waits; default 0.08 (see pacer.ts). */
  share?: number;
  /** How many members the top holders' table keeps (distributions.ts; tests make it small to cross its edges). */
  topHolders?: TopTracking;
  /**
   * Keep the last build's board lines in memory and start the next build from them
   * (leaderboards/board-lines.ts); default true. About 100 bytes a member on a board (~100 MB
   * at 1M); false reads and sorts every opted-in member at every build.
   */
  boardCache?: boolean;
}

/** Fewest changed members collected for the next build (else half the lines): past that a full read is about as cheap. */
const MIN_CHANGES_CAP = 50_000;

/** How the last refresh of this instance shared the time (pacer.ts). */
export interface RefreshPacing {
  /** The longest slice of work between two pauses (ms): about the longest a press waited for it. */
  longestSliceMs: number;
  /** Pauses that found other work waiting and slept. */
  yielded: number;
}

export interface BoardReport {
  period: BoardPeriod | null;
  /** Members ranked on the board. */
  members: number;
}

export interface CompletedRefresh {
  skipped: null;
  /** The time the boards and metrics now show. */
  asOf: Date;
  timezone: string;
  /** Transactions rolled up by this refresh. */
  movements: number;
  /** The rollups were rebuilt from the first transaction (first run, or the time zone changed). */
  rebuilt: boolean;
  watermark: number;
  boards: Record<Board, BoardReport>;
}

export interface SkippedRefresh {
  skipped: 'lease held';
  ranAt: Date;
  heldBy: string;
  leaseExpiresAt: Date;
}

/** A database opened read-only (a backup under inspection) is shown as its last snapshot left it. */
export interface ReadOnlyRefresh {
  skipped: 'read-only';
  ranAt: Date;
}

export type RefreshReport = CompletedRefresh | SkippedRefresh | ReadOnlyRefresh;

export interface StatsStatus {
  /** The time the boards and metrics show; null before the first refresh. */
  asOf: Date | null;
  refreshSeconds: number;
  /** A refresh is due (older than refreshSeconds, or none yet). */
  due: boolean;
  /** The last transaction id rolled up. */
  watermark: number;
}

export class StatsService {
  readonly #ctx: EngineContext;
  readonly holderId: string;
  readonly #leaseMs: number;
  readonly #sizing: BatchSizing;
  readonly #rankChunk: number;
  readonly #share: number;
  readonly #topHolders: TopTracking;
  /** The last completed refresh's pacing (null before one). */
  lastPacing: RefreshPacing | null = null;
  #running: Promise<RefreshReport> | undefined;
  readonly #useCache: boolean;
  /** The last build's lines, when this instance built it and nothing failed since. */
  #boardCache: BoardCache | null = null;

  constructor(ctx: EngineContext, options: StatsOptions = {}) {
    this.#ctx = ctx;
    this.holderId = options.holderId ?? randomUUID();
    this.#leaseMs = options.leaseMs ?? DEFAULT_STATS_LEASE_MS;
    this.#sizing = { ...DEFAULT_SIZING, ...options.batch };
    this.#rankChunk = options.rankChunk ?? DEFAULT_RANK_CHUNK;
    this.#share = options.share ?? DEFAULT_SHARE;
    this.#useCache = options.boardCache ?? true;
    this.#topHolders = options.topHolders ?? DEFAULT_TOP_TRACKING;
  }

  /** Refreshes now (unless another instance is at it: `skipped`). Overlapping calls share one run. */
  refresh(): Promise<RefreshReport> {
    if (!this.#running) {
      this.#running = this.#refresh().finally(() => {
        this.#running = undefined;
      });
    }
    return this.#running;
  }

  /** Refreshes when the snapshot is older than `leaderboard.refresh_seconds` (or missing); else null. */
  async refreshIfDue(): Promise<RefreshReport | null> {
    if (this.#running) return this.#running;
    return (await this.status()).due ? this.refresh() : null;
  }

  /** Resolves once no refresh of this instance is running. */
  async idle(): Promise<void> {
    await this.#running?.catch(() => {});
  }

  async status(): Promise<StatsStatus> {
    const db = this.#ctx.storage.db;
    const [snapshot, rollup, settings] = await Promise.all([readSnapshot(db), readState<RollupState>(db, ROLLUP_STATE), this.#ctx.settings.all()]);
    const refreshSeconds = settings['leaderboard.refresh_seconds'];
    const asOf = snapshot?.value.asOf ?? null;
    return {
      asOf: asOf === null ? null : new Date(asOf),
      refreshSeconds,
      due: asOf === null || this.#ctx.clock.now() - asOf >= refreshSeconds * 1000,
      watermark: rollup?.value.watermark ?? 0,
    };
  }

  /** A member's earned and spent per economy day, the last `days` (1 to 90, default 30) up to today (live). */
  async memberDays(memberId: number, options: { days?: number } = {}): Promise<MemberDailySeries> {
    const id = checkMemberId(memberId);
    const days = options?.days ?? DEFAULT_MEMBER_SERIES_DAYS;
    if (!Number.isInteger(days) || days < 1 || days > MAX_MEMBER_SERIES_DAYS) {
      throw new EconomyError('INVALID_INPUT', `days must be a whole number from 1 to ${MAX_MEMBER_SERIES_DAYS}`, {
        field: 'days',
        min: 1,
        max: MAX_MEMBER_SERIES_DAYS,
      });
    }
    const timezone = (await this.#ctx.settings.all())['economy.timezone'];
    return readMemberDays(this.#ctx.storage.db, id, days, this.#ctx.clock.now(), timezone);
  }

  async #refresh(): Promise<RefreshReport> {
    const { storage, clock } = this.#ctx;
    const db = storage.db;
    const now = () => clock.now();
    const started = now();
    if (storage.readOnly !== undefined) return { skipped: 'read-only', ranAt: new Date(started) };
    const lease = await takeLease(db, STATS_LEASE, this.holderId, started, started + this.#leaseMs);
    if (!lease.taken) {
      return { skipped: 'lease held', ranAt: new Date(started), heldBy: lease.heldBy, leaseExpiresAt: new Date(lease.expiresAt) };
    }
    let renewedAt = started;
    const pacer = new Pacer(storage, this.#share);
    // Between slices: let presses in (pacer.ts), and keep the lease while a long refresh runs.
    const between = async () => {
      await pacer.pause();
      const at = now();
      if (at - renewedAt > this.#leaseMs / 3) {
        const again = await takeLease(db, STATS_LEASE, this.holderId, at, at + this.#leaseMs);
        if (!again.taken) throw new Error(`the stats lease was taken by ${again.heldBy}`);
        renewedAt = at;
      }
    };
    try {
      const timezone = (await this.#ctx.settings.all())['economy.timezone'];
      // The cache goes unless this refresh ends well: a failure may leave rollups it never saw.
      const cache = this.#boardCache;
      this.#boardCache = null;
      const changes = this.#useCache && cache ? new TotalsChanges(Math.max(MIN_CHANGES_CAP, cache.lines.members.length / 2)) : null;
      const rollup = await catchUp({ storage, now, sizing: this.#sizing, between }, timezone, changes);
      await keepTopHolders(storage, this.#topHolders, now());
      const asOf = now();
      const day = dayNumber(asOf, timezone);
      const changed = rollup.movements > 0 || rollup.rebuilt;
      await between();
      const targetMs = storage.dialect === 'postgres' ? PG_RANKS_TARGET_MS : RANKS_TARGET_MS;
      const ranks: BatchSizing = { rows: Math.min(this.#sizing.rows, this.#rankChunk), maxRows: this.#rankChunk, targetMs };
      const carry: BuildCarry | undefined = this.#useCache ? { cache, changes, rollup } : undefined;
      const snapshot = await buildSnapshot({ storage, now, sizing: ranks, between }, asOf, day, timezone, changed, carry);
      await between();
      const stored = await readState<MetricsSnapshot>(db, METRICS_STATE);
      const metrics = await computeMetricsSnapshot(storage, this.#ctx.formula, asOf, timezone);
      await writeTransaction(storage, (trx) => writeState(trx, METRICS_STATE, metrics, stored?.version ?? null, now()));
      this.lastPacing = { longestSliceMs: pacer.longestSliceMs, yielded: pacer.yielded };
      // Built: its lines. Kept (nothing new): the old lines still hold, if nothing was rolled up past them.
      this.#boardCache = carry?.next ?? (cache && rollup.movements === 0 && !rollup.rebuilt && rollup.from === cache.watermark ? cache : null);
      const boards = {} as Record<Board, BoardReport>;
      for (const board of BOARDS) {
        boards[board] = { period: periodLabel(board, snapshot.boards[board].period), members: snapshot.boards[board].size };
      }
      return { skipped: null, asOf: new Date(asOf), timezone, movements: rollup.movements, rebuilt: rollup.rebuilt, watermark: rollup.watermark, boards };
    } finally {
      // A failed release only delays the next refresh until the lease expires.
      await releaseLease(db, STATS_LEASE, this.holderId).catch(() => {});
    }
  }
}
