import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { useSimulation } from './simulate-fixture.js';

for (const dialect of testDialects()) {
  describe(`simulate: daily gift (${dialect.name})`, () => {
    const sim = useSimulation(dialect);

    it('claims, a refused double claim with its wait, status, a missed day, settings, verify', async () => {
      const { outcomes, summary } = await sim.run(
        [
          { at: '2025-03-01T00:06:00Z', op: 'claim_daily', member: 101 },
          { op: 'claim_daily', member: 101 },
          { op: 'daily_status', member: 101 },
          { at: '2025-03-02T09:00:00Z', op: 'claim_daily', member: 101 },
          { at: '2025-03-04T09:00:00Z', op: 'daily_status', member: 101 },
          { op: 'set_setting', key: 'daily.base', value: 30 },
          { op: 'claim_daily', member: 101 },
          { op: 'claim_daily', member: 'x' },
          { op: 'daily_status', member: 101, extra: 1 },
          { op: 'profile', member: 101 },
          { op: 'verify' },
        ],
      );
      expect(summary).toEqual({ operations: 11, ok: 8, failed: 3 });
      const [first, again, status, second, afterGap, , restart, badMember, badField, profile, verify] = outcomes;
      expect(first).toEqual({
        ok: true,
        result: {
          memberId: 101,
          day: 20148,
          date: '2025-03-01',
          streak: 1,
          longest: 1,
          base: 20,
          bonus: 2,
          total: 22,
          transactionIds: [1, 2],
          balance: 22,
          nextClaimAt: '2025-03-02T00:00:00.000Z',
        },
      });
      expect(again).toEqual({
        ok: false,
        error: {
          code: 'ALREADY_CLAIMED',
          message: 'the daily gift was already claimed today; the next one opens in 23 h 54 min',
          what: 'daily',
          nextClaimAt: Date.parse('2025-03-02T00:00:00Z'),
          secondsLeft: 86_040,
          streak: 1,
        },
      });
      expect(status).toEqual({
        ok: true,
        result: {
          memberId: 101,
          canClaim: false,
          streak: 1,
          longest: 1,
          lastDay: 20148,
          nextClaimAt: '2025-03-02T00:00:00.000Z',
          nextGift: { base: 20, bonus: 4 },
        },
      });
      expect(second.result).toMatchObject({ day: 20149, streak: 2, bonus: 4, total: 24, balance: 46, transactionIds: [3, 4] });
      expect(afterGap.result).toEqual({
        memberId: 101,
        canClaim: true,
        streak: 0,
        longest: 2,
        lastDay: 20149,
        nextClaimAt: '2025-03-04T09:00:00.000Z',
        nextGift: { base: 20, bonus: 2 },
      });
      expect(restart.result).toMatchObject({ day: 20151, streak: 1, longest: 2, base: 30, bonus: 2, total: 32, balance: 78 });
      expect(badMember.error).toMatchObject({ code: 'INVALID_INPUT', field: 'member' });
      expect(badField.error).toMatchObject({ code: 'INVALID_INPUT', field: 'extra' });
      expect(profile.result).toMatchObject({ balance: 78, totalEarned: 78, level: 1 });
      expect(verify.result).toMatchObject({ ok: true, violations: [] });
    });
  });
}
