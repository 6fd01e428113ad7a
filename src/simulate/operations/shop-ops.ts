/**
 * Shop operations (SPEC §5): content sets and products (admin), the catalogue, purchases,
 * "my purchases", redelivery, and `fail_delivery`, which scripts the run's Deliverer so a
 * scenario can show a failed delivery and its automatic refund.
 */
import { z } from 'zod';
import { type ProductInput, ScriptedDeliverer, type ShopService } from '../../core/index.js';
import { engineChecked, memberField } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';

/** The run's scripted deliverer, installed on first use. */
function scripted(shop: ShopService): ScriptedDeliverer {
  if (shop.deliverer instanceof ScriptedDeliverer) return shop.deliverer;
  const d = new ScriptedDeliverer();
  shop.setDeliverer(d);
  return d;
}

/** Optional, checked by the engine (so its refusal names the field); null is passed on. */
const opt = z.unknown().optional();
const adminField = engineChecked<number>('admin (a Telegram id)');

const productFields = {
  name: opt,
  description: opt,
  kind: opt,
  content_set: opt,
  days: opt,
  price: opt,
  vip_price: opt,
  vip_discount_pct: opt,
  tier: opt,
  active: opt,
  sort_order: opt,
  stock: opt,
  per_member_limit: opt,
};

type ProductArgs = { [K in keyof typeof productFields]?: unknown };

function toProductInput(a: ProductArgs): ProductInput {
  const map: Array<[keyof ProductArgs, keyof ProductInput]> = [
    ['name', 'name'],
    ['description', 'description'],
    ['kind', 'kind'],
    ['content_set', 'contentSetId'],
    ['days', 'days'],
    ['price', 'price'],
    ['vip_price', 'vipPrice'],
    ['vip_discount_pct', 'vipDiscountPct'],
    ['tier', 'tier'],
    ['active', 'active'],
    ['sort_order', 'sortOrder'],
    ['stock', 'stock'],
    ['per_member_limit', 'perMemberLimit'],
  ];
  const out: ProductInput = {};
  for (const [from, to] of map) if (a[from] !== undefined) out[to] = a[from];
  return out;
}

const createContentSet = defineOperation(
  'create_content_set',
  z.strictObject({ admin: adminField, name: engineChecked<string>('name'), items: engineChecked<unknown[]>('items') }),
  async (a, { economy }) => economy.shop.createContentSet({ adminId: a.admin, name: a.name, items: a.items }),
);

const updateContentSet = defineOperation(
  'update_content_set',
  z.strictObject({ admin: adminField, content_set: engineChecked<number>('content_set'), name: opt, items: opt }),
  async (a, { economy }) =>
    economy.shop.updateContentSet({
      adminId: a.admin,
      contentSetId: a.content_set,
      ...(a.name !== undefined ? { name: a.name } : {}),
      ...(a.items !== undefined ? { items: a.items } : {}),
    }),
);

const createProduct = defineOperation(
  'create_product',
  z.strictObject({ admin: adminField, ...productFields }),
  async (a, { economy }) => economy.shop.createProduct({ adminId: a.admin, ...toProductInput(a) }),
);

const updateProduct = defineOperation(
  'update_product',
  z.strictObject({ admin: adminField, product: engineChecked<number>('product'), ...productFields }),
  async (a, { economy }) => economy.shop.updateProduct({ adminId: a.admin, productId: a.product, ...toProductInput(a) }),
);

const catalog = defineOperation(
  'catalog',
  z.strictObject({ member: memberField, page: z.custom<number>().optional() }),
  async (a, { economy }) => economy.shop.catalogue(a.member, a.page ?? 1),
);

const buy = defineOperation(
  'buy',
  z.strictObject({
    member: memberField,
    product: engineChecked<number>('product'),
    key: engineChecked<string>('key (the confirmation key)'),
    confirm_repurchase: z.custom<boolean>().optional(),
  }),
  async (a, { economy }) =>
    economy.shop.purchase({
      memberId: a.member,
      productId: a.product,
      confirmationKey: a.key,
      ...(a.confirm_repurchase !== undefined ? { confirmRepurchase: a.confirm_repurchase } : {}),
    }),
);

const purchases = defineOperation(
  'purchases',
  z.strictObject({ member: memberField, limit: z.custom<number>().optional(), cursor: z.string().optional() }),
  async (a, { economy }) =>
    economy.shop.purchases(a.member, {
      ...(a.limit !== undefined ? { limit: a.limit } : {}),
      ...(a.cursor !== undefined ? { cursor: a.cursor } : {}),
    }),
);

const redeliver = defineOperation(
  'redeliver',
  z.strictObject({ member: memberField, purchase: engineChecked<number>('purchase') }),
  async (a, { economy }) => economy.shop.redeliver({ memberId: a.member, purchaseId: a.purchase }),
);

const failDelivery = defineOperation(
  'fail_delivery',
  z.strictObject({
    product: z.number().int().positive().optional(),
    member: z.number().int().positive().optional(),
    permanent: z.boolean(),
    // Attempts that fail; omitted: every attempt from now on. A purchase tries 3 times.
    times: z.number().int().positive().optional(),
  }),
  async (a, { economy }) => {
    scripted(economy.shop).fail({
      permanent: a.permanent,
      ...(a.product !== undefined ? { productId: a.product } : {}),
      ...(a.member !== undefined ? { memberId: a.member } : {}),
      ...(a.times !== undefined ? { times: a.times } : {}),
    });
    return { product: a.product ?? null, member: a.member ?? null, permanent: a.permanent, times: a.times ?? null };
  },
);

export const shopOperations: readonly Operation[] = [
  createContentSet,
  updateContentSet,
  createProduct,
  updateProduct,
  catalog,
  buy,
  purchases,
  redeliver,
  failDelivery,
];
