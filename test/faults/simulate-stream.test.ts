/**
 * Issue 11, failure 1: `besitos simulate` on PostgreSQL died (9 of 9) when its connections
 * were terminated mid-stream. Here the real program runs as a child process, lines arrive
 * while a third connection cuts its sessions several times; it answers every line, keeps
 * every keyed movement exactly once, and exits 0.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { faultUrl, PG_URL, sessionName, terminateSessions, useFaultDatabase } from './pg-faults.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAIN = join(ROOT, 'src', 'entry', 'main.ts');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
/** A program that answers nothing for this long is hanging (before the fix it hung until stdin closed). */
const SILENCE_MS = 45_000;

/** The besitos program with a stdin the test writes to as it goes. */
function liveBesitos(args: string[]) {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  let waiter: { count: number; resolve: () => void } | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    if (waiter && lines.length >= waiter.count) waiter.resolve();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return {
    lines,
    get stderr() {
      return stderr;
    },
    exited,
    send: (ops: object[]) => void child.stdin.write(ops.map((op) => `${JSON.stringify(op)}\n`).join('')),
    end: () => void child.stdin.end(),
    /** Resolves once `count` outcome lines arrived; rejects if the program ends first, or stops answering. */
    outcomes: (count: number) =>
      new Promise<void>((resolve, reject) => {
        if (lines.length >= count) return resolve();
        const fail = (why: string) => reject(new Error(`besitos simulate ${why} after ${lines.length} outcomes (waiting for ${count}): ${stderr.slice(0, 500)}`));
        const timer = setTimeout(() => {
          child.kill();
          fail('stopped answering');
        }, SILENCE_MS);
        waiter = {
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
        void exited.then((code) => {
          clearTimeout(timer);
          fail(`ended (exit ${code})`);
        });
      }),
  };
}

describe.skipIf(!PG_URL)('besitos simulate on PostgreSQL, its connections terminated mid-stream', () => {
  const fx = useFaultDatabase();
  const { base, schema } = fx;

  it('answers every line, keeps each keyed movement once, and exits 0', { timeout: 180_000 }, async () => {
    const app = sessionName('sim');
    const sim = liveBesitos(['--database', faultUrl(base, schema, app), 'simulate']);
    const ROUNDS = 4;
    const PER_ROUND = 40;
    let sent = 0;
    let terminated = 0;
    const expected = new Map<number, number>();
    const keys: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const ops: object[] = [];
      for (let i = 0; i < PER_ROUND; i++) {
        const n = round * PER_ROUND + i;
        const key = `line-${n}`;
        keys.push(key);
        if (i % 4 === 3) {
          const member = 1 + ((i - 1) % 5); // credited on the line before
          ops.push({ op: 'spend', member, amount: 1, key });
          expected.set(member, (expected.get(member) ?? 0) - 1);
        } else {
          const member = 1 + (i % 5);
          ops.push({ ...(n === 0 ? { at: '2025-03-01T10:00:00Z' } : {}), op: 'credit', member, amount: 3, key });
          expected.set(member, (expected.get(member) ?? 0) + 3);
        }
      }
      ops.push({ op: 'profile', member: 1 });
      sim.send(ops);
      // Cut its sessions once it is part-way through this round's lines.
      await sim.outcomes(sent + 10);
      terminated += await terminateSessions(fx.admin, app);
      sent += ops.length;
      await sim.outcomes(sent);
    }
    sim.send([{ op: 'verify' }]);
    sim.end();
    expect(await sim.exited).toBe(0);
    expect(sim.stderr).toBe('');
    expect(terminated).toBeGreaterThanOrEqual(ROUNDS);

    const outcomes = sim.lines.map((line) => JSON.parse(line));
    expect(outcomes).toHaveLength(sent + 1);
    expect(outcomes.filter((o) => !o.ok).map((o) => o.error)).toEqual([]);
    expect(outcomes.at(-1).result).toMatchObject({ ok: true, violations: [] });

    const { rows } = await fx.admin.query<{ key: string; n: string }>(
      `select idempotency_key as key, count(*) as n from ${schema}.transactions group by idempotency_key`,
    );
    expect(rows.map((r) => r.key).sort()).toEqual([...keys].sort());
    expect(rows.every((r) => r.n === '1')).toBe(true);
    const balances = await fx.admin.query<{ member_id: string; balance: string }>(`select member_id, balance from ${schema}.profiles order by member_id`);
    expect(balances.rows.map((r) => [Number(r.member_id), Number(r.balance)])).toEqual([...expected].sort((a, b) => a[0] - b[0]));
  });
});
