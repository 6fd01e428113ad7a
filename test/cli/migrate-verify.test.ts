import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { migrationStatus } from '../../src/storage/migrate.js';
import { migrationsFor } from '../../src/storage/migrations/index.js';
import { testDialects } from '../helpers/dialects.js';
import { useCliDatabase } from './cli-harness.js';

// Every migration the project ships, in order (later issues append to the list).
const MIGRATIONS = Object.keys(migrationsFor('sqlite'));

for (const dialect of testDialects()) {
  describe(`besitos migrate (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('status on an empty database lists every migration as pending and does not migrate', async () => {
      const run = await db.cli('migrate', 'status');
      expect(run.code).toBe(EXIT.OK);
      for (const name of MIGRATIONS) expect(run.stdout).toMatch(new RegExp(`${name}\\s+pending`));
      expect(run.stdout).toContain(`${MIGRATIONS.length} pending: run besitos migrate latest.`);
      const json = (await db.cli('migrate', 'status', '--json')).json();
      expect(json.pending).toBe(MIGRATIONS.length);
      expect(json.migrations.map((m: { name: string }) => m.name)).toEqual(MIGRATIONS);
    });

    it('latest applies them, a second latest has nothing to do, down reverts the last one', async () => {
      const latest = await db.cli('migrate', 'latest', '--json');
      expect(latest.code).toBe(EXIT.OK);
      expect(latest.json().applied).toEqual(MIGRATIONS);
      expect((await db.cli('migrate', 'latest')).stdout).toMatch(/is up to date\.\n$/);

      const down = await db.cli('migrate', 'down');
      expect(down.code).toBe(EXIT.OK);
      const newest = MIGRATIONS[MIGRATIONS.length - 1]!;
      expect(down.stdout).toMatch(new RegExp(`^Reverted ${newest} in `));
      const storage = await db.open();
      expect((await migrationStatus(storage)).map((m) => m.executedAt === null)).toEqual(MIGRATIONS.map((m) => m === newest));

      const again = await db.cli('migrate', 'latest');
      expect(again.stdout).toMatch(new RegExp(`^Applied 1 migration\\(s\\) to .*\\n {2}${newest}\\n$`));
      expect((await db.cli('migrate', 'status')).stdout).toMatch(/Up to date\.\n$/);
    });

    it('down on an empty database has nothing to revert', async () => {
      const run = await db.cli('migrate', 'down', '--json');
      expect(run.code).toBe(EXIT.OK);
      expect(run.json().reverted).toEqual([]);
    });

    it('every other command migrates an empty database by itself', async () => {
      const run = await db.cli('balance', '1');
      expect(run.code).toBe(EXIT.OK);
      const storage = await db.open();
      expect((await migrationStatus(storage)).every((m) => m.executedAt !== null)).toBe(true);
    });

    it('a database left one migration behind is brought up to date by an ordinary command', async () => {
      await db.cli('migrate', 'latest');
      await db.cli('migrate', 'down');
      expect((await db.cli('settings', 'get', 'daily.base', '--json')).json().value).toBe(20);
      expect((await db.cli('migrate', 'status', '--json')).json().pending).toBe(0);
    });
  });

  describe(`besitos verify (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('exit 0 and a one-line summary when every invariant holds', async () => {
      await db.cli('credit', '1', '100', '--reason', 'x');
      await db.cli('credit', '2', '50', '--reason', 'x');
      await db.cli('debit', '1', '30', '--reason', 'y');
      const run = await db.cli('verify');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toBe('Ledger OK: 2 members, 3 transactions.\n');
      expect((await db.cli('verify', '--json')).json()).toEqual({ ok: true, members: 2, transactions: 3, violations: [] });
    });

    it('exit 4 listing each violation when the data was tampered with', async () => {
      await db.cli('credit', '1', '100', '--reason', 'x');
      await db.cli('credit', '2', '500', '--reason', 'x');
      const storage = await db.open();
      // Somebody edited a balance by hand, outside the ledger.
      await sql`update profiles set balance = balance + 7 where member_id = 1`.execute(storage.db);
      await sql`update profiles set level = 1 where member_id = 2`.execute(storage.db);

      const run = await db.cli('verify');
      expect(run.code).toBe(EXIT.VIOLATIONS);
      expect(run.stdout).toMatch(/^Ledger BROKEN: \d+ violation\(s\) in 2 members, 2 transactions\.\n/);
      expect(run.stdout).toContain('  balance_equals_sum_of_amounts: member 1: expected 100, found 107');
      expect(run.stdout).toContain('  level_matches_formula: member 2: expected 3, found 1');

      const json = await db.cli('verify', '--json');
      expect(json.code).toBe(EXIT.VIOLATIONS);
      const report = json.json();
      expect(report.ok).toBe(false);
      expect(report.violations).toContainEqual({ rule: 'balance_equals_sum_of_amounts', memberId: 1, expected: 100, actual: 107 });
    });
  });
}
