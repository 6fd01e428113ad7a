/**
 * The background WAL checkpointer of a writable SQLite file (sqlite-checkpointer.ts): it
 * starts only once the WAL has grown, then checkpoints from its own thread while the main
 * connection's automatic checkpoint waits at the safety threshold; a dead worker gives
 * SQLite's own checkpoints back; close() ends the thread before the main handle, so the
 * WAL is folded in and removed and a backup can be restored over the file.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import ts from 'typescript';
import { describe, expect, it, vi } from 'vitest';
import { backupDatabase, restoreDatabase } from '../../src/core/backup.js';
import type { Storage } from '../../src/storage/connect.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { DEFAULT_AUTOCHECKPOINT_PAGES, SAFETY_NET_PAGES } from '../../src/storage/sqlite-checkpointer.js';
import { sqliteStorages } from './sqlite-storages.js';

const WAIT = { timeout: 20_000, interval: 20 };
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const fileOf = (url: string) => url.slice('sqlite:'.length);
const autocheckpoint = (s: Storage) => Number(s.sqlite!.pragma('wal_autocheckpoint', { simple: true }));

/**
 * The WAL index's header (the `-shm` file, sqlite.org/walformat.html): frames in the WAL
 * (mxFrame, offset 16) and frames already copied into the database file (nBackfill, the
 * first field after the header's two 48-byte copies). Read without a connection, so
 * looking does not checkpoint.
 */
function walIndex(file: string): { mxFrame: number; nBackfill: number } {
  const shm = readFileSync(`${file}-shm`);
  return { mxFrame: shm.readUInt32LE(16), nBackfill: shm.readUInt32LE(96) };
}

/** `count` transactions of one ~4 KB row each: about two WAL pages apiece. */
function fill(s: Storage, count: number): void {
  s.sqlite!.exec('create table if not exists filler (id integer primary key, body blob)');
  const insert = s.sqlite!.prepare('insert into filler (body) values (randomblob(4000))');
  for (let i = 0; i < count; i++) insert.run();
}

