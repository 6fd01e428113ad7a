/**
 * The registry of what `besitos bench --scale N` measures on the fixture, one entry per row
 * of its table, in order. An entry without `run` is a place kept for a measurement whose
 * API does not exist yet: its row is printed as pending, so the table shows what is still
 * to be proven. To add one, give it `run(ctx)` (see ScaleContext for what it gets).
 */
import { readHistory, encodeCursor } from '../../core/ledger/history.js';
import type { BenchDatabase } from '../bench-database.js';
import type { BenchTarget } from '../bench-target.js';
import type { BenchBackend } from '../bench-types.js';
import { closedLoop, loopStats, percentile, type LoopResult, type LoopStats } from '../closed-loop.js';
import { ledgerBench } from '../ledger-bench.js';
import { creditBench } from '../credit.js';
import { reactBench } from '../react.js';
import type { ScaleFixture } from './scale-fixture.js';
import { MAX_VISITS, scaleCreditRaw, scaleCreditTarget, scaleReactRaw, scaleReactTarget } from './scale-targets.js';
import { creditRollupsRow, metricsRollupsRow, positionRow, refreshLoopRow, refreshRow, topPageRow } from './scale-leaderboard-rows.js';

export interface ScaleContext {
  readonly backend: BenchBackend;
  readonly fixture: ScaleFixture;
  /** Random fixture members a run cannot level up (see scale-targets.ts): the engine sides'. */
  readonly sample: readonly number[];
  /** As many others, none in `sample`: the raw-driver sides' (a member visited by both could level up). */
  readonly rawSample: readonly number[];
  /** Measured time of each side of a comparison (in alternating slices). */
  readonly durationMs: number;
  readonly concurrency: number;
  readonly slices: number;
  /** Reads per latency measurement. */
  readonly reads: number;
  /** The rollups on/off row's refresh cadence in seconds (default: the economy's setting). */
  readonly refreshSeconds?: number;
  /** A fresh database of 1,000 pre-funded members, as `besitos bench` rows use; destroyed by the runner. */
  smallDatabase(): Promise<BenchDatabase>;
  readonly pgUrl?: string;
}

export interface ScaleResult {
  /** The figure on the fixture (text, units included). */
  atScale: string;
  /** The same row at 1,000 members, when it has one. */
  atSmall?: string;
  /** atScale / atSmall for rates. */
  ratio?: number;
  /** Rates: the same ratio for the raw driver running the same SQL (what the database alone loses with data). */
  rawRatio?: number;
  /** The goal the row is held to (issue 12/14), and whether this run met it. */
  goal?: string;
  met?: boolean;
  note?: string;
}

export interface ScaleMeasurement {
  readonly id: string;
  readonly title: string;
  /** Why there is no figure yet (the API it needs); a row without `run` is printed as pending. */
  readonly pending?: string;
  run?(ctx: ScaleContext): Promise<ScaleResult>;
}

export const SCALE_MEASUREMENTS: readonly ScaleMeasurement[] = [
  { id: 'credit', title: 'credit (Ledger.credit) ops/s', run: creditRow },
  { id: 'react', title: 'accepted press (reactions.react) ops/s', run: reactRow },
  { id: 'history-first', title: 'history, first page p50 / p99', run: (ctx) => historyRow(ctx, false) },
  { id: 'history-deep', title: 'history, deep page p50 / p99', run: (ctx) => historyRow(ctx, true) },
  // Issue 12's numbers (scale-leaderboard-rows.ts): everyone opted in, after a full refresh.
  { id: 'leaderboard-top', title: 'leaderboard top page p99 (≤ 5 ms)', run: topPageRow },
  { id: 'leaderboard-position', title: "a member's position p99 (≤ 5 ms)", run: positionRow },
  { id: 'metrics-rollups', title: 'metrics from the rollups p95 (≤ 200 ms)', run: metricsRollupsRow },
  { id: 'refresh-100k', title: 'refresh after 100k movements (≤ 10 s)', run: refreshRow },
  { id: 'refresh-credit-loop', title: 'credit loop during a refresh: p99, rate vs without', run: refreshLoopRow },
  { id: 'credit-rollups-on', title: 'credit with rollups on / off (≥ 0.95)', run: creditRollupsRow },
];

