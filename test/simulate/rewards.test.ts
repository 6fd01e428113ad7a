import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN, useSimulation } from './simulate-fixture.js';

for (const dialect of testDialects()) {
  describe(`simulate: rewards (${dialect.name})`, () => {
    const sim = useSimulation(dialect);
    it('create, update, a manual claim within its window, an expired one, the member view, verify', async () => {
      const { outcomes, summary } = await sim.run(
        [
          { at: '2025-03-01T10:00:00Z', op: 'create_reward', admin: ADMIN, name: 'Bienvenida', kind: 'BESITOS', amount: 500, claim_mode: 'manual', claim_window_hours: 24, conditions: [{ type: 'TOTAL_EARNED', value: 20 }] },
          { op: 'create_reward', admin: 5, name: 'x', kind: 'BESITOS', amount: 1, conditions: [{ type: 'NOT_VIP' }] },
          { op: 'create_reward', admin: ADMIN, name: 'x', kind: 'BESITOS', amount: 1, conditions: [{ type: 'LEVEL', value: 101 }] },
          { op: 'update_reward', admin: ADMIN, reward: 4, amount: 30 },
          { op: 'claim_reward', member: 101, reward: 4 },
          { op: 'claim_daily', member: 101 },
          { op: 'rewards', member: 101 },
          { at: '2025-03-01T12:00:00Z', op: 'claim_reward', member: 101, reward: 4 },
          { op: 'claim_reward', member: 101, reward: 4 },
          { op: 'claim_daily', member: 102 },
          { at: '2025-03-02T12:00:00Z', op: 'claim_reward', member: 102, reward: 4 },
          { op: 'claim_reward', member: 101, reward: 99 },
          { op: 'rewards', member: 102, extra: 1 },
          { op: 'profile', member: 101 },
          { op: 'verify' },
        ],
      );
      expect(summary).toEqual({ operations: 15, ok: 8, failed: 7 });
      const [created, forbidden, badLevel, updated, locked, , view, claimed, again, , expired, missing, badField, profile, verify] = outcomes;
      expect(created.result).toMatchObject({ id: 4, name: 'Bienvenida', kind: 'BESITOS', value: 500, claimMode: 'manual', claimWindowHours: 24 });
      expect(forbidden.error.code).toBe('FORBIDDEN');
      expect(badLevel.error).toMatchObject({ code: 'INVALID_INPUT', field: 'conditions[0].value', min: 1, max: 100, value: 101 });
      expect(updated.result).toMatchObject({ id: 4, value: 30, updatedAt: '2025-03-01T10:00:00.000Z' });
      expect(locked.error).toMatchObject({ code: 'REWARD_LOCKED', rewardId: 4, progress: [{ type: 'TOTAL_EARNED', group: 0, text: '0/20', met: false }] });
      const mine = view.result.rewards.find((r: { id: number }) => r.id === 4);
      expect(mine).toMatchObject({ state: 'unlocked', unlockedAt: '2025-03-01T10:00:00.000Z', expiresAt: '2025-03-02T10:00:00.000Z' });
      expect(claimed.result).toMatchObject({ rewardId: 4, kind: 'BESITOS', value: 30, capped: false, balance: 22 + 30 });
      expect(again.error.code).toBe('ALREADY_CLAIMED');
      expect(expired.error).toMatchObject({ code: 'REWARD_EXPIRED', rewardId: 4, expiredAt: Date.parse('2025-03-02T12:00:00Z') });
      expect(missing.error.code).toBe('NOT_FOUND');
      expect(badField.error).toMatchObject({ code: 'INVALID_INPUT', field: 'extra' });
      expect(profile.result).toMatchObject({ balance: 52, totalEarned: 52 });
      expect(verify.result).toMatchObject({ ok: true, violations: [] });
    });

    it('the seeded first-reaction reward pays +10 with the reaction', async () => {
      const { outcomes } = await sim.run(
        [
          { at: '2025-03-01T10:00:00Z', op: 'add_channel', channel: -1001, kind: 'FREE' },
          { op: 'publish_post', channel: -1001, post: 1 },
          { op: 'react', member: 201, channel: -1001, post: 1, emoji: '❤️' },
          { op: 'rewards', member: 201 },
          { op: 'profile', member: 201 },
        ],
      );
      expect(outcomes.slice(0, 3).map((o) => o.ok)).toEqual([true, true, true]);
      expect(outcomes[3].result.rewards.map((r: { name: string; state: string }) => [r.name, r.state])).toEqual([
        ['Primera reacción', 'claimed'],
        ['Cien besitos', 'locked'],
        ['Racha de 7 días', 'locked'],
      ]);
      expect(outcomes[4].result).toMatchObject({ balance: 15, totalEarned: 15 });
    });

    it('a CONTENT reward is sent with its grant and again on redeliver_reward, to its holder only', async () => {
      const { outcomes } = await sim.run([
        { at: '2025-03-01T10:00:00Z', op: 'create_content_set', admin: ADMIN, name: 'Fotos', items: [{ kind: 'photo', fileId: 'F1' }] },
        { op: 'create_reward', admin: ADMIN, name: 'Regalo de fotos', kind: 'CONTENT', content_set: 1, conditions: [{ type: 'FIRST_DAILY_GIFT' }] },
        { op: 'fail_delivery', member: 301, permanent: true, times: 1 },
        { op: 'claim_daily', member: 301 },
        { op: 'redeliver_reward', member: 301, reward: 4 },
        { op: 'redeliver_reward', member: 302, reward: 4 },
      ]);
      const [set, reward, , , again, others] = outcomes;
      expect(set.result).toMatchObject({ id: 1 });
      expect(reward.result).toMatchObject({ id: 4, kind: 'CONTENT', value: 1 });
      expect(again.result).toEqual({ rewardId: 4, contentSetId: 1, occurrence: 1, delivered: true });
      expect(others.error.code).toBe('NOT_FOUND');
    });
  });
}
