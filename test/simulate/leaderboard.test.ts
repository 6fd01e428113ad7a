/**
 * The leaderboards scripted end to end through simulate (SPEC §9, §10): the opt-in, ties
 * to whoever got there first, the snapshot's staleness between refreshes, a new week in the
 * economy's zone, an opt-out that leaves at once, a member's own position and daily series.
 */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { useSimulation } from './simulate-fixture.js';

const names = (page: { entries: Array<{ position: number; name: string | null; score: number }> }) => page.entries.map((e) => [e.position, e.name, e.score]);

for (const dialect of testDialects()) {
  describe(`simulate: leaderboards (${dialect.name})`, () => {
    const sim = useSimulation(dialect);

    it('windows, ties, staleness, opt-out and the own position, in Madrid', async () => {
      const { outcomes, summary } = await sim.run([
        // Sunday 2026-03-29 in Madrid, the day clocks go forward.
        { at: '2026-03-29T10:00:00Z', op: 'set_setting', key: 'economy.timezone', value: 'Europe/Madrid' },
        { op: 'register', member: 1, username: 'ana' },
        { op: 'register', member: 2, first_name: 'Bruno' },
        { op: 'register', member: 3, first_name: 'Carla' },
        { op: 'set_leaderboard', member: 1, on: true }, // 4
        { op: 'set_leaderboard', member: 2, on: true },
        { op: 'credit', member: 2, amount: 30, type: 'EARN_REACTION' },
        { at: '2026-03-29T10:00:05Z', op: 'credit', member: 1, amount: 30, type: 'EARN_DAILY' }, // ties with 2, later
        { op: 'credit', member: 3, amount: 50, type: 'EARN_REACTION' }, // never opted in
        { op: 'leaderboard', board: 'week' }, // 9: the first refresh
        { op: 'leaderboard_position', member: 3, board: 'week' },
        { at: '2026-03-29T10:00:30Z', op: 'credit', member: 1, amount: 5 },
        { op: 'leaderboard', board: 'week' }, // 12: 25 s later, not due: as before
        { at: '2026-03-29T10:01:05Z', op: 'leaderboard', board: 'week' }, // 13: due: 1 passes 2
        // 22:30Z is 00:30 on Monday 03-30 in Madrid: a new week, empty until someone earns.
        { at: '2026-03-29T22:30:00Z', op: 'leaderboard', board: 'week' }, // 14
        { op: 'leaderboard', board: 'all' },
        { op: 'set_leaderboard', member: 1, on: false }, // 16
        { op: 'leaderboard', board: 'all' },
        { op: 'leaderboard_position', member: 1, board: 'all' },
        { op: 'leaderboard', board: 'year' },
        { op: 'member_days', member: 1, days: 2 }, // 20
        { op: 'refresh_stats' },
      ]);
      expect(summary).toEqual({ operations: 22, ok: 21, failed: 1 });
      expect(outcomes[4].result).toEqual({ memberId: 1, optedIn: true, since: '2026-03-29T10:00:00.000Z' });
      expect(outcomes[9].result).toMatchObject({ asOf: '2026-03-29T10:00:05.000Z', period: { from: '2026-03-23', to: '2026-03-29' }, members: 2 });
      expect(names(outcomes[9].result)).toEqual([
        [1, 'Bruno', 30],
        [2, '@ana', 30],
      ]);
      expect(outcomes[10].result).toMatchObject({ optedIn: false, listed: false, score: 50, position: 1, outOf: 3, ahead: null });
      expect(outcomes[12].result.asOf).toBe('2026-03-29T10:00:05.000Z');
      expect(names(outcomes[12].result)).toEqual(names(outcomes[9].result));
      expect(outcomes[13].result.asOf).toBe('2026-03-29T10:01:05.000Z');
      expect(names(outcomes[13].result)).toEqual([
        [1, '@ana', 35],
        [2, 'Bruno', 30],
      ]);
      expect(outcomes[14].result).toMatchObject({ period: { from: '2026-03-30', to: '2026-04-05' }, members: 0, entries: [] });
      expect(names(outcomes[15].result)).toEqual(names(outcomes[13].result));
      expect(names(outcomes[17].result)).toEqual([[1, 'Bruno', 30]]);
      expect(outcomes[18].result).toMatchObject({ optedIn: false, listed: false, score: 35, position: 1, outOf: 2 });
      expect(outcomes[19].error).toMatchObject({ code: 'INVALID_INPUT', field: 'board' });
      expect(outcomes[20].result.days).toEqual([
        { day: '2026-03-29', earned: 35, spent: 0, refunded: 0, movements: 2 },
        { day: '2026-03-30', earned: 0, spent: 0, refunded: 0, movements: 0 },
      ]);
      expect(outcomes[21].result).toMatchObject({ skipped: null, movements: 0 });
    });
  });
}