type Target = BenchTarget & { capacity?: number };

/**
 * The targets' closed loops in alternating slices (a, b, c, d, then d, c, b, a, …) after a
 * warm-up each, so other load on the machine falls on all of them: median slice
 * throughput, pooled latencies.
 */
async function compareLoops(ctx: ScaleContext, targets: readonly Target[]): Promise<LoopStats[]> {
  const sides = targets.map((target) => ({ target, next: 0, results: [] as LoopResult[] }));
  // The prepared work is shared out between the warm-up and the slices, so a fast run on a
  // small fixture ends its slices early instead of running out of work.
  const share = (side: (typeof sides)[number]) => Math.floor((side.target.capacity ?? Infinity) / (ctx.slices + 1));
  const run = async (side: (typeof sides)[number], durationMs: number, record: boolean) => {
    const ops = share(side);
    if (ops < ctx.concurrency) throw new Error('scale bench: a loop has too little prepared work');
    const r = await closedLoop(side.target.op, {
      concurrency: ctx.concurrency,
      firstSeq: side.next,
      durationMs,
      ...(ops !== Infinity ? { ops } : {}),
      record,
    });
    side.next = r.nextSeq;
    return r;
  };
  for (const side of sides) await run(side, Math.min(500, ctx.durationMs / 4), false);
  for (let i = 0; i < ctx.slices; i++) {
    for (const side of i % 2 === 0 ? sides : [...sides].reverse()) side.results.push(await run(side, ctx.durationMs / ctx.slices, true));
  }
  return sides.map((side) => loopStats(side.results));
}

/** A rate row's sides: the engine and the raw driver, each on the fixture and on 1,000 members. */
interface RateSides {
  scale: Target;
  small: Target;
  rawScale: Target;
  rawSmall: Target;
}

const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

function rate(s: LoopStats): string {
  return `${thousands(s.opsPerSecond)} (p99 ${s.p99Ms.toFixed(2)} ms)`;
}

function ratioOf(scale: LoopStats, small: LoopStats): number {
  return small.opsPerSecond > 0 ? scale.opsPerSecond / small.opsPerSecond : 0;
}

function rateResult([scale, small, rawScale, rawSmall]: LoopStats[], ctx: ScaleContext): ScaleResult {
  const ratio = ratioOf(scale!, small!);
  const raw = ratioOf(rawScale!, rawSmall!);
  return {
    atScale: rate(scale!),
    atSmall: rate(small!),
    ratio,
    rawRatio: raw,
    goal: 'ratio ≥ 0.8',
    met: ratio >= 0.8,
    note:
      `${ctx.concurrency} callers, ${thousands(ctx.sample.length)} random members; ` +
      `raw driver ${thousands(rawScale!.opsPerSecond)} vs ${thousands(rawSmall!.opsPerSecond)}/s (${thousands(ctx.rawSample.length)} others)`,
  };
}

/** The rate row of the four sides: compared, then all closed whatever happened. */
async function rateRow(ctx: ScaleContext, sides: RateSides): Promise<ScaleResult> {
  try {
    return rateResult(await compareLoops(ctx, [sides.scale, sides.small, sides.rawScale, sides.rawSmall]), ctx);
  } finally {
    // The raw sides first: the engine press side's close resets the settings both ran with.
    for (const target of [sides.rawScale, sides.rawSmall, sides.scale, sides.small]) await target.close();
  }
}

function connection(ctx: ScaleContext): { poolSize: number; pgUrl?: string } {
  return { poolSize: ctx.concurrency, ...(ctx.pgUrl ? { pgUrl: ctx.pgUrl } : {}) };
}

