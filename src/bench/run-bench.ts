/**
 * `runBench`: for each backend × benchmark × concurrency, two fresh databases seeded the
 * same way, one driven through the engine (Ledger or reactions service → Kysely → the
 * hot-path SQL) and one through the raw driver running the same SQL, by the same closed
 * loops over the same op numbers (members, amounts, posts). The measured time of each
 * side is cut into slices run alternately on the two, so whatever else the machine is
 * doing falls on both. Afterwards each database must hold exactly what its side was
 * asked to write, so a row can never report work that was not done.
 */
import { countLedger, freshDatabase, type BenchDatabase } from './bench-database.js';
import type { Bench, BenchTarget } from './bench-target.js';
import type {
  BenchBackend,
  BenchEnvironment,
  BenchName,
  BenchOptions,
  BenchReport,
  BenchRow,
  BenchSide,
} from './bench-types.js';
import { runBotReactBench } from './bot-react.js';
import { runHttpCreditBench } from './http-credit.js';
import { closedLoop, loopStats, type LoopResult, type LoopStats } from './closed-loop.js';
import { creditBench } from './credit.js';
import { baseEnvironment, postgresSettings, sqliteSettings } from './environment.js';
import { ledgerBench } from './ledger-bench.js';
import { reactBench } from './react.js';
import { spendBench } from './spend.js';
import { DEFAULT_MEMBERS } from './workload.js';

export const DEFAULT_CONCURRENCY = [1, 8, 32];
export const DEFAULT_DURATION_MS = 3000;
export const DEFAULT_SLICES = 6;
/** PostgreSQL pool size: one connection per caller, at most this many (per side). */
export const MAX_POOL_SIZE = 32;
const MIN_SLICE_MS = 100;
const MIN_SLICE_OPS = 50;
/**
 * Benches whose ops need rows prepared ahead (react: posts) get room for this many ops
 * before the warm-up, and later RESERVE_FACTOR × what the fastest loop so far would do in
 * the next one. A loop never runs past the room (it is capped), so a slice that would
 * outrun it only ends early; its throughput still holds.
 */
const MIN_RESERVE_OPS = 100_000;
const RESERVE_FACTOR = 4;

const BENCHES: Record<BenchName, Bench> = {
  credit: ledgerBench(creditBench),
  spend: ledgerBench(spendBench),
  react: reactBench,
};
const SIDES: readonly BenchSide[] = ['engine', 'baseline'];

interface Resolved {
  backends: BenchBackend[];
  concurrency: number[];
  benches: Bench[];
  durationMs?: number;
  ops?: number;
  warmupMs: number;
  slices: number;
  members: number;
  pgUrl?: string;
  sqliteDir?: string;
  onRow?: BenchOptions['onRow'];
  afterRun?: BenchOptions['afterRun'];
  botReact?: BenchOptions['botReact'];
  httpCredit?: BenchOptions['httpCredit'];
}

function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new TypeError(`${what} must be a positive integer, got ${String(value)}`);
  }
  return value;
}

export function resolveOptions(options: BenchOptions): Resolved {
  const backends = options.backends ?? (options.pgUrl ? ['sqlite', 'postgres'] : ['sqlite']);
  if (backends.length === 0) throw new TypeError('no backend to bench');
  for (const b of backends) {
    if (b !== 'sqlite' && b !== 'postgres') throw new TypeError(`unknown backend ${String(b)}: use sqlite or postgres`);
  }
  if (backends.includes('postgres') && !options.pgUrl) {
    throw new TypeError('the postgres backend needs a PostgreSQL URL (pgUrl / DATABASE_URL)');
  }
  const concurrency = (options.concurrency ?? DEFAULT_CONCURRENCY).map((c) => positiveInteger(c, 'concurrency'));
  if (concurrency.length === 0) throw new TypeError('no concurrency level to bench');
  const names = options.benches ?? (Object.keys(BENCHES) as BenchName[]);
  const benches = names.map((n) => {
    const def = BENCHES[n];
    if (!def) throw new TypeError(`unknown benchmark ${String(n)}: use ${Object.keys(BENCHES).join(', ')}`);
    return def;
  });
  const ops = options.ops === undefined ? undefined : positiveInteger(options.ops, 'ops');
  const durationMs = ops === undefined ? positiveInteger(options.durationMs ?? DEFAULT_DURATION_MS, 'durationMs') : undefined;
  const warmupMs =
    options.warmupMs === undefined
      ? Math.min(500, Math.max(50, Math.round((durationMs ?? 1000) / 4)))
      : options.warmupMs === 0
        ? 0
        : positiveInteger(options.warmupMs, 'warmupMs');
  const fitting = ops !== undefined ? Math.floor(ops / MIN_SLICE_OPS) : Math.floor(durationMs! / MIN_SLICE_MS);
  const slices =
    options.slices === undefined
      ? Math.max(1, Math.min(DEFAULT_SLICES, fitting))
      : Math.min(positiveInteger(options.slices, 'slices'), ops ?? Infinity);
  const members = positiveInteger(options.members ?? DEFAULT_MEMBERS, 'members');
  return {
    backends: [...new Set(backends)],
    concurrency,
    benches,
    ...(durationMs !== undefined ? { durationMs } : {}),
    ...(ops !== undefined ? { ops } : {}),
    warmupMs,
    slices,
    members,
    ...(options.pgUrl ? { pgUrl: options.pgUrl } : {}),
    ...(options.sqliteDir ? { sqliteDir: options.sqliteDir } : {}),
    ...(options.onRow ? { onRow: options.onRow } : {}),
    ...(options.afterRun ? { afterRun: options.afterRun } : {}),
    ...(options.botReact ? { botReact: options.botReact } : {}),
    ...(options.httpCredit ? { httpCredit: options.httpCredit } : {}),
  };
}

