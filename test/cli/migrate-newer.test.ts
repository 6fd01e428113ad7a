/**
 * A database migrated by a newer besitos (issue 11, item 6): it carries a migration this
 * version does not ship. `migrate status` said "Up to date." (exit 0) while every other
 * command failed with Kysely's "corrupted migrations" (exit 1); now every command, status
 * included, refuses it DATABASE_TOO_NEW (exit 3) naming the unknown migrations, and changes nothing.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { migrationsFor } from '../../src/storage/migrations/index.js';
import { testDialects } from '../helpers/dialects.js';
import { useCliDatabase, type CliDatabase } from './cli-harness.js';

const MIGRATIONS = Object.keys(migrationsFor('sqlite'));
const FUTURE = ['9998-from-the-future', '9999-further-still'];

/** A database at the latest schema plus migrations only a newer besitos would know. */
async function newerDatabase(db: CliDatabase): Promise<void> {
  expect((await db.cli('credit', '1', '100', '--reason', 'x')).code).toBe(EXIT.OK);
  const storage = await db.open();
  for (const name of FUTURE) {
    await sql`insert into kysely_migration (name, timestamp) values (${name}, ${'2099-01-01T00:00:00.000Z'})`.execute(storage.db);
  }
}

async function transactionCount(db: CliDatabase): Promise<number> {
  const storage = await db.open();
  const row = await sql<{ n: number }>`select count(*) as n from transactions`.execute(storage.db);
  return Number(row.rows[0]!.n);
}

for (const dialect of testDialects()) {
  describe(`a database newer than this besitos (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('migrate status lists the unknown migrations and says the database is newer: exit 3, DATABASE_TOO_NEW', async () => {
      await newerDatabase(db);
      const run = await db.cli('migrate', 'status');
      expect(run.code).toBe(EXIT.REFUSED);
      expect(run.stdout).not.toContain('Up to date.');
      for (const name of MIGRATIONS) expect(run.stdout).toMatch(new RegExp(`${name}\\s+\\d{4}-`));
      for (const name of FUTURE) expect(run.stdout).toMatch(new RegExp(`${name}\\s+applied, unknown to this version`));
      expect(run.stderr).toMatch(/^refused \(DATABASE_TOO_NEW\): the database .* is newer than this program: .*9998-from-the-future, 9999-further-still/);

      const json = await db.cli('migrate', 'status', '--json');
      expect(json.code).toBe(EXIT.REFUSED);
      expect(json.stderr).toBe('');
      expect(json.json().error).toMatchObject({ code: 'DATABASE_TOO_NEW', unknown: FUTURE });
    });

    it('every other command refuses it the same way (exit 3, not a crash) and changes nothing', async () => {
      await newerDatabase(db);
      for (const args of [['balance', '1'], ['credit', '1', '5', '--reason', 'y'], ['verify'], ['migrate', 'latest'], ['migrate', 'down']]) {
        const run = await db.cli(...args, '--json');
        expect(run.code, args.join(' ')).toBe(EXIT.REFUSED);
        expect(run.json().error, args.join(' ')).toMatchObject({ code: 'DATABASE_TOO_NEW', unknown: FUTURE });
      }
      expect(await transactionCount(db)).toBe(1);
      const storage = await db.open();
      const names = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(storage.db);
      expect(names.rows.map((r) => r.name)).toEqual([...MIGRATIONS, ...FUTURE]);
    });
  });
}
