/**
 * The ledger tests' view of the engine fixture (engine-fixture.ts): its storage, clock and
 * ledger (configured admin ADMIN_ID), plus small helpers that read the tables directly so a
 * test can assert "nothing changed" by counting rows.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { EconomyError, type ErrorCode } from '../../src/core/errors.js';
import type { Storage } from '../../src/storage/connect.js';
import type { Database, Role } from '../../src/storage/database.js';
import { migratedStorage, type TestDialect } from './dialects.js';
import { ADMIN_ID, START, useEngine, type EngineFixture } from './engine-fixture.js';
import type { WorkerCounts } from './ledger-worker.js';

export { ADMIN_ID, START };

/** The ledger tests see the engine fixture as it is (storage, clock, ledger, …). */
export type LedgerContext = EngineFixture;

/** A new, migrated storage of the dialect (the helper every storage test uses). */
export const freshStorage = migratedStorage;

/**
 * An empty ledger for every test: one migrated database per describe block, emptied before
 * each test. Ids keep counting up across tests.
 */
export function useLedger(dialect: TestDialect): LedgerContext {
  return useEngine(dialect);
}

/** One migrated database for the whole describe block (tests use distinct member ids). */
export function useSharedLedger(dialect: TestDialect): LedgerContext {
  return useEngine(dialect, { shared: true });
}

export async function countRows(storage: Storage, table: keyof Database): Promise<number> {
  const row = await storage.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface TableCounts {
  members: number;
  profiles: number;
  transactions: number;
}

export async function tableCounts(storage: Storage): Promise<TableCounts> {
  return {
    members: await countRows(storage, 'members'),
    profiles: await countRows(storage, 'profiles'),
    transactions: await countRows(storage, 'transactions'),
  };
}

/** The profile row as stored, or undefined. */
export async function profileRow(storage: Storage, memberId: number) {
  return storage.db.selectFrom('profiles').selectAll().where('member_id', '=', memberId).executeTakeFirst();
}

/** Inserts a member row (no profile) directly, e.g. one whose stored role is ADMIN. */
export async function insertMember(storage: Storage, id: number, role: Role = 'FREE'): Promise<void> {
  await storage.db.insertInto('members').values({ id, role, created_at: START, updated_at: START }).execute();
}

/** Writes the `levels.formula` settings row directly (as the settings service would store it). */
export async function setLevelFormula(storage: Storage, spec: object): Promise<void> {
  await storage.db
    .insertInto('settings')
    .values({ key: 'levels.formula', value: JSON.stringify(spec), updated_at: START, updated_by: 'test' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(spec) }))
    .execute();
}

/** Awaits a refusal and returns it after checking its code. */
export async function refusal<K extends ErrorCode>(promise: Promise<unknown>, code: K): Promise<EconomyError<K>> {
  let caught: unknown;
  try {
    await promise;
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected a refusal ${code}`).toBeInstanceOf(EconomyError);
  const err = caught as EconomyError<K>;
  expect(err.code, err.message).toBe(code);
  return err;
}

/** The result kind of a movement call, for tallies in concurrent tests and workers. */
export type Outcome = { kind: 'moved' | 'replayed'; transactionId: number } | { kind: 'refused'; code: ErrorCode };

export async function outcome(promise: Promise<{ replayed: boolean; transaction: { id: number } }>): Promise<Outcome> {
  try {
    const r = await promise;
    return { kind: r.replayed ? 'replayed' : 'moved', transactionId: r.transaction.id };
  } catch (err) {
    if (err instanceof EconomyError) return { kind: 'refused', code: err.code };
    throw err;
  }
}

export const WORKER_PATH = fileURLToPath(new URL('./ledger-worker.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs ledger-worker.ts in `argsList.length` child processes (`node --import tsx`), starts
 * them together once every one is ready, and returns each one's counts.
 */
export async function runWorkers(argsList: string[][]): Promise<WorkerCounts[]> {
  const children = argsList.map((args) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER_PATH, ...args], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith('ready\n')) markReady();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const done = new Promise<WorkerCounts>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        const last = stdout.trim().split('\n').pop() ?? '';
        if (code !== 0 || !last.startsWith('{')) reject(new Error(`worker ${args.join(' ')} exited ${code}: ${stderr || stdout}`));
        else resolve(JSON.parse(last) as WorkerCounts);
      });
    });
    return { child, ready: Promise.race([ready, done.then(() => undefined)]), done };
  });
  try {
    await Promise.all(children.map((c) => c.ready));
  } catch (err) {
    for (const c of children) c.child.kill();
    await Promise.allSettled(children.map((c) => c.done));
    throw err;
  }
  for (const c of children) c.child.stdin.end('go\n');
  return Promise.all(children.map((c) => c.done));
}