export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const cfg = resolveOptions(options);
  const environment: BenchEnvironment = {
    ...baseEnvironment(),
    members: cfg.members,
    ...(cfg.durationMs !== undefined ? { duration_ms: cfg.durationMs } : {}),
    ...(cfg.ops !== undefined ? { ops: cfg.ops } : {}),
    warmup_ms: cfg.warmupMs,
    slices: cfg.slices,
  };
  const described = new Set<BenchBackend>();
  const results: BenchRow[] = [];
  for (const backend of cfg.backends) {
    for (const bench of cfg.benches) {
      for (const concurrency of cfg.concurrency) {
        const row = await measureRow(cfg, bench, backend, concurrency, async (database) => {
          if (described.has(backend)) return;
          described.add(backend);
          Object.assign(environment, backend === 'sqlite' ? sqliteSettings(database.storage) : await postgresSettings(database.storage));
        });
        results.push(row);
        cfg.onRow?.(row);
      }
    }
  }
  const where = (backend: BenchBackend) => ({ backend, ...(cfg.pgUrl ? { pgUrl: cfg.pgUrl } : {}), ...(cfg.sqliteDir ? { sqliteDir: cfg.sqliteDir } : {}) });
  const report: BenchReport = { results, environment };
  if (cfg.httpCredit) {
    report.http_credit = [];
    for (const backend of cfg.backends) report.http_credit.push(await runHttpCreditBench({ ...cfg.httpCredit, ...where(backend) }));
  }
  if (cfg.botReact) {
    report.bot_react = [];
    for (const backend of cfg.backends) report.bot_react.push(...(await runBotReactBench({ ...cfg.botReact, ...where(backend) })));
  }
  return report;
}

export function poolSizeFor(concurrency: number): number {
  return Math.min(MAX_POOL_SIZE, Math.max(1, concurrency));
}

interface Side {
  side: BenchSide;
  database: BenchDatabase;
  target?: BenchTarget;
  nextSeq: number;
  slices: LoopResult[];
}

