/** Issue 3 end to end through `simulate`: a member's first days, with the clock of each line. */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN, useSimulation } from './simulate-fixture.js';

const FREE = -1001;
const VIP = -1002;

for (const dialect of testDialects()) {
  describe(`simulate: earning scenario (${dialect.name})`, () => {
    const sim = useSimulation(dialect);

    it('registers, reacts, claims, becomes VIP, misses a day and the jobs reset the streak', async () => {
      const { outcomes } = await sim.run([
        { at: '2026-03-27T08:00:00Z', op: 'set_setting', key: 'economy.timezone', value: 'Europe/Madrid' },
        { op: 'add_channel', channel: FREE, kind: 'FREE' },
        { op: 'add_channel', channel: VIP, kind: 'VIP' },
        { op: 'publish_post', channel: FREE, post: 1 },
        { op: 'publish_post', channel: FREE, post: 2 },
        { op: 'publish_post', channel: VIP, post: 1 },
        { op: 'register', member: 42, username: 'ana', language: 'es' }, // 6
        { at: '2026-03-27T09:00:00Z', op: 'react', member: 42, channel: FREE, post: 1, emoji: '❤️' }, // 7
        { at: '2026-03-27T09:00:10Z', op: 'react', member: 42, channel: FREE, post: 2, emoji: '🔥' }, // 8 cooldown
        { at: '2026-03-27T09:00:40Z', op: 'react', member: 42, channel: VIP, post: 1, emoji: '🔥' }, // 9 VIP only
        { op: 'grant_vip', member: 42, days: 3, admin: ADMIN }, // 10
        { op: 'react', member: 42, channel: VIP, post: 1, emoji: '🔥' }, // 11
        { op: 'claim_daily', member: 42 }, // 12: 20 + 2
        { op: 'claim_daily', member: 42 }, // 13: already claimed
        // 23:30 UTC on the 27th is already the 28th in Madrid (UTC+1): the next economy day.
        { at: '2026-03-27T23:30:00Z', op: 'claim_daily', member: 42 }, // 14: streak 2 → 20 + 4
        { op: 'reaction_counts', channel: FREE, post: 1 }, // 15
        { op: 'streaks', member: 42 }, // 16
        // 29 March is the 23-hour DST day; by the 31st two whole days (29th, 30th) were missed.
        { at: '2026-03-31T10:00:00Z', op: 'run_jobs' }, // 17
        { op: 'streaks', member: 42 }, // 18
        { op: 'member', member: 42 }, // 19: VIP expired on the 30th at 09:00:40 UTC
        { op: 'claim_daily', member: 42 }, // 20: streak restarts at 1
        { op: 'verify' }, // 21
      ]);
      const ok = (i: number) => {
        expect(outcomes[i], JSON.stringify(outcomes[i])).toMatchObject({ ok: true });
        return outcomes[i].result;
      };
      const refused = (i: number) => {
        expect(outcomes[i], JSON.stringify(outcomes[i])).toMatchObject({ ok: false });
        return outcomes[i].error;
      };
      expect(ok(7)).toMatchObject({ amount: 5, used: 1, limit: 20 });
      expect(refused(8)).toMatchObject({ code: 'COOLDOWN', secondsLeft: 20 });
      expect(refused(9)).toMatchObject({ code: 'NO_ACCESS', reason: 'VIP_ONLY' });
      ok(10);
      expect(ok(11)).toMatchObject({ amount: 5, used: 2 });
      expect(ok(12)).toMatchObject({ streak: 1, base: 20, bonus: 2, total: 22 });
      expect(refused(13)).toMatchObject({ code: 'ALREADY_CLAIMED' });
      expect(ok(14)).toMatchObject({ streak: 2, base: 20, bonus: 4, total: 24, date: '2026-03-28' });
      expect(ok(15)).toMatchObject({ '❤️': 1, '🔥': 0, '💋': 0, '😈': 0 });
      expect(ok(16)).toMatchObject({ daily: { current: 2, longest: 2 }, reactions: { current: 1, longest: 1 } });
      const jobs = ok(17);
      expect(jobs.periods.map((p: { date: string }) => p.date)).toContain('2026-03-31');
      expect(ok(18)).toMatchObject({ daily: { current: 0, longest: 2 }, reactions: { current: 0, longest: 1 } });
      expect(ok(19)).toMatchObject({ role: 'FREE' });
      expect(ok(20)).toMatchObject({ streak: 1, total: 22 });
      expect(ok(21)).toMatchObject({ ok: true, violations: [] });
    });
  });
}
