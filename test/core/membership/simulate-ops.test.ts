/** The membership and jobs operations of `besitos simulate` (SPEC §10) on both databases. */
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../src/core/economy-day.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN, useSimulation } from '../../simulate/simulate-fixture.js';

for (const dialect of testDialects()) {
  describe(`simulate membership and jobs (${dialect.name})`, () => {
    const sim = useSimulation(dialect);

    it('registers, grants, sets roles, looks up, and refuses with stable codes', async () => {
      const { outcomes } = await sim.run(
        [
          { at: '2025-03-01T12:00:00Z', op: 'register', member: 42, username: '@Ana', first_name: 'Ana', language: 'es' },
          { op: 'grant_vip', member: 42, days: 30, reason: 'gift' },
          { op: 'grant_vip', member: 42, days: 30, admin: 5 },
          { op: 'grant_vip', member: 42, days: 0 },
          { at: '2025-03-11T12:00:00Z', op: 'grant_vip', member: 42, days: 5, admin: ADMIN },
          { op: 'set_role', member: 42, role: 'VIP', admin: ADMIN },
          { op: 'set_role', member: 42, role: 'FREE', admin: ADMIN, reason: 'test' },
          { op: 'set_reminders', member: 42, on: true },
          { op: 'member', username: 'ANA' },
          { op: 'member', member: 99 },
          { op: 'role_changes', member: 42, limit: 2 },
          { op: 'register', member: 43, nickname: 'x' },
        ],
      );
      expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
        'ok',
        'ok',
        'FORBIDDEN',
        'INVALID_INPUT',
        'ok',
        'INVALID_INPUT',
        'ok',
        'ok',
        'ok',
        'NOT_FOUND',
        'ok',
        'INVALID_INPUT',
      ]);
      expect(outcomes[0].result).toMatchObject({ id: 42, username: 'Ana', firstName: 'Ana', language: 'es', role: 'FREE' });
      expect(outcomes[1].result.member).toMatchObject({ role: 'VIP', vipExpiresAt: '2025-03-31T12:00:00.000Z' });
      expect(outcomes[1].result.change).toMatchObject({ from: 'FREE', to: 'VIP', changedBy: 'simulate', reason: 'gift' });
      expect(outcomes[4].result.member.vipExpiresAt).toBe('2025-04-05T12:00:00.000Z');
      expect(outcomes[4].result.change.changedBy).toBe(`admin:${ADMIN}`);
      expect(outcomes[6].result.member).toMatchObject({ role: 'FREE', vipExpiresAt: null });
      expect(outcomes[8].result).toMatchObject({ id: 42, reminders: true });
      expect(outcomes[10].result.items.map((c: { from: string; to: string }) => `${c.from}>${c.to}`)).toEqual(['VIP>FREE', 'VIP>VIP']);
    });

    it('run_jobs processes the day, expires VIPs and reports the reminders it sends', async () => {
      const day = dayNumber(Date.parse('2025-03-01T12:00:00Z'), 'UTC');
      const { outcomes: setup } = await sim.run(
        [
          { at: '2025-03-01T12:00:00Z', op: 'set_reminders', member: 42, on: true },
          { op: 'grant_vip', member: 43, days: 1 },
        ],
      );
      expect(setup.every((o) => o.ok)).toBe(true);
      await sim.storage.db
        .insertInto('daily_state')
        .values({ member_id: 42, last_day: day - 1, streak: 3, longest: 3, claims: 3, last_claimed_at: null })
        .execute();
      const { outcomes } = await sim.run(
        [
          { at: '2025-03-01T20:00:00Z', op: 'run_jobs' },
          { op: 'run_jobs' },
          { at: '2025-03-02T12:00:00Z', op: 'run_jobs' },
        ],
      );
      expect(outcomes[0]).toEqual({
        ok: true,
        result: {
          skipped: null,
          ranAt: '2025-03-01T20:00:00.000Z',
          timezone: 'UTC',
          periods: [{ day, date: '2025-03-01', boundaryAt: '2025-03-01T00:00:00.000Z', streaksReset: 0, reactionStreaksReset: 0, vipsExpired: 0 }],
          daysSkipped: 0,
          vipsExpired: 0,
          reminders: { day, date: '2025-03-01', boundaryAt: '2025-03-02T00:00:00.000Z', memberIds: [42] },
          remindersEnabled: true,
          // No VIP access port in simulate: duties are recorded, not done.
          vipAccess: null,
        },
      });
      expect(outcomes[1].result).toMatchObject({ periods: [], reminders: null, vipsExpired: 0 });
      expect(outcomes[2].result).toMatchObject({
        periods: [{ day: day + 1, streaksReset: 1, vipsExpired: 1 }],
        vipsExpired: 1,
        reminders: null,
      });
    });
  });
}