async function measureRow(
  cfg: Resolved,
  bench: Bench,
  backend: BenchBackend,
  concurrency: number,
  describe: (database: BenchDatabase) => Promise<void>,
): Promise<BenchRow> {
  const poolSize = poolSizeFor(concurrency);
  const label = (side: BenchSide) => `${bench.name}/${backend}/${concurrency}/${side}`;
  const sides: Side[] = [];
  try {
    for (const side of SIDES) {
      const database = await freshDatabase({
        backend,
        members: cfg.members,
        poolSize,
        ...(cfg.pgUrl ? { pgUrl: cfg.pgUrl } : {}),
        ...(cfg.sqliteDir ? { sqliteDir: cfg.sqliteDir } : {}),
      });
      const entry: Side = { side, database, nextSeq: 0, slices: [] };
      sides.push(entry);
      await bench.seed?.(database);
      entry.target = await bench.target(side, database, { ...(cfg.pgUrl ? { pgUrl: cfg.pgUrl } : {}), poolSize });
    }
    await describe(sides[0]!.database);

    // Room for ops (react: registered posts), on both databases alike, before each loop.
    let room = Infinity;
    let fastest = 0;
    const reserve = async (size: { ops: number } | { durationMs: number }): Promise<void> => {
      if (!bench.reserve) return;
      const next = Math.max(...sides.map((s) => s.nextSeq));
      const ahead = 'ops' in size ? size.ops : Math.max(MIN_RESERVE_OPS, Math.ceil(((fastest * size.durationMs) / 1000) * RESERVE_FACTOR));
      room = await bench.reserve(sides.map((s) => s.database), next + ahead);
    };
    const run = async (s: Side, size: { ops: number } | { durationMs: number }, record: boolean): Promise<LoopResult> => {
      let capped: { ops?: number; durationMs?: number } = size;
      if (room !== Infinity) {
        const left = room - s.nextSeq;
        if (left <= 0) throw new Error(`bench ${label(s.side)}: no room for more ops after ${s.nextSeq} (the workload allows ${room})`);
        capped = 'ops' in size ? { ops: Math.min(size.ops, left) } : { ...size, ops: left };
      }
      const result = await closedLoop(s.target!.op, { concurrency, firstSeq: s.nextSeq, ...capped, record });
      s.nextSeq = result.nextSeq;
      const seconds = Number(result.elapsedNs) / 1e9;
      if (seconds > 0) fastest = Math.max(fastest, result.completed / seconds);
      return result;
    };

    if (cfg.warmupMs > 0) {
      await reserve({ durationMs: cfg.warmupMs });
      for (const s of sides) await run(s, { durationMs: cfg.warmupMs }, false);
    }
    for (let i = 0; i < cfg.slices; i++) {
      const size = sliceSize(cfg, i);
      await reserve(size);
      // engine, baseline, baseline, engine, …: each side goes first as often as the other.
      const order = i % 2 === 0 ? sides : [...sides].reverse();
      for (const s of order) s.slices.push(await run(s, size, true));
    }

    for (const s of sides) {
      await selfCheck(s.database, bench, s.nextSeq, label(s.side));
      await cfg.afterRun?.({
        name: bench.name,
        backend,
        concurrency,
        side: s.side,
        totalOps: s.nextSeq,
        measuredOps: s.slices.reduce((n, r) => n + r.completed, 0),
        memberIds: s.database.memberIds,
        funding: s.database.funding,
        amountOf: (seq) => bench.amountOf(seq),
        db: s.database.storage.db,
      });
    }
    const [engine, baseline] = sides.map((s) => loopStats(s.slices));
    const row = toRow(bench.name, backend, concurrency, engine!, baseline!);
    if (backend === 'postgres' && cfg.pgUrl && bench.compare) {
      const durationMs = cfg.durationMs ?? DEFAULT_DURATION_MS;
      const pgbench = await bench.compare(sides[1]!.database, { pgUrl: cfg.pgUrl, concurrency, durationMs });
      if (pgbench !== undefined) row.pgbench_ops_per_s = pgbench;
    }
    return row;
  } finally {
    for (const s of sides) {
      await s.target?.close();
      await s.database.destroy();
    }
  }
}

/** Slice i's share of the measured time or ops (ops: the remainder goes to the first slices). */
function sliceSize(cfg: Resolved, i: number): { ops: number } | { durationMs: number } {
  if (cfg.ops !== undefined) {
    const base = Math.floor(cfg.ops / cfg.slices);
    return { ops: base + (i < cfg.ops % cfg.slices ? 1 : 0) };
  }
  return { durationMs: (cfg.durationMs ?? DEFAULT_DURATION_MS) / cfg.slices };
}

function toRow(name: BenchName, backend: BenchBackend, concurrency: number, engine: LoopStats, baseline: LoopStats): BenchRow {
  return {
    name,
    backend,
    concurrency,
    ops_per_s: Math.round(engine.opsPerSecond),
    p50_ms: round(engine.p50Ms, 3),
    p99_ms: round(engine.p99Ms, 3),
    baseline_ops_per_s: Math.round(baseline.opsPerSecond),
    ratio: baseline.opsPerSecond > 0 ? round(engine.opsPerSecond / baseline.opsPerSecond, 2) : 0,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * The database must hold the seed plus exactly one movement per op, with the sums to match,
 * and whatever else the bench checks (react: one reaction row per press).
 */
async function selfCheck(database: BenchDatabase, bench: Bench, totalOps: number, label: string): Promise<void> {
  const members = database.memberIds.length;
  let moved = 0;
  for (let seq = 0; seq < totalOps; seq++) moved += bench.amountOf(seq);
  const seeded = members * database.funding;
  const expected = {
    transactions: members + totalOps,
    balance: seeded + bench.sign * moved,
    totalEarned: seeded + (bench.sign > 0 ? moved : 0),
    totalSpent: bench.sign < 0 ? moved : 0,
  };
  const actual = await countLedger(database.storage);
  for (const key of Object.keys(expected) as Array<keyof typeof expected>) {
    if (actual[key] !== expected[key]) {
      throw new Error(`bench ${label}: ${key} is ${actual[key]} after ${totalOps} ops, expected ${expected[key]}`);
    }
  }
  await bench.check?.(database, totalOps, label);
}
