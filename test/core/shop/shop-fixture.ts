/**
 * The shop tests: the engine fixture recording the events a purchase emits, a
 * ScriptedDeliverer installed as the shop's port, and helpers to make products, fund members
 * and read everything a refusal must leave untouched.
 */
import { beforeEach, expect } from 'vitest';
import type { EventName } from '../../../src/core/events.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { ScriptedDeliverer, type CreateProductInput, type Product } from '../../../src/core/shop/index.js';
import type { TestDialect } from '../../helpers/dialects.js';
import { ADMIN_ID, START, useEngine, type EngineFixture, type SeenEvent } from '../../helpers/engine-fixture.js';

export { START };
export const DAY = 86_400_000;
export const ADMIN = ADMIN_ID;

export type Seen = SeenEvent;

export interface ShopContext extends EngineFixture {
  /** Installed as the shop's port before each test. */
  readonly deliverer: ScriptedDeliverer;
  /** A content set with one photo. */
  contentSet(): Promise<number>;
  /** A CONTENT product (defaults: price 50, FREE tier, active) over a new content set. */
  product(fields?: Partial<CreateProductInput>): Promise<Product>;
  /** Gives the member besitos (EARN_ADMIN). */
  fund(memberId: number, amount: number): Promise<void>;
  makeVip(memberId: number, days?: number): Promise<void>;
  /** Everything a refusal must leave untouched. */
  state(memberId: number, productId: number): Promise<unknown>;
  verifyOk(): Promise<void>;
}

const NAMES: readonly EventName[] = ['movement.applied', 'level.changed', 'role.changed', 'purchase.completed', 'purchase.refunded'];

export function useShop(dialect: TestDialect): ShopContext {
  const fx = useEngine(dialect, { record: NAMES });
  let deliverer: ScriptedDeliverer;
  beforeEach(() => {
    deliverer = new ScriptedDeliverer();
    fx.shop.setDeliverer(deliverer);
  });
  const contentSet = async () =>
    (await fx.shop.createContentSet({ adminId: ADMIN, name: 'Pack', items: [{ kind: 'photo', fileId: 'AgAD-photo' }] })).id;
  const db = () => fx.storage.db;
  const ctx = Object.assign(fx, {
    contentSet,
    product: async (fields: Partial<CreateProductInput> = {}) => {
      const kind = fields.kind ?? 'CONTENT';
      const base: CreateProductInput =
        kind === 'CONTENT'
          ? { adminId: ADMIN, name: 'Pack', kind, contentSetId: await contentSet(), price: 50 }
          : { adminId: ADMIN, name: 'VIP week', kind, days: 7, price: 50 };
      return fx.shop.createProduct({ ...base, ...fields });
    },
    fund: async (memberId: number, amount: number) => void (await fx.ledger.credit({ memberId, amount })),
    makeVip: async (memberId: number, days = 30) => void (await fx.membership.grantVip({ memberId, days, by: 'test' })),
    state: async (memberId: number, productId: number) => ({
      purchases: await db().selectFrom('purchases').selectAll().orderBy('id').execute(),
      transactions: (await db().selectFrom('transactions').select('id').execute()).length,
      holdings: await db().selectFrom('product_holdings').selectAll().where('member_id', '=', memberId).execute(),
      product: await db().selectFrom('products').select(['stock', 'purchase_count']).where('id', '=', productId).executeTakeFirst(),
      profile: await db().selectFrom('profiles').selectAll().where('member_id', '=', memberId).executeTakeFirst(),
    }),
    verifyOk: async () => expect((await verifyLedger(fx.storage)).violations).toEqual([]),
  });
  Object.defineProperty(ctx, 'deliverer', { get: () => deliverer, enumerable: true });
  return ctx as ShopContext;
}
