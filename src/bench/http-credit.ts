/**
 * Bench row `http-credit` (issue 13): admin credits per second through the admin API —
 * a keep-alive HTTP client on loopback, 32 concurrent callers (closed loops), each POST
 * /api/v1/members/{id}/credit with a bearer token, a JSON body and an Idempotency-Key —
 * beside the engine alone doing the same work (`ledger.adminCredit` with the same reason,
 * metadata and key) at the same concurrency, in the same run (target ratio ≥ 0.6).
 *
 * Each side gets its own fresh database with the bench's funded members; the measured time
 * is cut into slices run alternately on the two sides (as the other rows do), after a
 * warm-up of 4 s each (`DEFAULT_WARMUP_MS`); throughput is the median of a side's slices.
 * Afterwards each database must hold one transaction per credit made and verify. The client
 * runs in a worker thread (below), so the server's thread does only what `npm start` would
 * do for a client elsewhere.
 */
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { systemClock } from '../core/clock.js';
import { createEconomy, type Economy } from '../core/engine.js';
import { createHttpApp } from '../http/app.js';
import { listen, type HttpServerHandle } from '../http/listen.js';
import { listenBareCredit } from './bare-credit-server.js';
import { countLedger, freshDatabase, type BenchDatabase } from './bench-database.js';
import type { BenchBackend } from './bench-types.js';
import { closedLoop, loopStats, type LoopResult } from './closed-loop.js';
import { amountOf, memberOf } from './workload.js';

/** The admin the bench's token acts for (configured, so no database read decides it). */
const BENCH_ADMIN = 9_999_001;
const POOL_SIZE = 32;
export const HTTP_CREDIT_RATIO_TARGET = 0.6;
/**
 * Each side's warm-up before the measured slices. Not the other rows' 500 ms: a fresh API
 * server needs seconds of requests before V8 has compiled its path (Node's HTTP parser and
 * writer, hono's router, zod, the JSON bodies). Per second from a cold start (SQLite, 32
 * callers, quiet machine): 735, 1,759, 3,401, 4,199, 4,692, then 3,400–4,800; the engine
 * alone is at its rate within half a second. With 500 ms the row compared a cold server
 * with a warm engine (0.23–0.30 on SQLite where 12 s runs gave 0.52). A server that takes
 * the API's traffic has run longer than 4 s.
 */
const DEFAULT_WARMUP_MS = 4000;

export interface HttpCreditOptions {
  backend: BenchBackend;
  pgUrl?: string;
  sqliteDir?: string;
  /** Concurrent callers on each side (default 32). */
  concurrency?: number;
  /** Measured time of each side (default 3000 ms), in `slices` alternating slices (default 6). */
  durationMs?: number;
  slices?: number;
  warmupMs?: number;
  /** Members the credits are spread over (default 1000). */
  members?: number;
}

export interface HttpCreditRow {
  name: 'http-credit';
  backend: BenchBackend;
  concurrency: number;
  /** Credits per second through the API. */
  http_per_s: number;
  p50_ms: number;
  p99_ms: number;
  /** The same credits per second on the engine alone. */
  engine_per_s: number;
  /** http_per_s / engine_per_s. */
  ratio: number;
  /**
   * The floor: the same requests answered by bare `node:http` around the same engine calls
   * (bare-credit-server.ts), per second, and that over engine_per_s: the most any HTTP API
   * on one Node thread reaches on this machine, which bounds `ratio`.
   */
  bare_per_s: number;
  bare_ratio: number;
  /** Credits made through the API (warm-up included), all checked in the database. */
  http_credits: number;
}

interface Side {
  database: BenchDatabase;
  economy: Economy;
  /** One closed-loop slice of `durationMs` from op number `firstSeq`. */
  slice: (firstSeq: number, durationMs: number, record: boolean) => Promise<LoopResult>;
  close(): Promise<void>;
  nextSeq: number;
  slices: LoopResult[];
  /** Its database is another side's (closed and checked with that one). */
  shares?: boolean;
}

const REASON = 'bench';

async function prepare(options: HttpCreditOptions, members: number): Promise<{ database: BenchDatabase; economy: Economy }> {
  const database = await freshDatabase({
    backend: options.backend,
    members,
    poolSize: POOL_SIZE,
    ...(options.pgUrl ? { pgUrl: options.pgUrl } : {}),
    ...(options.sqliteDir ? { sqliteDir: options.sqliteDir } : {}),
  });
  return { database, economy: createEconomy({ storage: database.storage, clock: systemClock, adminIds: [BENCH_ADMIN] }) };
}

