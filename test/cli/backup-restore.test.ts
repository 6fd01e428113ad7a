/**
 * `besitos backup` and `besitos restore` (issue 11): a backup of the embedded database taken
 * while another process writes is one consistent instant of the ledger; a restore checks the
 * backup (SQLite, besitos, known migrations, verify clean), migrates an older one, keeps the
 * previous file aside and is refused while the database is open elsewhere. PostgreSQL: the
 * commands say how to use pg_dump / pg_restore, and those commands work.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { openStorage, type Storage } from '../../src/storage/connect.js';
import { migrationsFor } from '../../src/storage/migrations/index.js';
import { testDialects } from '../helpers/dialects.js';
import { runBesitos, useCliDatabase, type CliDatabase } from './cli-harness.js';

const sqlite = testDialects().find((d) => d.name === 'sqlite')!;
const MIGRATIONS = Object.keys(migrationsFor('sqlite'));
const WORKER = fileURLToPath(new URL('../helpers/credit-loop-worker.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function fileOf(url: string): string {
  return url.slice('sqlite:'.length);
}

interface LedgerRow {
  id: number;
  member_id: number;
  amount: number;
  balance_after: number;
}

async function withStorage<T>(url: string, read: (s: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(url);
  try {
    return await read(storage);
  } finally {
    await storage.close();
  }
}

const transactions = (s: Storage) =>
  sql<LedgerRow>`select id, member_id, amount, balance_after from transactions order by id`.execute(s.db).then((r) => r.rows);

/** Every profile's balance against the sum of its ledger rows: [] when they all match. */
const balanceMismatches = (s: Storage) =>
  sql<{ member_id: number }>`select p.member_id from profiles p
    where p.balance <> (select coalesce(sum(t.amount), 0) from transactions t where t.member_id = p.member_id)`
    .execute(s.db)
    .then((r) => r.rows);

/** Waits, a bounded number of rounds, for `check` (no time is asserted: only that it happens). */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let round = 0; round < 1200; round += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
}

/** credit-loop-worker.ts in a child process: started, then stopped, on demand. */
function creditLoop(url: string, max: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url, String(max)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const done = new Promise<{ moved: number }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`worker exited ${code}: ${stderr || stdout}`));
      else resolve(JSON.parse(last) as { moved: number });
    });
  });
  return {
    start: async () => {
      await until('the worker is ready', async () => stdout.startsWith('ready\n') || child.exitCode !== null);
      child.stdin.write('go\n');
    },
    stop: () => {
      child.stdin.end('stop\n');
      return done;
    },
  };
}

