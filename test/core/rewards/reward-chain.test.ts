/**
 * A reward chain (issue 14): reward A's grant makes reward B eligible, B's makes C and D,
 * D's credit levels the member up and makes E eligible. The evaluation keeps no
 * AsyncLocalStorage: the events of its own grants make it take another pass (with the
 * facts its credits left, read again after a level-up or a badge), so each reward unlocks
 * exactly once, in the order of the chain, and nothing recurses.
 */
import { describe, expect, it } from 'vitest';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import type { RewardInput } from '../../../src/core/rewards/reward-input.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN, memberRewardRows, rewardMovements, useRewards } from './rewards-fixture.js';

const besitos = (name: string, amount: number, conditions: RewardInput['conditions']): RewardInput => ({
  name,
  kind: 'BESITOS',
  amount,
  conditions,
});

for (const dialect of testDialects()) {
  describe(`a reward chain (${dialect.name})`, () => {
    const ctx = useRewards(dialect);

    /** Created so that each link comes before the one that unlocks it: every link needs another pass. */
    async function chain() {
      const e = await ctx.rewards.createReward(ADMIN, besitos('E', 5, [{ type: 'LEVEL', value: 2 }]));
      const c = await ctx.rewards.createReward(ADMIN, {
        name: 'C',
        kind: 'BADGE',
        badgeName: 'Sesenta',
        badgeEmoji: '🏅',
        conditions: [{ type: 'TOTAL_EARNED', value: 60 }],
      });
      const d = await ctx.rewards.createReward(ADMIN, besitos('D', 100, [{ type: 'TOTAL_EARNED', value: 60 }]));
      const b = await ctx.rewards.createReward(ADMIN, besitos('B', 20, [{ type: 'TOTAL_EARNED', value: 35 }]));
      const a = await ctx.rewards.createReward(ADMIN, besitos('A', 30, [{ type: 'TOTAL_EARNED', value: 10 }]));
      return { a: a.id, b: b.id, c: c.id, d: d.id, e: e.id };
    }

    it('unlocks each link exactly once, in order, from one credit', async () => {
      const ids = await chain();
      await ctx.economy.ledger.credit({ memberId: 1, amount: 10, idempotencyKey: 'start' });
      const order = [ids.a, ids.b, ids.c, ids.d, ids.e];
      expect(ctx.seenOf('reward.unlocked').map((u) => u.rewardId)).toEqual(order);
      expect(ctx.seenOf('reward.granted').map((g) => [g.rewardId, g.value])).toEqual([
        [ids.a, 30],
        [ids.b, 20],
        [ids.c, null],
        [ids.d, 100],
        [ids.e, 5],
      ]);
      // Each grant's events come right after its unlock: unlocked, granted, movement.
      const names = ctx.seen.filter((s) => s.name === 'reward.unlocked' || s.name === 'reward.granted').map((s) => s.name);
      expect(names).toEqual(order.flatMap(() => ['reward.unlocked', 'reward.granted']));
      const rows = await memberRewardRows(ctx.storage, 1);
      expect(rows.map((r) => [r.reward, r.occurrence, r.status])).toEqual(
        [...order].sort((x, y) => x - y).map((id) => [id, 1, 'CLAIMED']),
      );
      expect((await rewardMovements(ctx.storage, 1)).map((m) => m.key)).toEqual(
        [ids.a, ids.b, ids.d, ids.e].map((id) => `reward:${id}:1`),
      );
      expect(await ctx.economy.ledger.balance(1)).toBe(10 + 30 + 20 + 100 + 5);
      // Evaluating again finds nothing to do.
      expect(await ctx.rewards.evaluate(1)).toEqual([]);
      expect(ctx.seenOf('reward.unlocked')).toHaveLength(5);
      expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    });

    it('with concurrent credits and evaluations (two instances on PostgreSQL) still grants each link once', async () => {
      const ids = await chain();
      const other = dialect.name === 'postgres' ? (await ctx.instance()).economy : ctx.economy;
      await Promise.all([
        ...Array.from({ length: 6 }, (_, i) => ctx.economy.ledger.credit({ memberId: 2, amount: 2, idempotencyKey: `c${i}` })),
        ...Array.from({ length: 6 }, (_, i) => other.ledger.credit({ memberId: 2, amount: 2, idempotencyKey: `d${i}` })),
        ...Array.from({ length: 6 }, () => ctx.rewards.evaluate(2)),
        ...Array.from({ length: 6 }, () => other.rewards.evaluate(2)),
      ]);
      // Whatever the interleaving, one more look (the catch-up's) completes the chain.
      await ctx.rewards.evaluate(2);
      const rows = await memberRewardRows(ctx.storage, 2);
      expect(rows.map((r) => [r.reward, r.occurrence])).toEqual(
        [ids.a, ids.b, ids.c, ids.d, ids.e].sort((x, y) => x - y).map((id) => [id, 1]),
      );
      expect((await rewardMovements(ctx.storage, 2)).map((m) => m.key).sort()).toEqual(
        [ids.a, ids.b, ids.d, ids.e].map((id) => `reward:${id}:1`).sort(),
      );
      expect(await ctx.economy.ledger.balance(2)).toBe(24 + 30 + 20 + 100 + 5);
      expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    });
  });
}
