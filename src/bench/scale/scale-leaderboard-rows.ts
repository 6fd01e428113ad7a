/**
 * Issue 12's rows of `besitos bench --scale N`: the leaderboards, the metrics from the
 * rollups and what their refresh costs the earn path. They run on the fixture with every
 * member opted in (the worst case for a refresh: every board holds everyone with earnings),
 * after one full refresh that rolls the whole ledger up (its time is the first row's note).
 *
 * Credits here are `Ledger.credit` of 1 besito (EARN_REACTION) to members drawn fresh for
 * each row, each once a row at scale (round-robin on a small fixture): a level-up now and then is allowed (these rows measure
 * the refresh's effect on credits, not the fast path alone).
 */
import { sql } from 'kysely';
import { systemClock } from '../../core/clock.js';
import { createEngineContext, type EngineContext } from '../../core/engine-context.js';
import { Ledger } from '../../core/ledger/ledger.js';
import { LeaderboardsService } from '../../core/leaderboards/leaderboards-service.js';
import { BOARDS } from '../../core/leaderboards/boards.js';
import { readMetrics } from '../../core/metrics/metrics.js';
import { computeMetricsSnapshot } from '../../core/metrics/metrics-snapshot.js';
import { STATS_LEASE, StatsService, type RefreshReport } from '../../core/stats/stats-service.js';
import { closedLoop, percentile, type LoopResult } from '../closed-loop.js';
import type { ScaleContext, ScaleResult } from './scale-measurements.js';
import { sampleMembers } from './scale-targets.js';

/** New movements a refresh is timed after: 100k at 1M members (10 % of the members, each once). */
export const newMovementsFor = (members: number) => Math.max(1, Math.min(100_000, Math.floor(members / 10)));

const ms = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
const seconds = (n: number) => `${(n / 1000).toFixed(1)} s`;
const sleep = (t: number) => new Promise<void>((resolve) => setTimeout(resolve, t));

interface Prepared {
  optedIn: number;
  fullRefreshMs: number;
}

const prepared = new WeakMap<ScaleContext, Promise<Prepared>>();

/** Every member opted in and one full refresh, once per fixture run. */
function prepare(ctx: ScaleContext): Promise<Prepared> {
  let p = prepared.get(ctx);
  if (!p) {
    p = withEngine(ctx, async (engine) => {
      const { db } = ctx.fixture.storage;
      const at = Date.now();
      // Bulk, not one audited choice each: the bench needs the boards full, not the audit.
      await sql`insert into leaderboard_optins (member_id, opted_in_at)
                select m.id, ${at} from members m
                 where not exists (select 1 from leaderboard_optins o where o.member_id = m.id)`.execute(db);
      // A bench run that was stopped mid-refresh leaves the lease held for its 10 minutes.
      await db.deleteFrom('job_leases').where('job', '=', STATS_LEASE).execute();
      const n = await db.selectFrom('leaderboard_optins').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const t0 = performance.now();
      completed(await new StatsService(engine).refresh());
      return { optedIn: Number(n.n), fullRefreshMs: performance.now() - t0 };
    });
    prepared.set(ctx, p);
  }
  return p;
}

/**
 * PostgreSQL: VACUUM ANALYZE the rollups first, as autovacuum would. Every refresh updates
 * ~100k+ rows of `member_totals`; where autovacuum is off (as on this machine's server) the
 * dead versions pile up from row to row and run to run (580k after a few runs here) and each
 * refresh measured slower than the last (rollup 3.0 → 3.9 s, the metrics' scans too).
 */
async function settle(ctx: ScaleContext): Promise<void> {
  if (ctx.fixture.storage.dialect === 'postgres') await sql`vacuum analyze member_totals, economy_day_totals, balance_counts, earned_counts, active_minutes, top_balances`.execute(ctx.fixture.storage.db);
}

async function withEngine<T>(ctx: ScaleContext, run: (engine: EngineContext) => Promise<T>): Promise<T> {
  const engine = createEngineContext({ storage: ctx.fixture.storage, clock: systemClock });
  try {
    return await run(engine);
  } finally {
    await engine.settings.close();
  }
}

