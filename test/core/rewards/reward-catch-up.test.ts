/**
 * Issue 14: a crash between a movement's commit and its reward evaluation loses no grant.
 * The "crashed" instance's evaluation never runs (a listener ahead of it never returns, as a
 * process that died there); another instance's catch-up sweep grants the reward, once.
 */
import { describe, expect, it, vi } from 'vitest';
import { createEngineContext } from '../../../src/core/engine-context.js';
import { assembleEconomy } from '../../../src/core/engine.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN, memberRewardRows, useRewards } from './rewards-fixture.js';

for (const dialect of testDialects()) {
  describe(`rewards catch-up after a crash (${dialect.name})`, () => {
    const ctx = useRewards(dialect);

    it('the grant of a movement whose evaluation never ran is made by the catch-up, once', async () => {
      const r = await ctx.rewards.createReward(ADMIN, { name: 'Cien', kind: 'BESITOS', amount: 7, conditions: [{ type: 'TOTAL_EARNED', value: 100 }] });
      const crashedCtx = createEngineContext({ storage: ctx.storage, clock: ctx.clock, adminIds: [ADMIN] });
      let committed!: () => void;
      const afterCommit = new Promise<void>((resolve) => (committed = resolve));
      // Registered before the engine's own evaluation: the process "dies" right after commit.
      crashedCtx.events.on('movement.applied', () => {
        committed();
        return new Promise<void>(() => {});
      });
      const crashed = assembleEconomy(crashedCtx);
      void crashed.ledger.credit({ memberId: 77, amount: 100 });
      await afterCommit;
      await crashed.close();
      expect(await ctx.ledger.balance(77)).toBe(100);
      expect(await memberRewardRows(ctx.storage, 77)).toEqual([]);

      // Too young for the sweep (a lower id could still commit behind it): left for the next one.
      expect(await ctx.rewards.catchUp()).toBe(0);
      ctx.clock.advance(60_000);
      expect(await ctx.rewards.catchUp()).toBe(1);
      const rows = await memberRewardRows(ctx.storage, 77);
      expect(rows.map((x) => [x.reward, x.status, x.value])).toEqual([[r.id, 'CLAIMED', 7]]);
      expect(await ctx.ledger.balance(77)).toBe(107);

      // The cursor moved past it; a sweep with nothing new evaluates no one, and the grant's
      // own movement, swept later, grants nothing twice.
      ctx.clock.advance(60_000);
      await ctx.rewards.catchUp();
      expect(await ctx.rewards.catchUp()).toBe(0);
      expect(await ctx.ledger.balance(77)).toBe(107);
    });

    it('a reward created by another instance is evaluated here: the cached active rewards are refreshed across processes', async () => {
      await ctx.ledger.credit({ memberId: 78, amount: 10 }); // the cache now holds "no rewards"
      const other = await ctx.instance();
      const r = await other.economy.rewards.createReward(ADMIN, { name: 'Diez', kind: 'BESITOS', amount: 3, conditions: [{ type: 'TOTAL_EARNED', value: 10 }] });
      // PostgreSQL: the change arrives as a notification, so it may take a moment.
      await vi.waitFor(async () => expect((await ctx.rewards.evaluate(78)).map((u) => u.rewardId)).toEqual([r.id]), { timeout: 5000 });
      expect(await ctx.ledger.balance(78)).toBe(13);
    });
  });
}
