/**
 * A read-only SQLite file (issue 11, item 10): a backup opened for inspection. It used to
 * refuse even `balance` ("attempt to write a readonly database": the open switched the
 * journal mode and migrated). Read commands work on it; write commands are refused
 * READ_ONLY (exit 3), and the file and its directory are left exactly as they were.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { migrationsFor } from '../../src/storage/migrations/index.js';
import { testDialects } from '../helpers/dialects.js';
import { runBesitos, spawnBesitos, useCliDatabase, type CliDatabase } from './cli-harness.js';

const sqlite = testDialects().find((d) => d.name === 'sqlite')!;

const READS: string[][] = [
  ['balance', '1'],
  ['history', '1'],
  ['metrics'],
  ['verify'],
  ['status'],
  ['migrate', 'status'],
  ['migrate', 'latest'], // nothing to do: no write needed
  ['settings', 'get'],
  ['settings', 'get', 'reactions.amount'],
  ['settings', 'audit'],
  ['level-formula', 'show'],
];

const WRITES: string[][] = [
  ['credit', '1', '5', '--reason', 'x'],
  ['debit', '1', '5', '--reason', 'x'],
  ['credit', '2', '5', '--reason', 'a new member'],
  ['settings', 'set', 'reactions.amount', '9'],
  ['level-formula', 'set', 'linear:250'],
  ['jobs', 'run'],
  ['migrate', 'down'],
];

function fileOf(url: string): string {
  return url.slice('sqlite:'.length);
}

/** The directory's names and every file's bytes: what "changing nothing" means here. */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) out[name] = createHash('sha256').update(readFileSync(`${dir}/${name}`)).digest('hex');
  return out;
}

/** A database with a member, a movement and a changed setting, every connection closed. */
async function filled(db: CliDatabase): Promise<string> {
  expect((await db.cli('credit', '1', '100', '--reason', 'welcome')).code).toBe(EXIT.OK);
  expect((await db.cli('settings', 'set', 'reactions.amount', '7')).code).toBe(EXIT.OK);
  return fileOf(db.url);
}

describe('a read-only SQLite database (sqlite)', () => {
  const db = useCliDatabase(sqlite);
  let unlock: (() => void) | undefined;
  afterEach(() => {
    unlock?.();
    unlock = undefined;
  });

  const WAYS: Array<{ name: string; reason: string; lock(file: string): string }> = [
    { name: 'the URL says ?mode=ro', reason: 'url', lock: (file) => `sqlite:${file}?mode=ro` },
    { name: 'the URL says ?readonly', reason: 'url', lock: (file) => `sqlite:${file}?readonly` },
    {
      name: 'the file is mode 0444',
      reason: 'file',
      lock: (file) => {
        chmodSync(file, 0o444);
        unlock = () => chmodSync(file, 0o644);
        return `sqlite:${file}`;
      },
    },
    {
      name: 'its directory is mode 0555',
      reason: 'directory',
      lock: (file) => {
        chmodSync(dirname(file), 0o555);
        unlock = () => chmodSync(dirname(file), 0o755);
        return `sqlite:${file}`;
      },
    },
  ];

  for (const way of WAYS) {
    it(`${way.name}: read commands work, writes are refused READ_ONLY, nothing changes`, async () => {
      const file = await filled(db);
      const url = way.lock(file);
      const before = fingerprint(dirname(file));
      const cli = (...args: string[]) => runBesitos(['--database', url, ...args]);

      for (const args of READS) {
        const run = await cli(...args);
        expect(run.stderr, args.join(' ')).toBe('');
        expect(run.code, args.join(' ')).toBe(EXIT.OK);
      }
      const balance = (await cli('balance', '1', '--json')).json();
      expect(balance).toMatchObject({ memberId: 1, balance: 100 });
      expect((await cli('history', '1', '--json')).json().items).toHaveLength(1);
      expect((await cli('settings', 'get', 'reactions.amount', '--json')).json().value).toBe(7);
      expect((await cli('verify', '--json')).json()).toMatchObject({ ok: true, members: 1, transactions: 1 });

      for (const args of WRITES) {
        const run = await cli(...args, '--json');
        expect(run.code, args.join(' ')).toBe(EXIT.REFUSED);
        expect(run.json().error, args.join(' ')).toMatchObject({ code: 'READ_ONLY', reason: way.reason });
      }
      const text = await cli('credit', '1', '5', '--reason', 'x');
      expect(text.stderr).toMatch(/^refused \(READ_ONLY\): the database sqlite:.* is read-only \(.+\): nothing was changed\n$/);

      expect(fingerprint(dirname(file))).toEqual(before);
    });
  }

  it('a 0444 file opened for inspection stays writable once made writable again (no read-only -shm left beside it)', async () => {
    const file = await filled(db);
    chmodSync(file, 0o444);
    expect((await db.cli('balance', '1')).code).toBe(EXIT.OK);
    expect(readdirSync(dirname(file))).toEqual(['test.db']);
    chmodSync(file, 0o644);
    const credit = await db.cli('credit', '1', '5', '--reason', 'after inspection', '--json');
    expect(credit.code).toBe(EXIT.OK);
    expect(credit.json().balances.balance).toBe(105);
  });

  it('a read-only database that this version would have to migrate is refused READ_ONLY naming the migrations', async () => {
    const file = await filled(db);
    expect((await db.cli('migrate', 'down')).code).toBe(EXIT.OK);
    const run = await runBesitos(['--database', `sqlite:${file}?mode=ro`, 'balance', '1', '--json']);
    expect(run.code).toBe(EXIT.REFUSED);
    expect(run.json().error).toMatchObject({ code: 'READ_ONLY', reason: 'url', pending: Object.keys(migrationsFor('sqlite')).slice(-1) });
  });

  it('a read-only URL naming no file is refused without creating one', async () => {
    const file = fileOf(db.url);
    const run = await runBesitos(['--database', `sqlite:${file}?mode=ro`, 'balance', '1']);
    expect(run.code).toBe(EXIT.UNEXPECTED);
    expect(run.stderr).toMatch(/no database file at .*test\.db/);
    expect(readdirSync(dirname(file))).toEqual([]);
  });
});

/**
 * The failure as reported: a user who may not write the file (not root, whom the mode bits
 * above stand in for). Run as `nobody` when the tests run as root and nobody can read the
 * project; as the test's own user otherwise.
 */
const AS_ROOT = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };
const otherUserCanRun =
  !AS_ROOT || spawnSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(new URL('../../src/entry/main.ts', import.meta.url).pathname)})`], { ...NOBODY }).status === 0;

describe.skipIf(!otherUserCanRun)('a file its reader may not write (sqlite, a real other user)', () => {
  const db = useCliDatabase(sqlite);

  it('balance works, credit is refused READ_ONLY', async () => {
    const file = await filled(db);
    chmodSync(file, 0o444);
    chmodSync(dirname(file), 0o755);
    const as = AS_ROOT ? { ...NOBODY, env: { HOME: dirname(file) } } : {};
    const balance = await spawnBesitos(['--database', `sqlite:${file}`, 'balance', '1', '--json'], as);
    expect(balance.stderr).toBe('');
    expect(balance.json()).toMatchObject({ memberId: 1, balance: 100 });
    const credit = await spawnBesitos(['--database', `sqlite:${file}`, 'credit', '1', '5', '--reason', 'x', '--json'], as);
    expect(credit.code).toBe(EXIT.REFUSED);
    expect(credit.json().error).toMatchObject({ code: 'READ_ONLY', reason: 'file' });
    chmodSync(file, 0o644);
  });
});
