/**
 * Property (issue 4): random mixes of earnings (credits, reactions, daily claims, with the
 * seeded rewards live), purchases (paid, free, VIP days, double presses) and failed
 * deliveries with their automatic refunds keep every ledger invariant after each step,
 * never sell past the stock, and never refund a purchase twice.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createEconomy } from '../../src/core/engine.js';
import { isEconomyError } from '../../src/core/errors.js';
import { ScriptedDeliverer } from '../../src/core/shop/index.js';
import { migratedStorage, testDialects } from '../helpers/dialects.js';

const ADMIN = 9;
const CHANNEL = -1001;
const STOCK = 3;

type Step =
  | { kind: 'credit'; member: number; amount: number }
  | { kind: 'react'; member: number; post: number }
  | { kind: 'claim'; member: number }
  | { kind: 'buy'; member: number; product: number; key: number }
  | { kind: 'fail'; permanent: boolean }
  | { kind: 'jump'; ms: number };

const member = fc.integer({ min: 1, max: 3 });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('credit' as const), member, amount: fc.integer({ min: 1, max: 120 }) }),
  fc.record({ kind: fc.constant('react' as const), member, post: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('claim' as const), member }),
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('buy' as const), member, product: fc.integer({ min: 0, max: 2 }), key: fc.integer({ min: 1, max: 4 }) }) },
  fc.record({ kind: fc.constant('fail' as const), permanent: fc.boolean() }),
  fc.record({ kind: fc.constant('jump' as const), ms: fc.oneof(fc.constant(31_000), fc.integer({ min: 3_600_000, max: 30 * 3_600_000 })) }),
);

for (const dialect of testDialects()) {
  describe(`economy property: earnings, purchases, refunds, rewards (${dialect.name})`, () => {
    it('keeps the invariants, the stock and one refund per purchase', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
          const { storage, cleanup } = await migratedStorage(dialect);
          const clock = new ManualClock('2026-05-01T08:00:00Z');
          const deliverer = new ScriptedDeliverer();
          const economy = createEconomy({ storage, clock, adminIds: [ADMIN] });
          economy.shop.setDeliverer(deliverer);
          try {
            await economy.reactions.configureChannels([{ id: CHANNEL, kind: 'FREE' }]);
            for (let post = 1; post <= 4; post++) await economy.reactions.registerPost(CHANNEL, post);
            const set = await economy.shop.createContentSet({ adminId: ADMIN, name: 'Set', items: [{ kind: 'photo', fileId: 'f1' }] });
            const products = [
              await economy.shop.createProduct({ adminId: ADMIN, name: 'Pack', kind: 'CONTENT', contentSetId: set.id, price: 30, stock: STOCK }),
              await economy.shop.createProduct({ adminId: ADMIN, name: 'Gift', kind: 'CONTENT', contentSetId: set.id, price: 0 }),
              await economy.shop.createProduct({ adminId: ADMIN, name: 'VIP', kind: 'VIP_DAYS', days: 2, price: 50 }),
            ];
            for (const s of steps) {
              try {
                if (s.kind === 'jump') clock.advance(s.ms);
                else if (s.kind === 'credit') await economy.ledger.credit({ memberId: s.member, amount: s.amount });
                else if (s.kind === 'react') await economy.reactions.react({ memberId: s.member, channelId: CHANNEL, messageId: s.post, emoji: '❤️' });
                else if (s.kind === 'claim') await economy.daily.claim(s.member);
                else if (s.kind === 'fail') deliverer.fail({ permanent: s.permanent, times: s.permanent ? 1 : 3 });
                else {
                  await economy.shop.purchase({
                    memberId: s.member,
                    productId: products[s.product]!.id,
                    confirmationKey: `k${s.key}`,
                    confirmRepurchase: true,
                  });
                }
              } catch (err) {
                if (!isEconomyError(err)) throw err;
              }
              expect((await economy.verify()).violations).toEqual([]);
              const db = storage.db;
              const pack = await db.selectFrom('products').select(['stock', 'purchase_count']).where('id', '=', products[0]!.id).executeTakeFirstOrThrow();
              const live = await db
                .selectFrom('purchases')
                .select((eb) => eb.fn.countAll<number>().as('n'))
                .where('product_id', '=', products[0]!.id)
                .where('status', '=', 'COMPLETED')
                .executeTakeFirstOrThrow();
              // Sold and not refunded + left in stock = what the admin stocked.
              expect(Number(pack.stock) + Number(live.n)).toBe(STOCK);
              expect(Number(pack.purchase_count)).toBe(Number(live.n));
              const refunds = await db
                .selectFrom('transactions')
                .select((eb) => ['metadata', eb.fn.countAll<number>().as('n')])
                .where('type', '=', 'REFUND_SHOP')
                .groupBy('metadata')
                .execute();
              for (const r of refunds) expect(Number(r.n)).toBe(1);
            }
          } finally {
            await economy.close();
            await cleanup();
          }
        }),
        { numRuns: dialect.name === 'postgres' ? 10 : 20 },
      );
    }, 300_000);
  });
}
