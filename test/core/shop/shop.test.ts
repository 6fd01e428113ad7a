/**
 * The shop (SPEC §5) on both databases: prices, catalogue, purchases and their refusals,
 * delivery and automatic refund, double presses, repurchase, free claims, VIP days, limits,
 * "my purchases" and redelivery. Exact numbers and times with a ManualClock.
 */
import { describe, expect, it } from 'vitest';
import { vipPriceOf } from '../../../src/core/shop/index.js';
import { testDialects } from '../../helpers/dialects.js';
import { refusal } from '../../helpers/ledger-fixtures.js';
import { ADMIN, DAY, START, useShop } from './shop-fixture.js';

describe('vipPriceOf', () => {
  it('takes floor(price × pct / 100) off, and an explicit VIP price wins', () => {
    expect(vipPriceOf(99, null, 20)).toBe(80); // 99 − floor(19.8)
    expect(vipPriceOf(200, null, 50)).toBe(100);
    expect(vipPriceOf(1, null, 99)).toBe(1); // 1 − floor(0.99)
    expect(vipPriceOf(200, 150, null)).toBe(150);
    expect(vipPriceOf(200, null, null)).toBe(200);
    expect(vipPriceOf(1_000_000_000, null, 100)).toBe(0);
  });
});

for (const dialect of testDialects()) {
  describe(dialect.name, () => {
    const ctx = useShop(dialect);

    describe('products', () => {
      it('stores the VIP price: 99 at 20 % → 80, 200 at 50 % → 100, explicit wins; an edit switches between them', async () => {
        const a = await ctx.product({ price: 99, vipDiscountPct: 20 });
        const b = await ctx.product({ price: 200, vipDiscountPct: 50 });
        const c = await ctx.product({ price: 200, vipPrice: 150 });
        expect([a.effectiveVipPrice, b.effectiveVipPrice, c.effectiveVipPrice]).toEqual([80, 100, 150]);
        const c2 = await ctx.shop.updateProduct({ adminId: ADMIN, productId: c.id, vipDiscountPct: 10 });
        expect([c2.vipPrice, c2.vipDiscountPct, c2.effectiveVipPrice]).toEqual([null, 10, 180]);
        const c3 = await ctx.shop.updateProduct({ adminId: ADMIN, productId: c.id, vipPrice: 120 });
        expect([c3.vipPrice, c3.vipDiscountPct, c3.effectiveVipPrice]).toEqual([120, null, 120]);
        const c4 = await ctx.shop.updateProduct({ adminId: ADMIN, productId: c.id, price: 300 });
        expect([c4.price, c4.effectiveVipPrice]).toEqual([300, 120]);
      });

      it('a VIP pays the VIP price, computed at purchase time', async () => {
        const p = await ctx.product({ price: 99, vipDiscountPct: 20 });
        await ctx.fund(1, 500);
        await ctx.makeVip(1, 1);
        const r = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'k1' });
        expect([r.price, r.balance]).toEqual([80, 420]);
        ctx.clock.advance(DAY); // the VIP day is over: the regular price
        const r2 = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'k2', confirmRepurchase: true });
        expect([r2.price, r2.balance]).toEqual([99, 321]);
        // A configured admin counts as VIP.
        await ctx.fund(ADMIN, 100);
        expect((await ctx.shop.purchase({ memberId: ADMIN, productId: p.id, confirmationKey: 'k' })).price).toBe(80);
        await ctx.verifyOk();
      });

      it('admin actions are checked every time; bad fields are named', async () => {
        const set = await ctx.contentSet();
        await refusal(ctx.shop.createProduct({ adminId: 5, name: 'x', kind: 'CONTENT', contentSetId: set, price: 1 }), 'FORBIDDEN');
        await refusal(ctx.shop.createContentSet({ adminId: 5, name: 'x', items: [{ kind: 'photo', fileId: 'f' }] }), 'FORBIDDEN');
        const bad: Array<[Record<string, unknown>, string]> = [
          [{ price: -1 }, 'price'],
          [{ price: 1_000_000_001 }, 'price'],
          [{ price: 1.5 }, 'price'],
          [{ name: '' }, 'name'],
          [{ vipDiscountPct: 101 }, 'vipDiscountPct'],
          [{ vipPrice: 60 }, 'vipPrice'], // above the price 50
          [{ vipPrice: 10, vipDiscountPct: 10 }, 'vipPrice'],
          [{ tier: 'GOLD' }, 'tier'],
          [{ stock: -1 }, 'stock'],
          [{ perMemberLimit: 0 }, 'perMemberLimit'],
          [{ contentSetId: 999_999 }, 'contentSetId'],
          [{ days: 3 }, 'days'],
          [{ prize: 3 }, 'prize'],
        ];
        for (const [fields, field] of bad) {
          const err = await refusal(ctx.shop.createProduct({ adminId: ADMIN, name: 'P', kind: 'CONTENT', contentSetId: set, price: 50, ...fields }), 'INVALID_INPUT');
          expect(err.details.field, JSON.stringify(fields)).toBe(field);
        }
        const vip = await refusal(ctx.shop.createProduct({ adminId: ADMIN, name: 'V', kind: 'VIP_DAYS', price: 5 }), 'INVALID_INPUT');
        expect(vip.details.field).toBe('days');
        const items = await refusal(ctx.shop.createContentSet({ adminId: ADMIN, name: 'S', items: [{ kind: 'sticker', fileId: 'f' }] }), 'INVALID_INPUT');
        expect(items.details.field).toBe('items.0.kind');
        expect(await ctx.storage.db.selectFrom('products').select('id').execute()).toEqual([]);
      });

      it('content sets are created, edited and listed', async () => {
        const s = await ctx.shop.createContentSet({
          adminId: ADMIN,
          name: 'Beach',
          items: [
            { kind: 'video', fileId: 'BAAD' },
            { kind: 'copy', chatId: -100123, messageId: 42 },
          ],
        });
        ctx.clock.advance(1000);
        const edited = await ctx.shop.updateContentSet({ adminId: ADMIN, contentSetId: s.id, name: 'Beach 2' });
        expect(edited).toMatchObject({ name: 'Beach 2', items: s.items, updatedAt: new Date(START + 1000) });
        expect((await ctx.shop.contentSets(ADMIN)).map((x) => x.name)).toEqual(['Beach 2']);
        await refusal(ctx.shop.updateContentSet({ adminId: ADMIN, contentSetId: s.id + 100, name: 'n' }), 'NOT_FOUND');
      });
    });

    describe('catalogue', () => {
      it('active products, cheapest first by the member’s price, then sort order; pages of shop.page_size', async () => {
        const p10b = await ctx.product({ name: 'ten-b', price: 10, sortOrder: 2 });
        const p10a = await ctx.product({ name: 'ten-a', price: 10, sortOrder: 1 });
        const p50 = await ctx.product({ name: 'fifty', price: 50, vipDiscountPct: 90 }); // VIP: 5
        const p0 = await ctx.product({ name: 'free', price: 0 });
        const p30 = await ctx.product({ name: 'thirty', price: 30, tier: 'VIP' });
        const p99 = await ctx.product({ name: 'ninety-nine', price: 99, vipDiscountPct: 20, stock: 0 }); // VIP: 80
        await ctx.product({ name: 'off', price: 1, active: false });

        const free1 = await ctx.shop.catalogue(1);
        expect([free1.total, free1.pages, free1.page, free1.pageSize, free1.role]).toEqual([6, 2, 1, 5, 'FREE']);
        expect(free1.items.map((i) => [i.name, i.price])).toEqual([
          ['free', 0],
          ['ten-a', 10],
          ['ten-b', 10],
          ['thirty', 30],
          ['fifty', 50],
        ]);
        expect(free1.items[3]).toMatchObject({ productId: p30.id, vipOnly: true, unavailable: 'VIP_ONLY' });
        const free2 = await ctx.shop.catalogue(1, 2);
        expect(free2.items.map((i) => [i.productId, i.price, i.unavailable])).toEqual([[p99.id, 99, 'OUT_OF_STOCK']]);
        expect((await ctx.shop.catalogue(1, 7)).page).toBe(2); // past the end: the last page

        await ctx.makeVip(2);
        const vip = await ctx.shop.catalogue(2);
        expect(vip.role).toBe('VIP');
        expect(vip.items.map((i) => [i.productId, i.price])).toEqual([
          [p0.id, 0],
          [p50.id, 5],
          [p10a.id, 10],
          [p10b.id, 10],
          [p30.id, 30],
        ]);
        expect(vip.items[4]).toMatchObject({ vipOnly: true, unavailable: null, regularPrice: 30, vipPrice: 30 });

        await ctx.settings.set('shop.page_size', 2, 'test');
        const small = await ctx.shop.catalogue(1, 3);
        expect([small.pages, small.page, small.items.map((i) => i.name)]).toEqual([3, 3, ['fifty', 'ninety-nine']]);

        // One entry, as the member sees it on whatever page it is: the same as in the list.
        for (const [member, page] of [[1, free1], [1, free2], [2, vip]] as const) {
          for (const item of page.items) expect(await ctx.shop.catalogueEntry(member, item.productId)).toEqual(item);
        }
        const off = (await ctx.shop.products(ADMIN)).find((p) => p.name === 'off')!;
        await refusal(ctx.shop.catalogueEntry(1, off.id), 'NOT_FOUND');
        await refusal(ctx.shop.catalogueEntry(1, 999_999), 'NOT_FOUND');
      });

      it('shows what the member owns and when the limit is reached', async () => {
        const p = await ctx.product({ price: 10, perMemberLimit: 1 });
        await ctx.fund(1, 100);
        await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'a' });
        expect((await ctx.shop.catalogue(1)).items[0]).toMatchObject({ owned: 1, unavailable: 'LIMIT_REACHED' });
        expect((await ctx.shop.catalogue(2)).items[0]).toMatchObject({ owned: 0, unavailable: null });
      });
    });

    describe('purchase', () => {
      it('one transaction: spend, purchase row, stock − 1, count + 1, delivery, events', async () => {
        const p = await ctx.product({ price: 50, stock: 3 });
        await ctx.fund(1, 120);
        const r = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'btn-1' });
        expect(r).toMatchObject({ price: 50, balance: 70, delivered: true, refunded: false, replayed: false });
        expect(r.purchase).toMatchObject({
          memberId: 1,
          productId: p.id,
          price: 50,
          status: 'COMPLETED',
          deliveredAt: new Date(START),
          createdAt: new Date(START),
          productName: 'Pack',
        });
        const spend = await ctx.storage.db.selectFrom('transactions').selectAll().where('id', '=', r.purchase.transactionId!).executeTakeFirstOrThrow();
        expect([spend.type, Number(spend.amount), spend.idempotency_key, Number(spend.balance_after)]).toEqual(['SPEND_SHOP', -50, 'purchase:btn-1', 70]);
        expect((await ctx.shop.product(ADMIN, p.id))).toMatchObject({ stock: 2, purchaseCount: 1 });
        expect(ctx.deliverer.delivered).toEqual([{ memberId: 1, contentSetId: p.contentSetId, purchaseId: r.purchase.id, ok: true }]);
        expect(ctx.seenOf('purchase.completed')).toEqual([
          { memberId: 1, purchaseId: r.purchase.id, productId: p.id, price: 50, transactionId: spend.id, firstPurchase: true, at: START },
        ]);
        // After the funding credit (EARN_ADMIN), the purchase's own movement.
        expect(ctx.seenOf('movement.applied').map((m) => [m.type, m.amount, m.balance])).toEqual([['EARN_ADMIN', 120, 120], ['SPEND_SHOP', -50, 70]]);
        const r2 = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'btn-2', confirmRepurchase: true });
        expect(r2.balance).toBe(20);
        expect(ctx.seenOf('purchase.completed')[1]!.firstPurchase).toBe(false);
        await ctx.verifyOk();
      });

      it('every refusal has its code and changes nothing', async () => {
        await ctx.fund(1, 40);
        const cheap = await ctx.product({ price: 10 });
        await ctx.shop.purchase({ memberId: 1, productId: cheap.id, confirmationKey: 'first' });
        const inactive = await ctx.product({ price: 10, active: false });
        const vipOnly = await ctx.product({ price: 10, tier: 'VIP' });
        const soldOut = await ctx.product({ price: 10, stock: 0 });
        const limited = await ctx.product({ price: 1, perMemberLimit: 1 });
        await ctx.shop.purchase({ memberId: 1, productId: limited.id, confirmationKey: 'lim' });
        const dear = await ctx.product({ price: 100, stock: 4 });
        const cases: Array<[number, string, Record<string, unknown>]> = [
          [999_999, 'NOT_FOUND', { productId: 999_999 }],
          [inactive.id, 'INACTIVE', { productId: inactive.id }],
          [vipOnly.id, 'VIP_ONLY', { productId: vipOnly.id }],
          [soldOut.id, 'OUT_OF_STOCK', { productId: soldOut.id, stock: 0 }],
          [limited.id, 'LIMIT_REACHED', { productId: limited.id, limit: 1, owned: 1 }],
          [cheap.id, 'CONFIRMATION_REQUIRED', { productId: cheap.id, owned: 1, price: 10 }],
          [dear.id, 'INSUFFICIENT_FUNDS', { balance: 29, amount: 100, price: 100, productId: dear.id }],
        ];
        for (const [productId, code, details] of cases) {
          const before = await ctx.state(1, productId);
          const err = await refusal(
            ctx.shop.purchase({ memberId: 1, productId, confirmationKey: `try-${code}`, confirmRepurchase: code === 'LIMIT_REACHED' }),
            code as never,
          );
          expect(err.details).toEqual(details);
          expect(await ctx.state(1, productId)).toEqual(before);
        }
        // An id with no profile (issue 11, failure 9: was INSUFFICIENT_FUNDS): UNKNOWN_MEMBER, no member row made.
        const err = await refusal(ctx.shop.purchase({ memberId: 77, productId: cheap.id, confirmationKey: 'x' }), 'UNKNOWN_MEMBER');
        expect(err.details).toEqual({ memberId: 77 });
        expect(await ctx.storage.db.selectFrom('members').select('id').where('id', '=', 77).execute()).toEqual([]);
        // A member known from Telegram who never earned has no profile either.
        await ctx.membership.register({ id: 78, firstName: 'Ana' });
        expect((await refusal(ctx.shop.purchase({ memberId: 78, productId: cheap.id, confirmationKey: 'x' }), 'UNKNOWN_MEMBER')).details).toEqual({ memberId: 78 });
        expect(await ctx.storage.db.selectFrom('purchases').select('id').where('member_id', 'in', [77, 78]).execute()).toEqual([]);
        await refusal(ctx.shop.purchase({ memberId: 1, productId: cheap.id, confirmationKey: '' }), 'INVALID_INPUT');
        expect(ctx.seenOf('purchase.completed')).toHaveLength(2);
        await ctx.verifyOk();
      });

      it('a confirmation pressed twice buys once and answers with the first purchase', async () => {
        const p = await ctx.product({ price: 30, stock: 10 });
        await ctx.fund(1, 100);
        const first = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'cb-77' });
        ctx.clock.advance(5000);
        const again = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'cb-77' });
        expect(again).toMatchObject({ replayed: true, price: 30, balance: 70, delivered: true, refunded: false });
        expect(again.purchase).toEqual(first.purchase);
        const together = await Promise.all(
          Array.from({ length: 10 }, () => ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'cb-78', confirmRepurchase: true })),
        );
        expect(new Set(together.map((r) => r.purchase.id)).size).toBe(1);
        expect(together.filter((r) => !r.replayed)).toHaveLength(1);
        expect(await ctx.ledger.balance(1)).toBe(40);
        expect((await ctx.shop.product(ADMIN, p.id))).toMatchObject({ stock: 8, purchaseCount: 2 });
        expect(ctx.deliverer.delivered).toHaveLength(2);
        await ctx.verifyOk();
      });

      it('a confirmation key reused for another product is IDEMPOTENCY_CONFLICT and buys nothing', async () => {
        const p = await ctx.product({ price: 30, stock: 10 });
        const q = await ctx.product({ price: 40, stock: 10 });
        await ctx.fund(1, 100);
        await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'cb-1' });
        const err = await refusal(ctx.shop.purchase({ memberId: 1, productId: q.id, confirmationKey: 'cb-1' }), 'IDEMPOTENCY_CONFLICT');
        expect(err.details).toMatchObject({ idempotencyKey: 'cb-1', field: 'productId', first: p.id, now: q.id });
        // Concurrently: the first press buys, the other product's presses are refused.
        const together = await Promise.allSettled([p.id, q.id, q.id].map((productId) => ctx.shop.purchase({ memberId: 1, productId, confirmationKey: 'cb-2', confirmRepurchase: true })));
        const bought = together.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        const refused = together.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []));
        expect(bought.filter((r) => !r.replayed)).toHaveLength(1);
        expect(refused.every((c) => c === 'IDEMPOTENCY_CONFLICT')).toBe(true);
        expect(refused.length + bought.length).toBe(3);
        expect(await ctx.ledger.balance(1)).toBe(100 - 30 - bought[0]!.price);
        await ctx.verifyOk();
      });

      it('buying again what one owns needs confirmRepurchase; VIP days do not', async () => {
        const p = await ctx.product({ price: 10 });
        const week = await ctx.product({ kind: 'VIP_DAYS', days: 7, price: 10 });
        await ctx.fund(1, 100);
        await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'a' });
        await refusal(ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'b' }), 'CONFIRMATION_REQUIRED');
        const r = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'b', confirmRepurchase: true });
        expect(r.balance).toBe(80);
        await ctx.shop.purchase({ memberId: 1, productId: week.id, confirmationKey: 'w1' });
        await ctx.shop.purchase({ memberId: 1, productId: week.id, confirmationKey: 'w2' });
        expect((await ctx.shop.catalogue(1)).items.find((i) => i.productId === p.id)!.owned).toBe(2);
      });

      it('price 0 is a free claim: a purchase row and no movement, also for a member never seen', async () => {
        const p = await ctx.product({ price: 0, stock: 2 });
        const r = await ctx.shop.purchase({ memberId: 42, productId: p.id, confirmationKey: 'claim' });
        expect(r).toMatchObject({ price: 0, balance: 0, delivered: true });
        expect(r.purchase.transactionId).toBeNull();
        expect(await ctx.storage.db.selectFrom('transactions').select('id').execute()).toEqual([]);
        expect(ctx.seenOf('purchase.completed')[0]).toMatchObject({ price: 0, transactionId: null, firstPurchase: true });
        // 100 % off for VIPs: free for them, 40 for others.
        const q = await ctx.product({ price: 40, vipDiscountPct: 100 });
        await ctx.makeVip(43);
        expect((await ctx.shop.purchase({ memberId: 43, productId: q.id, confirmationKey: 'v' })).price).toBe(0);
        expect((await ctx.shop.product(ADMIN, p.id)).stock).toBe(1);
        await ctx.verifyOk();
      });

      it('VIP_DAYS extends VIP from max(now, expiry) in the same transaction, and unlocks VIP-only products', async () => {
        const week = await ctx.product({ kind: 'VIP_DAYS', days: 7, price: 50 });
        const vipOnly = await ctx.product({ price: 10, tier: 'VIP' });
        await ctx.fund(1, 200);
        await refusal(ctx.shop.purchase({ memberId: 1, productId: vipOnly.id, confirmationKey: 'early' }), 'VIP_ONLY');
        const r = await ctx.shop.purchase({ memberId: 1, productId: week.id, confirmationKey: 'w1' });
        expect(r).toMatchObject({ price: 50, balance: 150, delivered: true, refunded: false });
        expect(r.purchase.deliveredAt).toEqual(new Date(START));
        expect((await ctx.membership.get(1))!.vipExpiresAt).toEqual(new Date(START + 7 * DAY));
        expect(ctx.seenOf('role.changed')).toEqual([
          { memberId: 1, from: 'FREE', to: 'VIP', vipExpiresAt: START + 7 * DAY, changedBy: 'shop', reason: `purchase ${r.purchase.id}: VIP week`, at: START },
        ]);
        ctx.clock.advance(DAY);
        await ctx.shop.purchase({ memberId: 1, productId: week.id, confirmationKey: 'w2' });
        expect((await ctx.membership.get(1))!.vipExpiresAt).toEqual(new Date(START + 14 * DAY));
        const v = await ctx.shop.purchase({ memberId: 1, productId: vipOnly.id, confirmationKey: 'now' });
        expect(v.balance).toBe(90);
        expect(ctx.deliverer.delivered).toHaveLength(1); // VIP days are not "delivered" through the port
        await ctx.verifyOk();
      });

      it('the per-member limit counts purchases not refunded', async () => {
        const p = await ctx.product({ price: 5, perMemberLimit: 2 });
        await ctx.fund(1, 100);
        await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: '1' });
        await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: '2', confirmRepurchase: true });
        const err = await refusal(ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: '3', confirmRepurchase: true }), 'LIMIT_REACHED');
        expect(err.details).toEqual({ productId: p.id, limit: 2, owned: 2 });
        await ctx.fund(2, 100);
        await ctx.shop.purchase({ memberId: 2, productId: p.id, confirmationKey: '1' }); // another member's own count
        ctx.deliverer.fail({ memberId: 2, permanent: true });
        const refunded = await ctx.shop.purchase({ memberId: 2, productId: p.id, confirmationKey: '2', confirmRepurchase: true });
        expect(refunded.refunded).toBe(true);
        ctx.deliverer.clear();
        await ctx.shop.purchase({ memberId: 2, productId: p.id, confirmationKey: '3', confirmRepurchase: true });
        await refusal(ctx.shop.purchase({ memberId: 2, productId: p.id, confirmationKey: '4', confirmRepurchase: true }), 'LIMIT_REACHED');
        expect(await ctx.ledger.balance(2)).toBe(90);
        await ctx.verifyOk();
      });
    });

    describe('delivery', () => {
      it('a permanent failure refunds at once: balance, stock, count, total_spent restored', async () => {
        const p = await ctx.product({ price: 60, stock: 1 });
        await ctx.fund(1, 100);
        ctx.deliverer.fail({ productId: p.id, permanent: true });
        const r = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'k' });
        expect(r).toMatchObject({ price: 60, balance: 100, delivered: false, refunded: true });
        expect(r.purchase).toMatchObject({ status: 'REFUNDED', refundedAt: new Date(START), deliveredAt: null });
        expect(ctx.deliverer.attempts).toHaveLength(1);
        expect(await ctx.ledger.profile(1)).toMatchObject({ balance: 100, totalEarned: 100, totalSpent: 0 });
        expect(await ctx.shop.product(ADMIN, p.id)).toMatchObject({ stock: 1, purchaseCount: 0 });
        const refund = await ctx.storage.db.selectFrom('transactions').selectAll().where('id', '=', r.purchase.refundTransactionId!).executeTakeFirstOrThrow();
        expect([refund.type, Number(refund.amount), refund.idempotency_key]).toEqual(['REFUND_SHOP', 60, `refund:${r.purchase.transactionId}`]);
        expect(ctx.seenOf('purchase.refunded')).toEqual([{ memberId: 1, purchaseId: r.purchase.id, productId: p.id, amount: 60, at: START }]);
        expect(ctx.seenOf('movement.applied').map((m) => [m.type, m.amount])).toEqual([['EARN_ADMIN', 100], ['SPEND_SHOP', -60], ['REFUND_SHOP', 60]]);
        // Not owned any more: buying again needs no confirmation; the ledger will not refund it twice.
        ctx.deliverer.clear();
        expect((await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'k2' })).delivered).toBe(true);
        expect((await ctx.ledger.refund({ memberId: 1, transactionId: r.purchase.transactionId! })).replayed).toBe(true);
        expect(await ctx.ledger.balance(1)).toBe(40);
        await ctx.verifyOk();
      });

      it('temporary failures are retried: 2 failures then success; 3 failures count as permanent', async () => {
        const p = await ctx.product({ price: 10 });
        await ctx.fund(1, 100);
        ctx.deliverer.fail({ permanent: false, times: 2 });
        const ok = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'a' });
        expect(ok).toMatchObject({ delivered: true, refunded: false, balance: 90 });
        expect(ctx.deliverer.attempts.map((a) => a.ok)).toEqual([false, false, true]);
        ctx.deliverer.fail({ permanent: false, times: 3 });
        const bad = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'b', confirmRepurchase: true });
        expect(bad).toMatchObject({ delivered: false, refunded: true, balance: 90 });
        expect(ctx.deliverer.attempts.map((a) => a.ok)).toEqual([false, false, true, false, false, false]);
        await ctx.verifyOk();
      });

      it('a failed free claim is marked refunded with no movement', async () => {
        const p = await ctx.product({ price: 0, stock: 1 });
        ctx.deliverer.fail({ permanent: true });
        const r = await ctx.shop.purchase({ memberId: 5, productId: p.id, confirmationKey: 'c' });
        expect(r).toMatchObject({ refunded: true, balance: 0 });
        expect(r.purchase.refundTransactionId).toBeNull();
        expect(await ctx.shop.product(ADMIN, p.id)).toMatchObject({ stock: 1, purchaseCount: 0 });
        expect(await ctx.storage.db.selectFrom('transactions').select('id').execute()).toEqual([]);
      });
    });

    describe('my purchases', () => {
      it('newest first, with a cursor; redeliver re-sends owned content for free', async () => {
        const p = await ctx.product({ price: 10 });
        await ctx.fund(1, 100);
        await ctx.fund(2, 100);
        const ids: number[] = [];
        for (let i = 0; i < 3; i++) {
          ctx.clock.advance(1000);
          ids.push((await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: `k${i}`, confirmRepurchase: true })).purchase.id);
        }
        const other = await ctx.shop.purchase({ memberId: 2, productId: p.id, confirmationKey: 'k0' });
        const page1 = await ctx.shop.purchases(1, { limit: 2 });
        expect(page1.items.map((x) => x.id)).toEqual([ids[2], ids[1]]);
        const page2 = await ctx.shop.purchases(1, { limit: 2, cursor: page1.nextCursor! });
        expect([page2.items.map((x) => x.id), page2.nextCursor]).toEqual([[ids[0]], null]);

        const again = await ctx.shop.redeliver({ memberId: 1, purchaseId: ids[0]! });
        expect(again.delivered).toBe(true);
        expect(ctx.deliverer.delivered.filter((d) => d.purchaseId === ids[0])).toHaveLength(2);
        expect(await ctx.ledger.balance(1)).toBe(70);
        await refusal(ctx.shop.redeliver({ memberId: 1, purchaseId: other.purchase.id }), 'NOT_FOUND');
        ctx.deliverer.fail({ memberId: 2, permanent: true });
        const refunded = await ctx.shop.purchase({ memberId: 2, productId: p.id, confirmationKey: 'k1', confirmRepurchase: true });
        await refusal(ctx.shop.redeliver({ memberId: 2, purchaseId: refunded.purchase.id }), 'NOT_FOUND');
        // A failed redelivery refunds nothing: the member owns it and can ask again.
        const failed = await ctx.shop.redeliver({ memberId: 2, purchaseId: other.purchase.id });
        expect(failed.delivered).toBe(false);
        expect(await ctx.ledger.balance(2)).toBe(90);
        await ctx.verifyOk();
      });
    });

    describe('concurrency', () => {
      it('stock 5, 20 concurrent buyers: exactly 5 purchases', async () => {
        const p = await ctx.product({ price: 10, stock: 5 });
        for (let m = 1; m <= 20; m++) await ctx.fund(m, 10);
        const results = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => ctx.shop.purchase({ memberId: i + 1, productId: p.id, confirmationKey: 'buy' })),
        );
        const ok = results.filter((r) => r.status === 'fulfilled');
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
        expect(ok).toHaveLength(5);
        expect(refused).toEqual(Array.from({ length: 15 }, () => 'OUT_OF_STOCK'));
        expect(await ctx.shop.product(ADMIN, p.id)).toMatchObject({ stock: 0, purchaseCount: 5 });
        expect(await ctx.storage.db.selectFrom('purchases').select('id').execute()).toHaveLength(5);
        const balances = await ctx.storage.db.selectFrom('profiles').select('balance').execute();
        expect(balances.map((b) => Number(b.balance)).sort((a, b) => a - b)).toEqual([...Array(5).fill(0), ...Array(15).fill(10)]);
        await ctx.verifyOk();
      });

      it('one member, 10 concurrent purchases of 30 with 100: exactly 3, balance 10, never negative', async () => {
        const p = await ctx.product({ price: 30 });
        await ctx.fund(1, 100);
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: `k${i}`, confirmRepurchase: true })),
        );
        const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as { code?: string }).code);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
        expect(refused).toEqual(Array.from({ length: 7 }, () => 'INSUFFICIENT_FUNDS'));
        expect(await ctx.ledger.profile(1)).toMatchObject({ balance: 10, totalSpent: 90 });
        expect(await ctx.shop.product(ADMIN, p.id)).toMatchObject({ purchaseCount: 3 });
        const holding = await ctx.storage.db.selectFrom('product_holdings').select('owned').executeTakeFirstOrThrow();
        expect(Number(holding.owned)).toBe(3);
        await ctx.verifyOk();
      });
    });

    describe('onPaid (issue 10: answer before a slow delivery)', () => {
      it('is told after the commit and before the delivery, once; not for a replay; its failure changes nothing', async () => {
        const p = await ctx.product({ price: 40 });
        await ctx.fund(1, 100);
        const told: Array<{ deliveredBefore: number; balance: number; price: number; id: number }> = [];
        const onPaid = (paid: { purchase: { id: number }; price: number; balance: number }) => {
          told.push({ deliveredBefore: ctx.deliverer.attempts.length, balance: paid.balance, price: paid.price, id: paid.purchase.id });
        };
        const first = await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'k1', onPaid });
        expect(told).toEqual([{ deliveredBefore: 0, balance: 60, price: 40, id: first.purchase.id }]);
        expect(first.delivered).toBe(true);
        await ctx.shop.purchase({ memberId: 1, productId: p.id, confirmationKey: 'k1', onPaid });
        expect(told).toHaveLength(1);
        const second = await ctx.shop.purchase({
          memberId: 1,
          productId: p.id,
          confirmationKey: 'k2',
          confirmRepurchase: true,
          onPaid: () => {
            throw new Error('the adapter could not answer');
          },
        });
        expect(second).toMatchObject({ delivered: true, refunded: false, balance: 20 });
        await ctx.verifyOk();
      });
    });
  });
}
