/**
 * The admin's view of purchases and the admin's refund (issue 13): every member's purchases
 * newest first; a refund gives the whole price back once (stock, holdings, REFUND_SHOP with
 * the admin's id), never twice, never for VIP days, only by an admin; changing nothing when
 * refused. The audit reads beside them: every member's role changes, the admins' movements.
 */
import { describe, expect, it } from 'vitest';
import { refusal } from '../../helpers/refusal.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN, useShop } from './shop-fixture.js';


for (const dialect of testDialects()) {
  describe(`admin purchases and audit (${dialect.name})`, () => {
    const ctx = useShop(dialect);

    it("lists every member's purchases newest first, paged, or one member's", async () => {
      const p = await ctx.product({ price: 10, stock: 10 });
      for (const m of [1, 2, 1]) {
        await ctx.fund(m, 100);
        await ctx.shop.purchase({ memberId: m, productId: p.id, confirmationKey: `k${m}-${ctx.clock.now()}`, confirmRepurchase: true });
        ctx.clock.advance(1000);
      }
      const first = await ctx.shop.allPurchases(ADMIN, { limit: 2 });
      expect(first.items.map((x) => x.memberId)).toEqual([1, 2]);
      const second = await ctx.shop.allPurchases(ADMIN, { limit: 2, cursor: first.nextCursor! });
      expect(second).toMatchObject({ items: [{ memberId: 1 }], nextCursor: null });
      expect((await ctx.shop.allPurchases(ADMIN, { memberId: 2 })).items).toHaveLength(1);
      expect((await refusal(ctx.shop.allPurchases(1))).code).toBe('FORBIDDEN');
    });

    it('refunds the whole price once, with the admin in the metadata; then NOT_REFUNDABLE, nothing changed', async () => {
      const p = await ctx.product({ price: 30, stock: 5 });
      await ctx.fund(7, 100);
      const bought = await ctx.shop.purchase({ memberId: 7, productId: p.id, confirmationKey: 'k' });
      expect(await ctx.ledger.balance(7)).toBe(70);
      const done = await ctx.shop.refundPurchase({ adminId: ADMIN, purchaseId: bought.purchase.id, reason: 'wrong file' });
      expect(done).toMatchObject({ balance: 100, purchase: { status: 'REFUNDED' } });
      const refund = (await ctx.economy.history(7, { types: ['REFUND_SHOP'] })).items[0]!;
      expect(refund).toMatchObject({ amount: 30, metadata: { admin_id: ADMIN, refund_of: bought.purchase.transactionId } });
      expect((await ctx.shop.product(ADMIN, p.id)).stock).toBe(5);

      const before = await ctx.state(7, p.id);
      expect(await refusal(ctx.shop.refundPurchase({ adminId: ADMIN, purchaseId: bought.purchase.id, reason: 'again' }))).toEqual({
        code: 'NOT_REFUNDABLE',
        details: { purchaseId: bought.purchase.id, reason: 'ALREADY_REFUNDED' },
      });
      expect((await refusal(ctx.shop.refundPurchase({ adminId: 7, purchaseId: bought.purchase.id, reason: 'me' }))).code).toBe('FORBIDDEN');
      expect((await refusal(ctx.shop.refundPurchase({ adminId: ADMIN, purchaseId: 99999, reason: 'x' }))).code).toBe('NOT_FOUND');
      expect((await refusal(ctx.shop.refundPurchase({ adminId: ADMIN, purchaseId: bought.purchase.id, reason: '' }))).code).toBe('INVALID_INPUT');
      expect(await ctx.state(7, p.id)).toEqual(before);
      await ctx.verifyOk();
    });

    it('VIP days are not refunded by an admin', async () => {
      const p = await ctx.product({ kind: 'VIP_DAYS', days: 7, price: 20 });
      await ctx.fund(8, 50);
      const bought = await ctx.shop.purchase({ memberId: 8, productId: p.id, confirmationKey: 'k' });
      const before = await ctx.state(8, p.id);
      expect(await refusal(ctx.shop.refundPurchase({ adminId: ADMIN, purchaseId: bought.purchase.id, reason: 'x' }))).toMatchObject({
        code: 'NOT_REFUNDABLE',
        details: { reason: 'VIP_DAYS' },
      });
      expect(await ctx.state(8, p.id)).toEqual(before);
    });

    it("the audit reads: every member's role changes and the admins' movements, newest first, paged", async () => {
      await ctx.membership.grantVip({ memberId: 11, days: 3, adminId: ADMIN });
      await ctx.membership.grantVip({ memberId: 12, days: 3, adminId: ADMIN });
      const roles = await ctx.membership.allRoleChanges({ limit: 1 });
      expect(roles.map((r) => r.memberId)).toEqual([12]);
      expect((await ctx.membership.allRoleChanges({ beforeId: roles[0]!.id })).map((r) => r.memberId)).toEqual([11]);

      await ctx.ledger.adminCredit({ adminId: ADMIN, memberId: 11, amount: 5, reason: 'a' });
      await ctx.ledger.credit({ memberId: 11, amount: 9, type: 'EARN_DAILY' });
      await ctx.ledger.adminDebit({ adminId: ADMIN, memberId: 11, amount: 2, reason: 'b' });
      const moves = await ctx.ledger.adminMovements();
      expect(moves.map((m) => [m.type, m.amount])).toEqual([
        ['SPEND_ADMIN', -2],
        ['EARN_ADMIN', 5],
      ]);
      expect((await ctx.ledger.adminMovements({ limit: 1, beforeId: moves[0]!.id })).map((m) => m.amount)).toEqual([5]);
      expect((await refusal(ctx.ledger.adminMovements({ limit: 0 }))).code).toBe('INVALID_INPUT');
    });
  });
}
