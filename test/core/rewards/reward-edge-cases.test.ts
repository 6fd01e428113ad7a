/**
 * Paths of the rewards module the other files reach only in passing: switching a deleted
 * reward, what a manual VIP_DAYS claim returns, and sending a CONTENT grant again once its
 * reward was deleted (the member still holds what was granted).
 */
import { describe, expect, it } from 'vitest';
import { ScriptedDeliverer, type ContentSet, type DeliveryContext } from '../../../src/core/shop/index.js';
import { testDialects } from '../../helpers/dialects.js';
import { refusal } from '../../helpers/ledger-fixtures.js';
import { ADMIN, DAY, START, useRewards } from './rewards-fixture.js';

/** Records the reward name each delivery carried. */
class NamingDeliverer extends ScriptedDeliverer {
  readonly names: string[] = [];
  override async deliver(memberId: number, contentSet: ContentSet, context: DeliveryContext): Promise<void> {
    this.names.push(context.reward?.name ?? '(purchase)');
    return super.deliver(memberId, contentSet, context);
  }
}

for (const dialect of testDialects()) {
  describe(`rewards, edge cases (${dialect.name})`, () => {
    const ctx = useRewards(dialect);

    it('a deleted reward cannot be switched on or off (its row stays inactive), read or listed', async () => {
      const r = await ctx.rewards.createReward(ADMIN, { name: 'Uno', kind: 'BESITOS', amount: 5, conditions: [{ type: 'FIRST_REACTION' }] });
      await refusal(ctx.rewards.setActive(ADMIN, r.id, 'yes' as unknown as boolean), 'INVALID_INPUT');
      await ctx.rewards.deleteReward(ADMIN, r.id);
      await refusal(ctx.rewards.deactivate(ADMIN, r.id), 'NOT_FOUND');
      await refusal(ctx.rewards.activate(ADMIN, r.id), 'NOT_FOUND');
      await refusal(ctx.rewards.getReward(ADMIN, r.id), 'NOT_FOUND');
      expect(await ctx.rewards.listRewards(ADMIN)).toEqual([]);
      // The refused switch left the row as the delete did: inactive, so never evaluated.
      const row = await ctx.storage.db.selectFrom('rewards').select(['active', 'deleted_at']).where('id', '=', r.id).executeTakeFirstOrThrow();
      expect({ active: Number(row.active), deletedAt: Number(row.deleted_at) }).toEqual({ active: 0, deletedAt: START });
    });

    it('a reward switched off cannot be claimed any more, even unlocked before: INACTIVE, nothing paid (issue 11, failure 9)', async () => {
      const r = await ctx.rewards.createReward(ADMIN, { name: 'Diez', kind: 'BESITOS', amount: 10, claimMode: 'manual', conditions: [{ type: 'FIRST_DAILY_GIFT' }] });
      await ctx.economy.daily.claim(5);
      await ctx.economy.rewards.evaluate?.(5);
      const before = await ctx.economy.ledger.balance(5);
      await ctx.rewards.deactivate(ADMIN, r.id);
      const err = await refusal(ctx.rewards.claim({ memberId: 5, rewardId: r.id }), 'INACTIVE');
      expect(err.details).toEqual({ rewardId: r.id });
      expect(await ctx.economy.ledger.balance(5)).toBe(before);
      // Switched on again (within its window), the unlocked occurrence pays.
      await ctx.rewards.activate(ADMIN, r.id);
      expect(await ctx.rewards.claim({ memberId: 5, rewardId: r.id })).toMatchObject({ kind: 'BESITOS', value: 10 });
      expect(await ctx.economy.ledger.balance(5)).toBe(before + 10);
    });

    it('a manual VIP_DAYS claim returns the VIP expiry after the extension', async () => {
      const r = await ctx.rewards.createReward(ADMIN, {
        name: 'Cinco días',
        kind: 'VIP_DAYS',
        days: 5,
        claimMode: 'manual',
        conditions: [{ type: 'FIRST_DAILY_GIFT' }],
      });
      await ctx.economy.daily.claim(3);
      const grant = await ctx.rewards.claim({ memberId: 3, rewardId: r.id });
      expect(grant).toMatchObject({ kind: 'VIP_DAYS', value: 5, capped: false, vipExpiresAt: new Date(START + 5 * DAY), transactionId: null });
    });

    it('a CONTENT grant is sent again after its reward was deleted, under the reward name', async () => {
      const set = await ctx.economy.shop.createContentSet({ adminId: ADMIN, name: 'Fotos', items: [{ kind: 'photo', fileId: 'P1' }] });
      const deliverer = new NamingDeliverer();
      ctx.economy.shop.setDeliverer(deliverer);
      const r = await ctx.rewards.createReward(ADMIN, { name: 'Pack', kind: 'CONTENT', contentSetId: set.id, conditions: [{ type: 'FIRST_DAILY_GIFT' }] });
      await ctx.economy.daily.claim(4);
      await ctx.rewards.deleteReward(ADMIN, r.id);
      expect(await ctx.rewards.redeliver({ memberId: 4, rewardId: r.id })).toEqual({ rewardId: r.id, contentSetId: set.id, occurrence: 1, delivered: true });
      expect(deliverer.names).toEqual(['Pack', 'Pack']);
    });
  });
}
