/**
 * Shared setup of the shop tests: one migrated storage per describe block and dialect,
 * emptied before each test; a ManualClock, a recording EventBus, the ledger (to give
 * members besitos), membership, settings, a ScriptedDeliverer and the ShopService.
 */
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { EventBus, type EventMap, type EventName } from '../../../src/core/events.js';
import { Ledger } from '../../../src/core/ledger/ledger.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { configuredAdmins, type AdminPolicy } from '../../../src/core/members/admins.js';
import { MembershipService } from '../../../src/core/membership/membership-service.js';
import { SettingsStore } from '../../../src/core/settings/settings.js';
import { ScriptedDeliverer, ShopService, type CreateProductInput, type Product } from '../../../src/core/shop/index.js';
import type { Storage } from '../../../src/storage/connect.js';
import { migratedStorage, type TestDialect } from '../../helpers/dialects.js';

export const START = Date.parse('2025-03-01T12:00:00Z');
export const DAY = 86_400_000;
export const ADMIN = 9_000_001;

const NAMES: readonly EventName[] = ['movement.applied', 'level.changed', 'role.changed', 'purchase.completed', 'purchase.refunded'];
export type Seen = { [E in EventName]: { name: E; event: EventMap[E] } }[EventName];

export interface ShopContext {
  storage: Storage;
  clock: ManualClock;
  events: EventBus;
  seen: Seen[];
  admins: AdminPolicy;
  settings: SettingsStore;
  ledger: Ledger;
  membership: MembershipService;
  deliverer: ScriptedDeliverer;
  shop: ShopService;
  seenOf<E extends EventName>(name: E): Array<EventMap[E]>;
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

const TABLES = [
  'product_holdings',
  'purchases',
  'products',
  'content_sets',
  'role_changes',
  'transactions',
  'profiles',
  'members',
  'settings_audit',
  'settings',
] as const;

export function useShop(dialect: TestDialect): ShopContext {
  const ctx = {} as ShopContext;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    const migrated = await migratedStorage(dialect);
    cleanup = migrated.cleanup;
    ctx.storage = migrated.storage;
  });
  beforeEach(async () => {
    for (const t of TABLES) await ctx.storage.db.deleteFrom(t).execute();
    ctx.clock = new ManualClock(START);
    ctx.seen = [];
    ctx.events = new EventBus((err) => {
      throw err;
    });
    for (const name of NAMES) ctx.events.on(name, (event) => void ctx.seen.push({ name, event } as Seen));
    ctx.seenOf = <E extends EventName>(name: E) => ctx.seen.filter((s) => s.name === name).map((s) => s.event) as Array<EventMap[E]>;
    ctx.admins = configuredAdmins(ctx.storage, [ADMIN]);
    ctx.settings = new SettingsStore({ storage: ctx.storage, clock: ctx.clock });
    ctx.ledger = new Ledger({ storage: ctx.storage, clock: ctx.clock, admins: ctx.admins });
    ctx.membership = new MembershipService({ storage: ctx.storage, clock: ctx.clock, events: ctx.events, admins: ctx.admins });
    ctx.deliverer = new ScriptedDeliverer();
    ctx.shop = new ShopService({
      storage: ctx.storage,
      clock: ctx.clock,
      settings: ctx.settings,
      events: ctx.events,
      admins: ctx.admins,
      membership: ctx.membership,
      deliverer: ctx.deliverer,
    });
    ctx.contentSet = async () =>
      (await ctx.shop.createContentSet({ adminId: ADMIN, name: 'Pack', items: [{ kind: 'photo', fileId: 'AgAD-photo' }] })).id;
    ctx.product = async (fields = {}) => {
      const kind = fields.kind ?? 'CONTENT';
      const base: CreateProductInput =
        kind === 'CONTENT'
          ? { adminId: ADMIN, name: 'Pack', kind, contentSetId: await ctx.contentSet(), price: 50 }
          : { adminId: ADMIN, name: 'VIP week', kind, days: 7, price: 50 };
      return ctx.shop.createProduct({ ...base, ...fields });
    };
    ctx.fund = async (memberId, amount) => void (await ctx.ledger.credit({ memberId, amount }));
    ctx.makeVip = async (memberId, days = 30) => void (await ctx.membership.grantVip({ memberId, days, by: 'test' }));
    ctx.state = async (memberId, productId) => ({
      purchases: await ctx.storage.db.selectFrom('purchases').selectAll().orderBy('id').execute(),
      transactions: (await ctx.storage.db.selectFrom('transactions').select('id').execute()).length,
      holdings: await ctx.storage.db.selectFrom('product_holdings').selectAll().where('member_id', '=', memberId).execute(),
      product: await ctx.storage.db.selectFrom('products').select(['stock', 'purchase_count']).where('id', '=', productId).executeTakeFirst(),
      profile: await ctx.storage.db.selectFrom('profiles').selectAll().where('member_id', '=', memberId).executeTakeFirst(),
    });
    ctx.verifyOk = async () => expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
  });
  afterEach(async () => {
    await ctx.settings.close();
  });
  afterAll(async () => {
    await cleanup();
  });
  return ctx;
}
