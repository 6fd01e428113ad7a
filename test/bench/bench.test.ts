/**
 * Smoke test of `besitos bench`: a ~200 ms run per row on SQLite (and PostgreSQL when the
 * global setup found it). Checks the report's shape, that every number is positive, and,
 * in each database before it is removed, that the engine and the baseline both wrote
 * exactly one movement per op they counted (react: and one reaction row per press, tied
 * to its credit). No timing assertions: this machine is shared.
 */
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { sql } from 'kysely';
import { benchCommandOutput, resolveOptions, runBench, type BenchBackend, type BenchReport, type BenchRunInfo } from '../../src/bench/index.js';
import { freshDatabase } from '../../src/bench/bench-database.js';
import { reactStatements } from '../../src/bench/react-statements.js';

const ROW_KEYS = ['backend', 'baseline_ops_per_s', 'concurrency', 'name', 'ops_per_s', 'p50_ms', 'p99_ms', 'ratio'];
const CONCURRENCY = [1, 4];
const BENCHES = ['credit', 'spend', 'react'];

interface Counted {
  info: Omit<BenchRunInfo, 'db' | 'amountOf'>;
  transactions: number;
  benchTransactions: number;
  /** Reaction rows, and those tied to an EARN_REACTION transaction of the same member and post key. */
  reactions: number;
  pairedReactions: number;
  balance: number;
  expectedBalance: number;
}

