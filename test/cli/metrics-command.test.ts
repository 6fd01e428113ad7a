import { describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { testDialects } from '../helpers/dialects.js';
import { useCliDatabase } from './cli-harness.js';

for (const dialect of testDialects()) {
  describe(`besitos metrics (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    /** Member 42: +1,500. Member 7: +100 then −40. Balances [60, 1500]. */
    async function seed(): Promise<void> {
      expect((await db.cli('credit', '42', '1_500', '--reason', 'welcome')).code).toBe(EXIT.OK);
      expect((await db.cli('credit', '7', '100', '--reason', 'gift', '--type', 'EARN_DAILY')).code).toBe(EXIT.OK);
      expect((await db.cli('debit', '7', '40', '--reason', 'fine')).code).toBe(EXIT.OK);
    }

    it('--json prints every figure as one object', async () => {
      await seed();
      const run = await db.cli('metrics', '--json');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stderr).toBe('');
      const m = run.json();
      expect(m).toMatchObject({
        timezone: 'UTC',
        circulation: 1560,
        totalEarned: 1600,
        totalSpent: 40,
        members: 2,
        profiles: 2,
        transactions: 3,
        active7d: 2,
        active30d: 2,
        meanBalance: 780,
        medianBalance: 780,
        levels: [
          { level: 2, members: 1 },
          { level: 4, members: 1 },
        ],
        topHolders: [
          { memberId: 42, balance: 1500, level: 4, username: null, firstName: null },
          { memberId: 7, balance: 60, level: 2, username: null, firstName: null },
        ],
      });
      expect(m.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      // [60, 1500]: (2 × 3060 − 3 × 1560) / (2 × 1560) = 1440 / 3120.
      expect(m.gini).toBeCloseTo(1440 / 3120, 12);
      expect(m.movements.days).toBe(14);
      expect(m.movements.perDay).toHaveLength(14);
      expect(m.movements.totals).toEqual({ faucets: 1600, sinks: 40, refunds: 0, movements: 3 });
      expect(m.movements.perDay.at(-1).day).toBe(m.movements.to);
    });

    it('--days picks the number of economy days; out of range is refused, not a number is usage', async () => {
      const three = (await db.cli('metrics', '--days', '3', '--json')).json();
      expect(three.movements.days).toBe(3);
      expect(three.movements.perDay).toHaveLength(3);

      const refused = await db.cli('metrics', '--days', '0', '--json');
      expect(refused.code).toBe(EXIT.REFUSED);
      expect(refused.json().error).toMatchObject({ code: 'INVALID_INPUT', field: 'days' });

      const usage = await db.cli('metrics', '--days', 'ten');
      expect(usage.code).toBe(EXIT.USAGE);
      expect(usage.stderr).toContain('Not a number');
      expect(usage.stdout).toBe('');
    });

    it('prints readable text without --json', async () => {
      await seed();
      const run = await db.cli('metrics', '--days', '2');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toContain('in circulation 1,560 besitos · earned 1,600 · spent 40 · movements 3');
      expect(run.stdout).toContain('members 2 · with a profile 2 · active 7 d 2 · 30 d 2');
      expect(run.stdout).toContain('balance mean 780 · median 780 · Gini 0.46');
      expect(run.stdout).toContain('profiles per level 2: 1 · 4: 1');
      expect(run.stdout).toMatch(/DAY\s+FAUCETS\s+SINKS\s+REFUNDS\s+MOVEMENTS\n/);
      expect(run.stdout).toMatch(/Top holders\n#\s+MEMBER\s+NAME\s+BALANCE\s+LEVEL\n1\s+42\s+1,500\s+4\n2\s+7\s+60\s+2\n$/);
    });
  });
}
