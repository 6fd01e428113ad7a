/**
 * simulate: the shop (SPEC §5, §10). Content sets and products by an admin, the catalogue,
 * purchases (double press, repurchase confirmation, VIP days), a failed delivery scripted by
 * `fail_delivery` and its automatic refund, "my purchases", redelivery and verify.
 */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN, useSimulation } from './simulate-fixture.js';

for (const dialect of testDialects()) {
  describe(`simulate: shop (${dialect.name})`, () => {
    const sim = useSimulation(dialect);
    it('admin setup, catalogue, buy, double press, repurchase, failed delivery refunded, VIP days, verify', async () => {
      const { outcomes, summary } = await sim.run(
        [
          { at: '2025-03-01T10:00:00Z', op: 'create_content_set', admin: ADMIN, name: 'Beach', items: [{ kind: 'photo', fileId: 'AgAD1' }] },
          { op: 'create_product', admin: ADMIN, name: 'Beach pack', kind: 'CONTENT', content_set: 1, price: 99, vip_discount_pct: 20, stock: 5 },
          { op: 'create_product', admin: ADMIN, name: 'VIP week', kind: 'VIP_DAYS', days: 7, price: 40, sort_order: 1 },
          { op: 'create_product', admin: 101, name: 'Nope', kind: 'VIP_DAYS', days: 7, price: 40 },
          { op: 'credit', member: 101, amount: 300 },
          { op: 'catalog', member: 101 },
          { op: 'buy', member: 101, product: 1, key: 'cb-1' },
          { op: 'buy', member: 101, product: 1, key: 'cb-1' },
          { op: 'buy', member: 101, product: 1, key: 'cb-2' },
          { op: 'fail_delivery', product: 1, permanent: true },
          { op: 'buy', member: 101, product: 1, key: 'cb-2', confirm_repurchase: true },
          { at: '2025-03-01T11:00:00Z', op: 'buy', member: 101, product: 2, key: 'cb-3' },
          { op: 'catalog', member: 101 },
          { op: 'purchases', member: 101 },
          { op: 'redeliver', member: 101, purchase: 2 },
          { op: 'update_product', admin: ADMIN, product: 1, active: false },
          { op: 'buy', member: 101, product: 1, key: 'cb-4', confirm_repurchase: true },
          { op: 'verify' },
        ],
      );
      expect(summary).toEqual({ operations: 18, ok: 14, failed: 4 });
      const [set, pack, week, forbidden, , cat1, buy1, again, noConfirm, fail, refunded, vip, cat2, mine, redeliver, deactivated, inactive, verify] = outcomes;
      expect(set.result).toMatchObject({ id: 1, name: 'Beach', items: [{ kind: 'photo', fileId: 'AgAD1' }] });
      expect(pack.result).toMatchObject({ id: 1, price: 99, effectiveVipPrice: 80, stock: 5, purchaseCount: 0, active: true });
      expect(week.result).toMatchObject({ id: 2, kind: 'VIP_DAYS', days: 7, price: 40, effectiveVipPrice: 40 });
      expect(forbidden.error.code).toBe('FORBIDDEN');
      expect(cat1.result).toMatchObject({ total: 2, pages: 1, page: 1, pageSize: 5, role: 'FREE' });
      expect(cat1.result.items.map((i: any) => [i.productId, i.price])).toEqual([[2, 40], [1, 99]]);
      expect(buy1.result).toMatchObject({ price: 99, balance: 201, delivered: true, refunded: false, replayed: false });
      expect(buy1.result.purchase).toMatchObject({ id: 1, status: 'COMPLETED', transactionId: 2, createdAt: '2025-03-01T10:00:00.000Z' });
      expect(again.result).toMatchObject({ price: 99, balance: 201, replayed: true, purchase: { id: 1 } });
      expect(noConfirm.error).toMatchObject({ code: 'CONFIRMATION_REQUIRED', productId: 1, owned: 1, price: 99 });
      expect(fail).toEqual({ ok: true, result: { product: 1, member: null, permanent: true, times: null } });
      expect(refunded.result).toMatchObject({ price: 99, balance: 201, delivered: false, refunded: true });
      expect(refunded.result.purchase).toMatchObject({ id: 2, status: 'REFUNDED', transactionId: 3, refundTransactionId: 4 });
      expect(vip.result).toMatchObject({ price: 40, balance: 161, delivered: true });
      // Now VIP: the VIP price (80) sorts the pack; the week stays 40.
      expect(cat2.result.role).toBe('VIP');
      expect(cat2.result.items.map((i: any) => [i.productId, i.price, i.owned, i.stock])).toEqual([[2, 40, 1, null], [1, 80, 1, 4]]);
      expect(mine.result.items.map((p: any) => [p.id, p.productName, p.status])).toEqual([
        [3, 'VIP week', 'COMPLETED'],
        [2, 'Beach pack', 'REFUNDED'],
        [1, 'Beach pack', 'COMPLETED'],
      ]);
      expect(redeliver.error.code).toBe('NOT_FOUND');
      expect(deactivated.result).toMatchObject({ id: 1, active: false });
      expect(inactive.error.code).toBe('INACTIVE');
      expect(verify.result).toMatchObject({ ok: true, violations: [] });
    });

    it('a temporary failure is retried; refused arguments name the field', async () => {
      const { outcomes } = await sim.run(
        [
          { at: '2025-03-01T10:00:00Z', op: 'create_content_set', admin: ADMIN, name: 'S', items: [{ kind: 'copy', chatId: -1001, messageId: 9 }] },
          { op: 'create_product', admin: ADMIN, name: 'P', kind: 'CONTENT', content_set: 1, price: 10 },
          { op: 'credit', member: 5, amount: 10 },
          { op: 'fail_delivery', member: 5, permanent: false, times: 2 },
          { op: 'buy', member: 5, product: 1, key: 'k' },
          { op: 'redeliver', member: 5, purchase: 1 },
          { op: 'create_product', admin: ADMIN, name: 'P', kind: 'CONTENT', content_set: 1, price: -1 },
          { op: 'buy', member: 5, product: 1 },
          { op: 'fail_delivery', permanent: 'yes' },
        ],
      );
      expect(outcomes[4].result).toMatchObject({ price: 10, balance: 0, delivered: true, refunded: false });
      expect(outcomes[5].result).toMatchObject({ delivered: true, purchase: { id: 1 } });
      expect(outcomes[6].error).toMatchObject({ code: 'INVALID_INPUT', field: 'price' });
      expect(outcomes[7].error).toMatchObject({ code: 'INVALID_INPUT', field: 'key' });
      expect(outcomes[8].error).toMatchObject({ code: 'INVALID_INPUT', field: 'permanent' });
    });
  });
}