/** Counts what the run left in its database (independently of the runner's own check). */
async function count(info: BenchRunInfo): Promise<Counted> {
  const { db, amountOf, ...rest } = info;
  const all = await db.selectFrom('transactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const moved = await db
    .selectFrom('transactions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('type', 'in', ['EARN_REACTION', 'SPEND_SHOP'])
    .executeTakeFirstOrThrow();
  const reactions = await db.selectFrom('reactions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const paired = await db
    .selectFrom('reactions as r')
    .innerJoin('transactions as t', 't.id', 'r.transaction_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('t.type', '=', 'EARN_REACTION')
    .whereRef('t.member_id', '=', 'r.member_id')
    .where(sql<boolean>`t.idempotency_key = 'reaction:' || r.channel_id || ':' || r.message_id`)
    .executeTakeFirstOrThrow();
  const sum = await db.selectFrom('profiles').select((eb) => eb.fn.sum<number>('balance').as('b')).executeTakeFirstOrThrow();
  let amounts = 0;
  for (let seq = 0; seq < info.totalOps; seq++) amounts += amountOf(seq);
  const sign = info.name === 'spend' ? -1 : 1;
  return {
    info: rest,
    transactions: Number(all.n),
    benchTransactions: Number(moved.n),
    reactions: Number(reactions.n),
    pairedReactions: Number(paired.n),
    balance: Number(sum.b),
    expectedBalance: info.memberIds.length * info.funding + sign * amounts,
  };
}

async function smoke(backend: BenchBackend, slices: number | undefined, pgUrl?: string): Promise<{ report: BenchReport; runs: Counted[] }> {
  const runs: Counted[] = [];
  const report = await runBench({
    backends: [backend],
    concurrency: CONCURRENCY,
    durationMs: 200,
    warmupMs: 50,
    members: 100,
    ...(slices !== undefined ? { slices } : {}),
    ...(pgUrl ? { pgUrl } : {}),
    afterRun: async (info) => {
      runs.push(await count(info));
    },
  });
  return { report, runs };
}

function checkReport(report: BenchReport, runs: Counted[], backend: BenchBackend, slices: number): void {
  expect(report.results).toHaveLength(BENCHES.length * CONCURRENCY.length);
  for (const row of report.results) {
    // react on PostgreSQL adds the pgbench comparison of its one-statement press (issue 14).
    expect(Object.keys(row).filter((k) => k !== 'pgbench_ops_per_s').sort()).toEqual(ROW_KEYS);
    if (row.pgbench_ops_per_s !== undefined) {
      expect([row.name, row.backend]).toEqual(['react', 'postgres']);
      expect(row.pgbench_ops_per_s).toBeGreaterThan(0);
    }
    expect(row.backend).toBe(backend);
    expect(BENCHES).toContain(row.name);
    expect(CONCURRENCY).toContain(row.concurrency);
    for (const key of ['ops_per_s', 'p50_ms', 'p99_ms', 'baseline_ops_per_s', 'ratio'] as const) {
      expect(Number.isFinite(row[key]), key).toBe(true);
      expect(row[key], key).toBeGreaterThan(0);
    }
    expect(row.p99_ms).toBeGreaterThanOrEqual(row.p50_ms);
    expect(row.ratio).toBeCloseTo(row.ops_per_s / row.baseline_ops_per_s, 1);
  }
  const names = report.results.map((r) => `${r.name}/${r.concurrency}`);
  expect(names).toEqual(['credit/1', 'credit/4', 'spend/1', 'spend/4', 'react/1', 'react/4']);

  // An engine and a baseline side per row, each on its own database, each did its work.
  expect(runs).toHaveLength(2 * report.results.length);
  for (const run of runs) {
    const label = `${run.info.name}/${run.info.concurrency}/${run.info.side}`;
    expect(run.info.measuredOps, label).toBeGreaterThan(0);
    expect(run.info.totalOps, label).toBeGreaterThanOrEqual(run.info.measuredOps);
    expect(run.benchTransactions, label).toBe(run.info.totalOps);
    expect(run.transactions, label).toBe(run.info.memberIds.length + run.info.totalOps);
    expect(run.balance, label).toBe(run.expectedBalance);
    // react: one reaction row per press, each with its own credit; the ledger benches write none.
    const presses = run.info.name === 'react' ? run.info.totalOps : 0;
    expect(run.reactions, label).toBe(presses);
    expect(run.pairedReactions, label).toBe(presses);
  }
  for (const row of report.results) {
    const sides = runs.filter((r) => r.info.name === row.name && r.info.concurrency === row.concurrency).map((r) => r.info.side);
    expect(sides.sort()).toEqual(['baseline', 'engine']);
  }

  const env = report.environment;
  expect(env.node).toBe(process.version);
  expect(env.cpus).toBeGreaterThan(0);
  expect(env.slices).toBe(slices);
  expect(env.sqlite_synchronous).toBe('normal');
  if (backend === 'sqlite') expect(env.sqlite_journal_mode).toBe('wal');
  if (backend === 'postgres') expect(env.postgres_version).toMatch(/^\d+/);

  // CLI output: the JSON is the report; the table has a line per row.
  expect(JSON.parse(benchCommandOutput(report, true))).toEqual(report);
  const table = benchCommandOutput(report, false);
  expect(table).toContain('baseline ops/s');
  // pgbench's line says what the raw driver reached beside it (the most a node-pg client gets).
  for (const row of report.results.filter((r) => r.pgbench_ops_per_s !== undefined)) {
    expect(table).toContain(`${row.name}/${row.backend}/${row.concurrency}: pgbench`);
    expect(table).toMatch(/raw driver [\d,]+\/s, raw\/pgbench \d+\.\d\d/);
  }
  expect(table.split('\n').filter((l) => BENCHES.some((b) => l.startsWith(`${b} `)))).toHaveLength(report.results.length);
}

describe('besitos bench', () => {
  it('measures the engine and the raw-driver baseline on SQLite', async () => {
    const { report, runs } = await smoke('sqlite', 3);
    checkReport(report, runs, 'sqlite', 3);
  });

  const pgUrl = inject('pgUrl');
  it.skipIf(!pgUrl)('measures the engine and the raw-driver baseline on PostgreSQL', async () => {
    // Default slicing: 200 ms fits two 100 ms slices.
    const { report, runs } = await smoke('postgres', undefined, pgUrl!);
    checkReport(report, runs, 'postgres', 2);
  });

  it('gives both sides of a SQLite row the WAL checkpointer from the start', async () => {
    // The engine's releases of its connection start it once the WAL grows; the raw driver's
    // loop never would, and its side paid SQLite's checkpoints on its own thread.
    const database = await freshDatabase({ backend: 'sqlite', members: 10, poolSize: 1 });
    try {
      expect(database.storage.checkpointer?.state).toBe('running');
    } finally {
      await database.destroy();
    }
    expect(database.storage.checkpointer?.state).toBe('stopped');
  });

  it('refuses options it cannot run', () => {
    expect(() => resolveOptions({ backends: ['postgres'] })).toThrow(/PostgreSQL URL/);
    expect(() => resolveOptions({ concurrency: [0] })).toThrow(/concurrency/);
    expect(() => resolveOptions({ durationMs: -5 })).toThrow(/durationMs/);
    expect(() => resolveOptions({ backends: [] })).toThrow(/no backend/);
    const resolved = resolveOptions({});
    expect(resolved.backends).toEqual(['sqlite']);
    expect(resolved.concurrency).toEqual([1, 8, 32]);
    expect(resolved.durationMs).toBe(3000);
    expect(resolved.slices).toBe(6);
    expect(resolved.benches.map((b) => b.name)).toEqual(BENCHES);
    expect(resolveOptions({ benches: ['react'] }).benches.map((b) => b.name)).toEqual(['react']);
    expect(() => resolveOptions({ benches: ['nope' as 'react'] })).toThrow(/unknown benchmark nope: use credit, spend, react/);
    expect(resolveOptions({ ops: 120 }).slices).toBe(2);
    expect(resolveOptions({ ops: 3, slices: 10 }).slices).toBe(3);
  });

  it("takes the react baseline's SQL from the reactions repository, binding what the engine binds", async () => {
    // reactStatements checks every bound value against the repository's for a sample press.
    const sqlite = await reactStatements('sqlite');
    expect(Object.keys(sqlite)).toEqual(['member', 'claim', 'replay', 'credit', 'transaction', 'reaction']);
    expect(sqlite.claim).toMatch(/insert into reaction_state/);
    const postgres = await reactStatements('postgres');
    expect(Object.keys(postgres)).toEqual(['claim', 'credit', 'reaction']);
    expect(postgres.claim).toMatch(/^with m as \(insert into members/);
    expect(postgres.reaction).toMatch(/insert into reactions/);
  });
});
