import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { testDialects } from '../helpers/dialects.js';
import { useCliDatabase } from './cli-harness.js';

for (const dialect of testDialects()) {
  describe(`besitos start (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('migrates an empty database and reports the economy as it stands', async () => {
      const empty = await db.cli('start', '--json');
      expect(empty.code).toBe(EXIT.OK);
      expect(empty.json()).toMatchObject({ members: 0, circulation: 0, transactions: 0, levelFormula: 'sqrt', timezone: 'UTC' });

      expect((await db.cli('credit', '7', '120', '--reason', 'welcome')).code).toBe(EXIT.OK);
      expect((await db.cli('debit', '7', '20', '--reason', 'fine')).code).toBe(EXIT.OK);
      const after = (await db.cli('start', '--json')).json();
      expect(after).toMatchObject({ members: 1, profiles: 1, circulation: 100, totalEarned: 120, totalSpent: 20, transactions: 2 });

      const human = await db.cli('start');
      expect(human.stdout).toContain('members 1, in circulation 100 besitos');
      expect(human.stdout).toContain('The Telegram bot is not part of this release yet');
    });
  });
}