async function creditRow(ctx: ScaleContext): Promise<ScaleResult> {
  const credit = ledgerBench(creditBench);
  const small = await credit.target('engine', await ctx.smallDatabase(), connection(ctx));
  const rawSmall = await credit.target('baseline', await ctx.smallDatabase(), connection(ctx));
  const { storage } = ctx.fixture;
  return rateRow(ctx, {
    scale: { ...scaleCreditTarget(storage, ctx.sample), capacity: ctx.sample.length * MAX_VISITS },
    small,
    rawScale: { ...scaleCreditRaw(storage, ctx.rawSample, connection(ctx)), capacity: ctx.rawSample.length * MAX_VISITS },
    rawSmall,
  });
}

/** A fresh 1,000-member database with the `react` row's channel and posts, and the target of one side on it. */
async function smallPresses(ctx: ScaleContext, side: 'engine' | 'baseline'): Promise<Target> {
  const small = await ctx.smallDatabase();
  await reactBench.seed!(small);
  const capacity = await reactBench.reserve!([small], 400_000);
  return { ...(await reactBench.target(side, small, connection(ctx))), capacity };
}

async function reactRow(ctx: ScaleContext): Promise<ScaleResult> {
  const { storage } = ctx.fixture;
  const small = await smallPresses(ctx, 'engine');
  const rawSmall = await smallPresses(ctx, 'baseline');
  const scale = await scaleReactTarget(storage, ctx.sample, MAX_VISITS);
  const rawScale = await scaleReactRaw(storage, ctx.rawSample, MAX_VISITS, connection(ctx));
  return rateRow(ctx, { scale, small, rawScale, rawSmall });
}

/**
 * Members who read their history, weighted by activity (the member of a random movement: an
 * active member reads it more often and has the longer history); for a deep page, only
 * members with at least 3 pages, read from three quarters down their history.
 */
async function historyRow(ctx: ScaleContext, deep: boolean): Promise<ScaleResult> {
  const { db } = ctx.fixture.storage;
  const last = ctx.fixture.info.lastTransactionId;
  const picks: Array<{ member: number; cursor?: string }> = [];
  for (let attempt = 0; attempt < 20 && picks.length < ctx.reads; attempt++) {
    const ids = Array.from({ length: Math.min(1000, ctx.reads * 2) }, () => 1 + Math.floor(Math.random() * last));
    const rows = await db.selectFrom('transactions').select('member_id').where('id', 'in', ids).execute();
    for (const r of rows) {
      if (picks.length >= ctx.reads) break;
      const member = Number(r.member_id);
      if (!deep) {
        picks.push({ member });
        continue;
      }
      const n = await db.selectFrom('transactions').select((eb) => eb.fn.countAll<number>().as('n')).where('member_id', '=', member).executeTakeFirstOrThrow();
      const count = Number(n.n);
      if (count < 61) continue;
      const at = await db
        .selectFrom('transactions')
        .select('id')
        .where('member_id', '=', member)
        .orderBy('id', 'desc')
        .limit(1)
        .offset(Math.floor(count * 0.75))
        .executeTakeFirstOrThrow();
      picks.push({ member, cursor: encodeCursor(Number(at.id)) });
    }
  }
  const times = new Float64Array(picks.length);
  let rows = 0;
  for (let i = 0; i < picks.length; i++) {
    const p = picks[i]!;
    const t0 = performance.now();
    const page = await readHistory(db, p.member, p.cursor ? { cursor: p.cursor } : {});
    times[i] = performance.now() - t0;
    rows += page.items.length;
  }
  times.sort();
  const p99 = percentile(times, 0.99);
  return {
    atScale: `${percentile(times, 0.5).toFixed(2)} / ${p99.toFixed(2)} ms`,
    goal: 'p99 ≤ 5 ms',
    met: p99 <= 5,
    note: `${picks.length} members by activity, ${(rows / Math.max(1, picks.length)).toFixed(1)} rows a page${deep ? ', 3/4 down' : ''}`,
  };
}