describe('besitos backup and restore (sqlite)', () => {
  const db = useCliDatabase(sqlite);

  it('a backup taken while another process credits in a loop is one instant of the ledger; restore refuses while the database is open, then restores it verified', async () => {
    const live = fileOf(db.url);
    expect((await db.cli('migrate', 'latest')).code).toBe(EXIT.OK);
    const worker = creditLoop(db.url, 200_000);
    await worker.start();
    const backupFile = join(dirname(live), 'backups', 'under-load.db');
    let inBackup = 0;
    let moved: number;
    const counter = await openStorage(db.url);
    try {
      const count = async () => Number((await sql<{ n: number }>`select count(*) as n from transactions`.execute(counter.db)).rows[0]!.n);
      await until('150 credits before the backup', async () => (await count()) >= 150);

      const backup = await db.cli('backup', backupFile, '--json');
      expect(backup.code).toBe(EXIT.OK);
      inBackup = backup.json().transactions;
      expect(backup.json()).toMatchObject({ file: backupFile, migrations: MIGRATIONS.length, latestMigration: MIGRATIONS.at(-1) });
      expect(inBackup).toBeGreaterThanOrEqual(150);
      // The writer went on during and after the backup.
      await until('100 more credits after the backup', async () => (await count()) >= inBackup + 100);

      // The bot (here: the worker) still has the database open: restore is refused, nothing changes.
      const busy = await db.cli('restore', backupFile, '--json');
      expect(busy.code).toBe(EXIT.REFUSED);
      expect(busy.json().error).toMatchObject({ code: 'DATABASE_IN_USE' });
      expect(readdirSync(dirname(live)).filter((n) => n.includes('before-restore') || n.endsWith('.partial'))).toEqual([]);
    } finally {
      await counter.close();
      moved = (await worker.stop()).moved;
    }
    expect(moved).toBeGreaterThanOrEqual(inBackup + 100);
    const liveRows = await withStorage(db.url, transactions);
    expect(liveRows).toHaveLength(moved);

    // The copy is exactly the first rows of the live ledger: no gap, no half-made movement.
    const backupRows = await withStorage(`sqlite:${backupFile}?mode=ro`, transactions);
    expect(backupRows).toHaveLength(inBackup);
    expect(backupRows).toEqual(liveRows.slice(0, inBackup));
    expect(await withStorage(`sqlite:${backupFile}?mode=ro`, balanceMismatches)).toEqual([]);

    // Worker stopped: restore replaces the database and keeps the previous file aside.
    const restore = await db.cli('restore', backupFile, '--json');
    expect(restore.code, restore.stdout).toBe(EXIT.OK);
    const report = restore.json();
    expect(report).toMatchObject({ restored: true, from: backupFile, migrated: [], transactions: inBackup, verify: { ok: true, violations: [] } });
    expect(report.previous).toMatch(new RegExp(`^${live.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.before-restore-\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z$`));
    expect(await withStorage(`sqlite:${report.previous}?mode=ro`, transactions)).toEqual(liveRows);

    const verify = await db.cli('verify', '--json');
    expect(verify.code).toBe(EXIT.OK);
    expect(verify.json()).toMatchObject({ ok: true, transactions: inBackup });
    expect(await withStorage(db.url, balanceMismatches)).toEqual([]);
    expect(await withStorage(db.url, transactions)).toEqual(backupRows);
    // And it is a working database again.
    expect((await db.cli('credit', '1', '1', '--reason', 'after restore')).code).toBe(EXIT.OK);
    expect(readdirSync(dirname(live)).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('an existing file is kept unless --force', async () => {
    await db.cli('credit', '1', '100', '--reason', 'x');
    const file = join(dirname(fileOf(db.url)), 'copy.db');
    writeFileSync(file, 'precious');
    const refused = await db.cli('backup', file, '--json');
    expect(refused.code).toBe(EXIT.REFUSED);
    expect(refused.json().error).toMatchObject({ code: 'INVALID_INPUT', field: 'file' });
    expect(refused.json().error.message).toMatch(/already exists: nothing was written/);
    const text = await db.cli('backup', file, '--force');
    expect(text.code).toBe(EXIT.OK);
    expect(text.stdout).toMatch(/^Backed up sqlite:.* to .*copy\.db: 1 members, 1 transactions, schema \d{4}-[a-z-]+ \([\d,]+ bytes\)\.\n$/);
    expect(await withStorage(`sqlite:${file}?mode=ro`, transactions)).toHaveLength(1);
  });

  it('a backup is one self-contained file (rollback journal) that opens read-only where nothing can be written', async () => {
    await db.cli('credit', '1', '100', '--reason', 'x');
    const file = join(dirname(fileOf(db.url)), 'self.db');
    expect((await db.cli('backup', file)).code).toBe(EXIT.OK);
    const handle = new SqliteDatabase(file, { readonly: true });
    try {
      expect(handle.pragma('journal_mode', { simple: true })).toBe('delete');
    } finally {
      handle.close();
    }
    expect(existsSync(`${file}-wal`)).toBe(false);
    // A read-only database can be backed up too (an inspection copy of an inspection copy).
    const again = await runBesitos(['--database', `sqlite:${file}?mode=ro`, 'backup', `${file}.2`, '--json']);
    expect(again.code).toBe(EXIT.OK);
    expect(again.json().transactions).toBe(1);
  });

  describe('restore checks the backup first and changes nothing when it is refused', () => {
    async function liveWithOne(cliDb: CliDatabase): Promise<string> {
      expect((await cliDb.cli('credit', '1', '100', '--reason', 'live')).code).toBe(EXIT.OK);
      return fileOf(cliDb.url);
    }
    async function refusedRestore(cliDb: CliDatabase, file: string, code: number) {
      const live = fileOf(cliDb.url);
      const before = readdirSync(dirname(live)).sort();
      const run = await cliDb.cli('restore', file, '--json');
      expect(run.code).toBe(code);
      expect(readdirSync(dirname(live)).sort()).toEqual(before);
      expect(await withStorage(cliDb.url, transactions)).toHaveLength(1);
      return run;
    }

    it('not an SQLite file, not a besitos database, no file at all: INVALID_INPUT', async () => {
      const live = await liveWithOne(db);
      const text = join(dirname(live), 'notes.txt');
      writeFileSync(text, 'not a database');
      expect((await refusedRestore(db, text, EXIT.REFUSED)).json().error.message).toMatch(/is not an SQLite database/);
      const other = join(dirname(live), 'other.db');
      const handle = new SqliteDatabase(other);
      handle.exec('create table t (x integer)');
      handle.close();
      expect((await refusedRestore(db, other, EXIT.REFUSED)).json().error.message).toMatch(/is not a besitos database/);
      expect((await refusedRestore(db, join(dirname(live), 'missing.db'), EXIT.REFUSED)).json().error).toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('a backup made by a newer besitos: DATABASE_TOO_NEW', async () => {
      const live = await liveWithOne(db);
      const file = join(dirname(live), 'newer.db');
      await db.cli('backup', file);
      const handle = new SqliteDatabase(file);
      handle.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('9999-future', '2099-01-01T00:00:00.000Z');
      handle.close();
      expect((await refusedRestore(db, file, EXIT.REFUSED)).json().error).toMatchObject({ code: 'DATABASE_TOO_NEW', unknown: ['9999-future'] });
    });

    it('a backup that fails verify: exit 4 with the violations, the database untouched', async () => {
      const live = await liveWithOne(db);
      const file = join(dirname(live), 'tampered.db');
      await db.cli('credit', '2', '50', '--reason', 'in the backup only');
      await db.cli('backup', file);
      await db.cli('debit', '2', '50', '--reason', 'back to one live movement each');
      const storage = await db.open();
      await sql`delete from transactions where member_id = 2`.execute(storage.db);
      await sql`delete from profiles where member_id = 2`.execute(storage.db);
      await storage.close();
      const handle = new SqliteDatabase(file);
      handle.exec('update profiles set balance = balance + 7 where member_id = 1');
      handle.close();
      const run = await refusedRestore(db, file, EXIT.VIOLATIONS);
      expect(run.json()).toMatchObject({ restored: false, previous: null, verify: { ok: false } });
      expect(run.json().verify.violations).toContainEqual({ rule: 'balance_equals_sum_of_amounts', memberId: 1, expected: 100, actual: 107 });
      const textRun = await db.cli('restore', file);
      expect(textRun.stdout).toMatch(/^Not restored: .*tampered\.db fails verify; sqlite:.* is unchanged\.\nLedger BROKEN: /);
    });

    it('the backup itself is never changed, and one from an older version is migrated on the way in', async () => {
      const live = await liveWithOne(db);
      expect((await db.cli('migrate', 'down')).code).toBe(EXIT.OK);
      const file = join(dirname(live), 'older.db');
      await db.cli('backup', file);
      await db.cli('migrate', 'latest');
      const bytes = new SqliteDatabase(file, { readonly: true }).serialize();
      const run = await db.cli('restore', file, '--json');
      expect(run.code).toBe(EXIT.OK);
      expect(run.json()).toMatchObject({ restored: true, migrated: MIGRATIONS.slice(-1), transactions: 1 });
      expect(new SqliteDatabase(file, { readonly: true }).serialize().equals(bytes)).toBe(true);
      expect((await db.cli('migrate', 'status', '--json')).json().pending).toBe(0);
    });

    it('into a read-only database: READ_ONLY; onto nothing yet: restored with no previous file', async () => {
      const live = await liveWithOne(db);
      const file = join(dirname(live), 'good.db');
      await db.cli('backup', file);
      const ro = await runBesitos(['--database', `${db.url}?mode=ro`, 'restore', file, '--json']);
      expect(ro.code).toBe(EXIT.REFUSED);
      expect(ro.json().error).toMatchObject({ code: 'READ_ONLY', reason: 'url' });

      const fresh = join(dirname(live), 'fresh', 'besitos.db');
      const run = await runBesitos(['--database', `sqlite:${fresh}`, 'restore', file]);
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toMatch(/^Restored .*good\.db into sqlite:.*fresh\/besitos\.db: 1 members, 1 transactions, ledger verified\.\nThere was no database before\.\n$/);
      expect(readdirSync(dirname(fresh))).toEqual(['besitos.db']);
    });
  });
});

const postgres = testDialects().find((d) => d.name === 'postgres');
const hasPgDump = spawnSync('pg_dump', ['--version']).status === 0 && spawnSync('pg_restore', ['--version']).status === 0;

describe.skipIf(!postgres)('besitos backup and restore on PostgreSQL', () => {
  const db = useCliDatabase(postgres!);

  it('both say how to use pg_dump and pg_restore (exit 2) and touch nothing', async () => {
    for (const command of ['backup', 'restore']) {
      const run = await db.cli(command, 'somewhere.db');
      expect(run.code).toBe(EXIT.USAGE);
      expect(run.stderr).toContain(`besitos ${command} copies the embedded SQLite database`);
      expect(run.stderr).toMatch(/pg_dump -Fc -n \w+ -f besitos\.dump '/);
      expect(run.stderr).toMatch(/pg_restore --clean --if-exists -n \w+ -d '/);
      const json = await db.cli(command, 'somewhere.db', '--json');
      expect(json.json().error.code).toBe('INVALID_INPUT');
    }
    expect(existsSync('somewhere.db')).toBe(false);
  });

  it.skipIf(!hasPgDump)('the commands it prints back the database up and restore it', async () => {
    await db.cli('credit', '1', '100', '--reason', 'x');
    await db.cli('credit', '2', '40', '--reason', 'y');
    const stderr = (await db.cli('backup', 'x.db')).stderr;
    const dump = join(tmpdir(), `besitos-${db.location.schema}.dump`);
    const command = (name: string) => {
      const line = stderr.split('\n').find((l) => l.includes(`${name} `))!;
      return line.slice(line.indexOf(name)).replace(/\s+\(stop the bot first\)$/, '').replace('besitos.dump', dump);
    };
    try {
      expect(spawnSync('sh', ['-c', command('pg_dump')]).status).toBe(0);
      await db.cli('credit', '3', '7', '--reason', 'after the dump');
      const restored = spawnSync('sh', ['-c', command('pg_restore')], { encoding: 'utf8' });
      expect(restored.status, restored.stderr).toBe(0);
    } finally {
      rmSync(dump, { force: true });
    }
    const verify = await db.cli('verify', '--json');
    expect(verify.json()).toMatchObject({ ok: true, members: 2, transactions: 2 });
  });
});
