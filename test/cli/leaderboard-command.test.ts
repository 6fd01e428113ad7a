import { describe, expect, it } from 'vitest';
import { createEconomy } from '../../src/core/engine.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { testDialects } from '../helpers/dialects.js';
import { useCliDatabase } from './cli-harness.js';

for (const dialect of testDialects()) {
  describe(`besitos leaderboard (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    /** Members 1 (@ana, 300) and 2 (Bruno, 200) opted in; 3 (500) did not. */
    async function seed(): Promise<void> {
      expect((await db.cli('migrate', 'latest')).code).toBe(EXIT.OK);
      const economy = createEconomy({ storage: await db.open() });
      try {
        await economy.membership.register({ id: 1, username: 'ana', firstName: 'Ana' });
        await economy.membership.register({ id: 2, firstName: 'Bruno' });
        for (const id of [1, 2]) await economy.leaderboards.setOptIn(id, true);
      } finally {
        await economy.close();
      }
      for (const [id, amount] of [[1, 300], [2, 200], [3, 500]] as const) {
        expect((await db.cli('credit', String(id), String(amount), '--reason', 'seed')).code).toBe(EXIT.OK);
      }
    }

    it('prints the board refreshed, and a member who never opted in only in their own line', async () => {
      await seed();
      const run = await db.cli('leaderboard', '--member', '3');
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toMatch(/^Leaderboard all time, as of \d{4}-\d{2}-\d{2}T[^:]+:\d\d:\d\d\.\d{3}Z: 2 members\n/);
      expect(run.stdout).toMatch(/#\s+MEMBER\s+NAME\s+BESITOS\s+LEVEL\n1\s+1\s+@ana\s+300\s+2\n2\s+2\s+Bruno\s+200\s+2\n/);
      expect(run.stdout).not.toMatch(/\n\d+\s+3\s/);
      expect(run.stdout).toContain('Member 3 (not opted in) would be #1 of 3 with 500 besitos');
    });

    it('--json gives the page and the position; --board week names its period; bad options are refused', async () => {
      await seed();
      const json = (await db.cli('leaderboard', '--board', 'week', '--member', '2', '--json')).json();
      expect(json.page).toMatchObject({ board: 'week', members: 2, nextCursor: null, prevCursor: null });
      expect(json.page.period.from <= json.page.period.to).toBe(true);
      expect(json.page.entries.map((e: { memberId: number; name: string; score: number }) => [e.memberId, e.name, e.score])).toEqual([
        [1, '@ana', 300],
        [2, 'Bruno', 200],
      ]);
      expect(json.position).toMatchObject({ memberId: 2, optedIn: true, listed: true, position: 2, outOf: 2, ahead: { position: 1, score: 300, gap: 100 } });
      expect((await db.cli('leaderboard', '--json')).json().position).toBeNull();

      const limit = await db.cli('leaderboard', '--limit', '5', '--json');
      expect(limit.code).toBe(EXIT.REFUSED);
      expect(limit.json().error).toMatchObject({ code: 'INVALID_INPUT', field: 'limit' });
      const board = await db.cli('leaderboard', '--board', 'year');
      expect(board.code).toBe(EXIT.USAGE);
      expect(board.stderr).toContain('Allowed choices are all, week, month');
    });
  });
}