/** A refresher that has refreshed once, so it holds its last build's lines (board-lines.ts). */
async function warmStats(engine: EngineContext): Promise<StatsService> {
  const stats = new StatsService(engine);
  completed(await stats.refresh());
  return stats;
}

function completed(report: RefreshReport): Extract<RefreshReport, { skipped: null }> {
  if (report.skipped !== null) throw new Error(`scale bench: the refresh was skipped (${report.skipped})`);
  return report;
}

/**
 * Credits of 1 in a closed loop, op `seq` to member `seq` of `members` (round-robin once they
 * are all used). Each op ends by yielding to the event loop, as a press arriving from the
 * network does: on SQLite a credit can complete without one, and a loop of such would starve
 * the refresh (which lets presses in between its batches with setImmediate) of any turn.
 */
function creditOp(engine: EngineContext, members: readonly number[]) {
  const ledger = new Ledger(engine);
  return async (seq: number) => {
    await ledger.credit({ memberId: members[seq % members.length]!, amount: 1, type: 'EARN_REACTION' });
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
}

/** `count` new movements from as many distinct members, as fast as the callers go. */
async function addMovements(ctx: ScaleContext, engine: EngineContext, count: number): Promise<number> {
  const members = await sampleMembers(ctx.fixture.storage, count);
  await closedLoop(creditOp(engine, members), { concurrency: ctx.concurrency, firstSeq: 0, ops: members.length, record: false });
  return members.length;
}

async function timed(reads: number, read: (i: number) => Promise<unknown>): Promise<Float64Array> {
  const times = new Float64Array(reads);
  for (let i = 0; i < reads; i++) {
    const t0 = performance.now();
    await read(i);
    times[i] = performance.now() - t0;
  }
  return times.sort();
}

const board = (i: number) => BOARDS[i % BOARDS.length]!;

export async function topPageRow(ctx: ScaleContext): Promise<ScaleResult> {
  const prep = await prepare(ctx);
  return withEngine(ctx, async (engine) => {
    const boards = new LeaderboardsService(engine);
    const size = await boards.page('all');
    const times = await timed(ctx.reads, (i) => boards.page(board(i), { limit: 25 }));
    const p99 = percentile(times, 0.99);
    return {
      atScale: `${ms(percentile(times, 0.5))} / ${ms(p99)} ms p50 / p99`,
      goal: 'p99 ≤ 5 ms',
      met: p99 <= 5,
      note: `${ctx.reads} first pages of 25, the three boards in turn; ${prep.optedIn.toLocaleString('en-US')} opted in, ${size.entries.length ? 'boards full' : 'boards empty'}; full refresh (whole ledger) ${seconds(prep.fullRefreshMs)}`,
    };
  });
}

export async function positionRow(ctx: ScaleContext): Promise<ScaleResult> {
  await prepare(ctx);
  return withEngine(ctx, async (engine) => {
    const boards = new LeaderboardsService(engine);
    const members = await sampleMembers(ctx.fixture.storage, ctx.reads);
    const times = await timed(members.length, (i) => boards.position(board(i), members[i]!));
    const p99 = percentile(times, 0.99);
    return {
      atScale: `${ms(percentile(times, 0.5))} / ${ms(p99)} ms p50 / p99`,
      goal: 'p99 ≤ 5 ms',
      met: p99 <= 5,
      note: `${members.length} random members, the three boards in turn`,
    };
  });
}

/** What a reader waits for (the stored snapshot and the day totals) and what a refresh pays to compute it. */
export async function metricsRollupsRow(ctx: ScaleContext): Promise<ScaleResult> {
  await prepare(ctx);
  return withEngine(ctx, async (engine) => {
    const deps = { storage: ctx.fixture.storage, clock: systemClock, settings: engine.settings };
    const runs = Math.max(20, Math.min(200, ctx.reads));
    const reads = await timed(runs, () => readMetrics(deps, { days: 90 }));
    const timezone = (await engine.settings.all())['economy.timezone'];
    const computes = await timed(5, () => computeMetricsSnapshot(ctx.fixture.storage, engine.formula, Date.now(), timezone));
    const p95 = percentile(reads, 0.95);
    const computeP95 = percentile(computes, 0.95);
    return {
      atScale: `read ${ms(p95)} ms p95; computed from the rollups ${ms(computeP95)} ms p95`,
      goal: 'p95 ≤ 200 ms',
      met: p95 <= 200 && computeP95 <= 200,
      note: `${runs} reads (90 days), 5 computations; as stale as refresh_seconds + one refresh`,
    };
  });
}

/**
 * A refresh after 100k new movements, as a running process meets it: its refresher built the
 * boards before and starts from those lines (board-lines.ts). The first refresh of a process
 * (which reads and sorts every opted-in member) is measured too, and printed beside it.
 */
export async function refreshRow(ctx: ScaleContext): Promise<ScaleResult> {
  await prepare(ctx);
  await settle(ctx);
  return withEngine(ctx, async (engine) => {
    const stats = new StatsService(engine);
    const members = newMovementsFor(ctx.fixture.info.members);
    await addMovements(ctx, engine, members);
    const tFirst = performance.now();
    completed(await stats.refresh());
    const first = performance.now() - tFirst;
    const added = await addMovements(ctx, engine, members);
    const t0 = performance.now();
    const report = completed(await stats.refresh());
    const took = performance.now() - t0;
    // This refresh's pacing, before the idle one below replaces it.
    const longest = stats.lastPacing?.longestSliceMs ?? 0;
    const t1 = performance.now();
    completed(await stats.refresh());
    const idle = performance.now() - t1;
    return {
      atScale: seconds(took),
      goal: '≤ 10 s',
      met: took <= 10_000,
      note: `${report.movements.toLocaleString('en-US')} movements from ${added.toLocaleString('en-US')} members, longest slice ${ms(longest)} ms; all-time board ${report.boards.all.members.toLocaleString('en-US')}; a process's first refresh (every member read and sorted): ${seconds(first)}; nothing new: ${seconds(idle)}`,
    };
  });
}

function rate(list: readonly LoopResult[]): number {
  const done = list.reduce((n, r) => n + r.completed, 0);
  const s = list.reduce((n, r) => n + Number(r.elapsedNs) / 1e9, 0);
  return s > 0 ? done / s : 0;
}

function p99(list: readonly LoopResult[]): number {
  const pooled = new Float64Array(list.reduce((n, r) => n + r.latenciesMs.length, 0));
  let at = 0;
  for (const r of list) {
    pooled.set(r.latenciesMs, at);
    at += r.latenciesMs.length;
  }
  return percentile(pooled.sort(), 0.99);
}

const SLICE_MS = 250;

/**
 * A refresh after N/10 new movements with a credit loop running beside it (in slices until
 * it ends), against the same loop just before, with no refresh: p99 during, and the rate ratio.
 */
export async function refreshLoopRow(ctx: ScaleContext): Promise<ScaleResult> {
  await prepare(ctx);
  await settle(ctx);
  return withEngine(ctx, async (engine) => {
    // A running refresher, as in a process that has refreshed before (its first refresh reads
    // and sorts every member: the refresh row prints what that costs).
    const stats = await warmStats(engine);
    const movements = newMovementsFor(ctx.fixture.info.members);
    await addMovements(ctx, engine, movements);
    // Members for the loops: at scale more than the loops reach, so most credits touch a cold row.
    const members = await sampleMembers(ctx.fixture.storage, Math.max(ctx.sample.length, 1000));
    const op = creditOp(engine, members);
    let next = 0;
    const slice = async () => {
      const r = await closedLoop(op, { concurrency: ctx.concurrency, firstSeq: next, durationMs: SLICE_MS, record: true });
      next = r.nextSeq;
      return r;
    };
    const before: LoopResult[] = [];
    for (let t = 0; t < Math.max(ctx.durationMs / 2, 4 * SLICE_MS); t += SLICE_MS) before.push(await slice());
    let done = false;
    const t0 = performance.now();
    const refresh = stats.refresh().finally(() => {
      done = true;
    });
    const during: LoopResult[] = [];
    while (!done) during.push(await slice());
    const report = completed(await refresh);
    const took = performance.now() - t0;
    const ratio = rate(before) > 0 ? rate(during) / rate(before) : 0;
    const tail = p99(during);
    return {
      atScale: `p99 ${ms(tail)} ms during (${ms(p99(before))} without); ${Math.round(rate(during)).toLocaleString('en-US')} vs ${Math.round(rate(before)).toLocaleString('en-US')} ops/s`,
      ratio,
      goal: `p99 ≤ 50 ms${ctx.backend === 'sqlite' ? '' : ' (SQLite goal)'}, ratio ≥ 0.8`,
      met: (ctx.backend !== 'sqlite' || tail <= 50) && ratio >= 0.8,
      note: `refresh of ${report.movements.toLocaleString('en-US')} movements took ${seconds(took)}, longest slice ${ms(stats.lastPacing?.longestSliceMs ?? 0)} ms; ${ctx.concurrency} callers`,
    };
  });
}

/**
 * Credits with the stats job on (refreshing every 5 s, the shortest `leaderboard.refresh_seconds`)
 * against off, in windows of one run (on, off, off, on): the rate ratio on / off. The refresher
 * has refreshed once before, as in a running process. An "on" window runs the credits until the
 * last refresh it started has ended, so every refresh is measured whole beside them (the
 * pacer stretches it: it rests while credits wait); an "off" window starts once none runs.
 */
export async function creditRollupsRow(ctx: ScaleContext): Promise<ScaleResult> {
  await prepare(ctx);
  await settle(ctx);
  return withEngine(ctx, async (engine) => {
    const stats = await warmStats(engine);
    const members = await sampleMembers(ctx.fixture.storage, Math.max(ctx.sample.length, 1000));
    const op = creditOp(engine, members);
    // "On" is the jobs as a server runs them: a refresh every leaderboard.refresh_seconds.
    const cadenceMs = 1000 * (ctx.refreshSeconds ?? (await engine.settings.all())['leaderboard.refresh_seconds']);
    let next = 0;
    const sliceMs = Math.max(SLICE_MS, ctx.durationMs / ctx.slices);
    const slice = async () => {
      const r = await closedLoop(op, { concurrency: ctx.concurrency, firstSeq: next, durationMs: sliceMs, record: true });
      next = r.nextSeq;
      return r;
    };
    // The job: a refresh `cadenceMs` after the last one began, the first at once, only while on.
    let on = false;
    let stopped = false;
    let refreshing = false;
    let refreshes = 0;
    let refreshMs = 0;
    let last = -Infinity;
    const job = (async () => {
      while (!stopped) {
        if (!on || performance.now() - last < cadenceMs) {
          await sleep(20);
          continue;
        }
        last = performance.now();
        refreshing = true;
        try {
          completed(await stats.refresh());
        } finally {
          refreshing = false;
        }
        refreshMs += performance.now() - last;
        refreshes++;
      }
    })();
    const sides = { on: [] as LoopResult[], off: [] as LoopResult[] };
    // A window is at least one cadence: each "on" window holds the refreshes a server would
    // run in that time (one at its start, its tail included), so the cost per second is the
    // server's. With a window shorter than the cadence every window would start with one.
    const windowMs = Math.max(sliceMs, ctx.durationMs, cadenceMs);
    try {
      for (const side of ['on', 'off', 'off', 'on'] as const) {
        if (side === 'off') await stats.idle();
        on = side === 'on';
        last = -Infinity;
        const t0 = performance.now();
        while (performance.now() - t0 < windowMs) sides[side].push(await slice());
        on = false;
        // The refresh this window started runs to its end beside the credits.
        while (side === 'on' && refreshing) sides.on.push(await slice());
      }
    } finally {
      stopped = true;
      on = false;
      await job;
    }
    const ratio = rate(sides.off) > 0 ? rate(sides.on) / rate(sides.off) : 0;
    const onMs = sides.on.reduce((t, r) => t + Number(r.elapsedNs) / 1e6, 0);
    return {
      atScale: `${Math.round(rate(sides.on)).toLocaleString('en-US')} on / ${Math.round(rate(sides.off)).toLocaleString('en-US')} off ops/s (p99 ${ms(p99(sides.on))} / ${ms(p99(sides.off))} ms)`,
      ratio,
      goal: 'ratio ≥ 0.95',
      met: ratio >= 0.95,
      note: `${refreshes} refreshes (every ${cadenceMs / 1000} s, ${seconds(refreshes > 0 ? refreshMs / refreshes : 0)} each beside the credits) in ${seconds(onMs)} "on"; ${ctx.concurrency} callers`,
    };
  });
}