describe('the SQLite checkpointer (sqlite)', () => {
  const { location, opened, closed } = sqliteStorages();

  it('waits while the WAL is small, starts once it grows, then checkpoints off the main thread', async () => {
    const s = await opened(undefined, { checkpointer: { startAtWalBytes: 1024 * 1024, watchMs: 10 } });
    await migrateToLatest(s);
    expect(s.checkpointer!.state).toBe('waiting');
    expect(autocheckpoint(s)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);

    fill(s, 400); // ~3 MB of WAL
    await vi.waitFor(() => expect(s.checkpointer!.state).toBe('running'), WAIT);
    await s.checkpointer!.running();
    expect(autocheckpoint(s)).toBe(SAFETY_NET_PAGES);

    // Far below the safety threshold: only the worker can have copied these frames.
    fill(s, 300);
    const file = fileOf(location().url);
    await vi.waitFor(() => {
      const { mxFrame, nBackfill } = walIndex(file);
      expect(mxFrame).toBeGreaterThan(0);
      expect(nBackfill).toBe(mxFrame);
    }, WAIT);
    expect(s.checkpointer!.state).toBe('running');
    expect(Number((await sql<{ n: number }>`select count(*) as n from filler`.execute(s.db)).rows[0]!.n)).toBe(700);
  });

  it('starts during a burst of writes that never gives the event loop back', async () => {
    // The timer would not fire for a day: only the connection's uses can start the worker.
    const s = await opened(undefined, { checkpointer: { startAtWalBytes: 1024 * 1024, watchMs: 86_400_000 } });
    await migrateToLatest(s);
    await sql`create table filler (id integer primary key, body blob)`.execute(s.db);
    expect(s.checkpointer!.state).toBe('waiting');
    const macrotasks = { ran: 0 };
    const tick = setInterval(() => macrotasks.ran++, 0);
    try {
      // Each insert awaits Kysely (promises only, no I/O): the loop holds the thread throughout.
      for (let i = 0; i < 1000 && s.checkpointer!.state === 'waiting'; i++) {
        await sql`insert into filler (body) values (randomblob(4000))`.execute(s.db);
      }
      expect(macrotasks.ran).toBe(0);
      expect(s.checkpointer!.state).toBe('running');
      expect(autocheckpoint(s)).toBe(SAFETY_NET_PAGES);
    } finally {
      clearInterval(tick);
    }
    await s.checkpointer!.running();
  });

  it('starts at once on a file that is already big', async () => {
    const first = await opened();
    await migrateToLatest(first);
    expect(first.checkpointer!.state).toBe('waiting');
    const big = await opened(undefined, { checkpointer: { startAtFileBytes: 4096 } });
    expect(big.checkpointer!.state).toBe('running');
    await big.checkpointer!.running();
    expect(autocheckpoint(big)).toBe(SAFETY_NET_PAGES);
  });

  it('gives the checkpoints back to SQLite when the worker dies', async () => {
    const s = await opened();
    await s.checkpointer!.running();
    expect(autocheckpoint(s)).toBe(SAFETY_NET_PAGES);
    await s.checkpointer!.worker!.terminate();
    await vi.waitFor(() => expect(s.checkpointer!.state).toBe('failed'), WAIT);
    expect(autocheckpoint(s)).toBe(DEFAULT_AUTOCHECKPOINT_PAGES);
    // The storage goes on, and closes.
    await migrateToLatest(s);
    fill(s, 10);
  });

  it('close() ends the worker first: the WAL is folded in and removed', async () => {
    const s = await opened();
    await migrateToLatest(s);
    await s.checkpointer!.running();
    const worker = s.checkpointer!.worker!;
    let exited = false;
    worker.once('exit', () => (exited = true));
    fill(s, 50);
    await s.close();
    closed(s);
    expect(exited).toBe(true);
    expect(s.checkpointer!.state).toBe('stopped');
    expect(existsSync(`${fileOf(location().url)}-wal`)).toBe(false);
  });

  it('a process with nothing else to do waits in close() until the worker is gone', () => {
    // The worker is unref'd. Under vitest (and tsx) something else always keeps the event
    // loop alive, so the checkpointer runs transpiled in a plain node process: if nothing
    // held the loop while stop() waits, Node would end it there with status 13.
    const dir = join(fileOf(location().url), '..');
    const source = readFileSync(join(ROOT, 'src/storage/sqlite-checkpointer.ts'), 'utf8');
    const compilerOptions = { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 };
    writeFileSync(join(dir, 'checkpointer.mjs'), ts.transpileModule(source, { compilerOptions }).outputText);
    writeFileSync(
      join(dir, 'close.mjs'),
      [
        `import { createRequire } from 'node:module';`,
        `import { SqliteCheckpointer } from './checkpointer.mjs';`,
        `const Database = createRequire(import.meta.url)('better-sqlite3');`,
        `const file = process.argv[2];`,
        `const main = new Database(file);`,
        `main.pragma('journal_mode = WAL');`,
        `main.exec('create table t (x); insert into t values (1)');`,
        `const checkpointer = new SqliteCheckpointer(main, file, { startAtWalBytes: 1, watchMs: 5 });`,
        `const turn = () => new Promise((resolve) => setTimeout(resolve, 20));`,
        `while (checkpointer.state !== 'running') await turn();`,
        `for (let i = 0; i < 10; i++) await turn();`,
        `await checkpointer.stop();`,
        `main.close();`,
        `console.log(checkpointer.state);`,
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, [join(dir, 'close.mjs'), fileOf(location().url)], {
      encoding: 'utf8',
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    });
    expect({ status: child.status, stdout: child.stdout.trim(), stderr: child.stderr }).toEqual({ status: 0, stdout: 'stopped', stderr: '' });
  });

  it('a backup taken while the worker runs restores over the file once the storage is closed', async () => {
    const s = await opened();
    await migrateToLatest(s);
    await s.checkpointer!.running();
    await sql`insert into members (id, role, created_at, updated_at) values (1, 'FREE', 0, 0)`.execute(s.db);
    const backup = join(fileOf(location().url), '..', 'backup.db');
    await backupDatabase(s, backup);
    await sql`insert into members (id, role, created_at, updated_at) values (2, 'FREE', 0, 0)`.execute(s.db);
    await expect(restoreDatabase(location().url, backup)).rejects.toMatchObject({ code: 'DATABASE_IN_USE' });
    await s.close();
    closed(s);
    expect((await restoreDatabase(location().url, backup)).restored).toBe(true);
    const after = await opened();
    expect((await sql<{ id: number }>`select id from members`.execute(after.db)).rows.map((r) => Number(r.id))).toEqual([1]);
  });

  it('no checkpointer in memory or read-only', async () => {
    const memory = await opened('sqlite::memory:');
    expect(memory.checkpointer).toBeUndefined();
    const s = await opened();
    await migrateToLatest(s);
    const reader = await opened(`${location().url}?mode=ro`);
    expect(reader.checkpointer).toBeUndefined();
  });
});