/**
 * The HTTP client runs in a worker thread, as any client of the API is another process: the
 * server's thread does the server's work only. The worker is plain JavaScript (no import
 * but node's), so it runs the same from the sources (tests) and from dist/. Its loops are
 * the same closed loops as closed-loop.ts; `amountOf`/`memberOf` are workload.ts's, restated.
 */
const CLIENT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const { port, token, memberIds, concurrency, keyPrefix } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const amountOf = (seq) => 1 + (seq % 7);
const memberOf = (seq) => memberIds[seq % memberIds.length];
// A kept-alive socket the server closed while this client idled (the other sides' slices)
// fails with ECONNRESET before any answer: sent again once, the Idempotency-Key makes that
// safe, and a replay (200) of a credit that did land counts as the credit.
const post = (seq) => send(seq).catch((err) => (err && err.code === 'ECONNRESET' ? send(seq, true) : Promise.reject(err)));
const send = (seq, again = false) => new Promise((resolve, reject) => {
  const body = JSON.stringify({ amount: amountOf(seq), reason: 'bench' });
  const req = request({ agent, host: '127.0.0.1', port, method: 'POST', path: '/api/v1/members/' + memberOf(seq) + '/credit',
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'idempotency-key': keyPrefix + seq } },
    (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 201 || (again && res.statusCode === 200) ? resolve() : reject(new Error('bench http-credit: ' + res.statusCode + ' ' + Buffer.concat(chunks)))));
      res.on('error', reject);
    });
  req.on('error', reject);
  req.end(body);
});
parentPort.on('message', async ({ firstSeq, durationMs, record }) => {
  try {
    let next = firstSeq;
    let count = 0;
    let failed = false;
    const latencies = [];
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(Math.round(durationMs * 1e6));
    const caller = async () => {
      while (!failed && process.hrtime.bigint() < deadline) {
        const seq = next++;
        const t0 = process.hrtime.bigint();
        try { await post(seq); } catch (err) { failed = true; throw err; }
        if (record) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        count++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, caller));
    const elapsedNs = String(process.hrtime.bigint() - start);
    parentPort.postMessage({ ok: true, completed: count, nextSeq: next, elapsedNs, latencies: Float64Array.from(latencies) });
  } catch (err) {
    parentPort.postMessage({ ok: false, error: String(err && err.message || err) });
  }
});
`;

interface WorkerAnswer {
  ok: boolean;
  error?: string;
  completed: number;
  nextSeq: number;
  elapsedNs: string;
  latencies: Float64Array;
}

/**
 * The client's server: the admin API (`npm start`'s) on a database of its own, or the bare
 * floor (bare-credit-server.ts) on the engine side's (`shared`), with keys of its own: three
 * PostgreSQL pools of 32 at once would pass the server's 100 connections.
 */
async function httpSide(options: HttpCreditOptions, members: number, concurrency: number, serve: 'api' | 'bare', shared?: Side): Promise<Side> {
  const { database, economy } = shared ?? (await prepare(options, members));
  const issued = await economy.apiTokens.issue(BENCH_ADMIN, { name: 'bench' });
  const server: HttpServerHandle =
    serve === 'api'
      ? await listen(createHttpApp({ economy, logger: pino({ level: 'silent' }) }), '127.0.0.1', 0)
      : await listenBareCredit((token, memberId, amount, key) => engineCredit(economy, token, memberId, amount, key));
  const worker = new Worker(CLIENT_WORKER, {
    eval: true,
    workerData: { port: server.port, token: issued.token, memberIds: [...database.memberIds], concurrency, keyPrefix: `${serve}-` },
  });
  const slice = (firstSeq: number, durationMs: number, record: boolean) =>
    new Promise<LoopResult>((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      worker.once('error', onError);
      worker.once('message', (answer: WorkerAnswer) => {
        worker.off('error', onError);
        if (!answer.ok) return reject(new Error(answer.error));
        resolve({ completed: answer.completed, nextSeq: answer.nextSeq, elapsedNs: BigInt(answer.elapsedNs), latenciesMs: answer.latencies });
      });
      worker.postMessage({ firstSeq, durationMs, record });
    });
  return {
    database,
    economy,
    slice,
    nextSeq: 0,
    slices: [],
    close: async () => {
      await worker.terminate();
      await server.close();
    },
  };
}

/**
 * What the API's credit route asks of the engine, token check included: the engine side's
 * op and the bare server's handler, so that the two differ from the API by HTTP alone.
 */
async function engineCredit(economy: Economy, token: string, memberId: number, amount: number, key: string): Promise<void> {
  const principal = await economy.apiTokens.authenticate(token);
  if (!principal) throw new Error('bench http-credit: the token was refused');
  await economy.ledger.adminCredit({
    adminId: principal.adminId,
    memberId,
    amount,
    reason: REASON,
    metadata: { via: 'api', token_id: principal.tokenId },
    idempotencyKey: `api:${key}`,
  });
}

async function engineSide(options: HttpCreditOptions, members: number, concurrency: number): Promise<Side> {
  const { database, economy } = await prepare(options, members);
  const issued = await economy.apiTokens.issue(BENCH_ADMIN, { name: 'bench' });
  const op = (seq: number) => engineCredit(economy, issued.token, memberOf(database.memberIds, seq), amountOf(seq), `engine-${seq}`);
  const slice = (firstSeq: number, durationMs: number, record: boolean) => closedLoop(op, { concurrency, firstSeq, durationMs, record });
  return { database, economy, slice, nextSeq: 0, slices: [], close: async () => {} };
}

export async function runHttpCreditBench(options: HttpCreditOptions): Promise<HttpCreditRow> {
  const concurrency = options.concurrency ?? 32;
  const durationMs = options.durationMs ?? 3000;
  const slices = options.slices ?? 6;
  const warmupMs = options.warmupMs ?? DEFAULT_WARMUP_MS;
  const members = options.members ?? 1000;
  for (const [name, value] of Object.entries({ concurrency, durationMs, slices, members })) {
    if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  const sides: Side[] = [];
  try {
    sides.push(await httpSide(options, members, concurrency, 'api'));
    sides.push(await engineSide(options, members, concurrency));
    sides.push({ ...(await httpSide(options, members, concurrency, 'bare', sides[1])), shares: true });
    const run = async (s: Side, ms: number, record: boolean) => {
      const result = await s.slice(s.nextSeq, ms, record);
      s.nextSeq = result.nextSeq;
      return result;
    };
    for (const s of sides) await run(s, warmupMs, false);
    // Each slice round starts with another side, so no side always follows the same one.
    for (let i = 0; i < slices; i++) {
      for (let j = 0; j < sides.length; j++) {
        const s = sides[(i + j) % sides.length]!;
        s.slices.push(await run(s, durationMs / slices, true));
      }
    }
    // A database holds the credits of every side on it (the engine's and the bare floor's).
    for (const [i, s] of sides.entries()) {
      if (s.shares) continue;
      const credits = sides.filter((o) => o.database === s.database).reduce((n, o) => n + o.nextSeq, 0);
      await check(s, credits, SIDE_LABELS[i]!);
    }
    const [http, engine, bare] = sides.map((s) => loopStats(s.slices));
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
    return {
      name: 'http-credit',
      backend: options.backend,
      concurrency,
      http_per_s: Math.round(http!.opsPerSecond),
      p50_ms: Math.round(http!.p50Ms * 1000) / 1000,
      p99_ms: Math.round(http!.p99Ms * 1000) / 1000,
      engine_per_s: Math.round(engine!.opsPerSecond),
      ratio: ratio(http!.opsPerSecond, engine!.opsPerSecond),
      bare_per_s: Math.round(bare!.opsPerSecond),
      bare_ratio: ratio(bare!.opsPerSecond, engine!.opsPerSecond),
      http_credits: sides[0]!.nextSeq,
    };
  } finally {
    for (const s of sides) await s.close();
    for (const s of sides) {
      if (s.shares) continue;
      await s.economy.close();
      await s.database.destroy();
    }
  }
}

const SIDE_LABELS = ['http', 'engine', 'bare'];

/** One transaction per credit made on the side's database on top of the seed, and a ledger that verifies. */
async function check(s: Side, credits: number, label: string): Promise<void> {
  const counted = await countLedger(s.database.storage);
  const expected = s.database.memberIds.length + credits;
  if (counted.transactions !== expected) {
    throw new Error(`bench http-credit/${label}: ${counted.transactions} transactions after ${credits} credits, expected ${expected}`);
  }
  const report = await s.economy.verify();
  if (!report.ok) throw new Error(`bench http-credit/${label}: the ledger does not verify`);
}
