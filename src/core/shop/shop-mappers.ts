/**
 * Shop rows as the engine hands them out (products, content sets, purchases, catalogue
 * entries) and product fields as they are stored. Ids and numbers go through `Number()`:
 * PostgreSQL returns bigint columns as strings.
 */
import type { Selectable } from 'kysely';
import type { ContentSetsTable, ProductsTable, PurchasesTable } from '../../storage/shop-tables.js';
import { vipPriceOf, type ProductFields } from './shop-input.js';
import type { CatalogueEntry, ContentItem, ContentSet, Product, Purchase } from './shop-types.js';

export type ProductRow = Selectable<ProductsTable>;
export type PurchaseRow = Selectable<PurchasesTable>;
export type ContentSetRow = Selectable<ContentSetsTable>;
/** A product row joined with this member's holdings (null: they never held it). */
export type CatalogueRow = ProductRow & { owned: number | null };

export type ProductColumns = ReturnType<typeof productColumns>;

/** The columns a product's fields are written to; the VIP price is derived on every write. */
export function productColumns(f: ProductFields) {
  return {
    name: f.name,
    description: f.description,
    kind: f.kind,
    content_set_id: f.contentSetId,
    vip_days: f.days,
    price: f.price,
    vip_price: f.vipPrice,
    vip_discount_pct: f.vipDiscountPct,
    vip_effective_price: vipPriceOf(f.price, f.vipPrice, f.vipDiscountPct),
    tier: f.tier,
    active: f.active ? 1 : 0,
    sort_order: f.sortOrder,
    stock: f.stock,
    per_member_limit: f.perMemberLimit,
  };
}

export function toFields(r: ProductRow): ProductFields {
  return {
    name: r.name,
    description: r.description,
    kind: r.kind,
    contentSetId: r.content_set_id === null ? null : Number(r.content_set_id),
    days: r.vip_days,
    price: Number(r.price),
    vipPrice: r.vip_price === null ? null : Number(r.vip_price),
    vipDiscountPct: r.vip_discount_pct,
    tier: r.tier,
    active: r.active === 1,
    sortOrder: r.sort_order,
    stock: r.stock,
    perMemberLimit: r.per_member_limit,
  };
}

/** A product row (with the member's holdings) as the member sees it: their price, why not. */
export function toCatalogueEntry(r: CatalogueRow, vip: boolean): CatalogueEntry {
  const owned = r.owned === null ? 0 : Number(r.owned);
  const vipOnly = r.tier === 'VIP';
  const unavailable =
    vipOnly && !vip
      ? 'VIP_ONLY'
      : r.stock !== null && r.stock <= 0
        ? 'OUT_OF_STOCK'
        : r.per_member_limit !== null && owned >= r.per_member_limit
          ? 'LIMIT_REACHED'
          : null;
  return {
    productId: Number(r.id),
    name: r.name,
    description: r.description,
    kind: r.kind,
    days: r.vip_days,
    price: vip ? Number(r.vip_effective_price) : Number(r.price),
    regularPrice: Number(r.price),
    vipPrice: Number(r.vip_effective_price),
    vipOnly,
    unavailable,
    stock: r.stock,
    owned,
    perMemberLimit: r.per_member_limit,
    sortOrder: r.sort_order,
  };
}

export function toProduct(r: ProductRow): Product {
  const f = toFields(r);
  return {
    id: Number(r.id),
    name: f.name,
    description: f.description,
    kind: f.kind,
    contentSetId: f.contentSetId,
    days: f.days,
    price: f.price,
    vipPrice: f.vipPrice,
    vipDiscountPct: f.vipDiscountPct,
    effectiveVipPrice: Number(r.vip_effective_price),
    tier: f.tier,
    active: f.active,
    sortOrder: f.sortOrder,
    stock: f.stock,
    perMemberLimit: f.perMemberLimit,
    purchaseCount: Number(r.purchase_count),
    createdAt: new Date(Number(r.created_at)),
    updatedAt: new Date(Number(r.updated_at)),
  };
}

export function toContentSet(r: ContentSetRow): ContentSet {
  return {
    id: Number(r.id),
    name: r.name,
    items: JSON.parse(r.items) as ContentItem[],
    createdAt: new Date(Number(r.created_at)),
    updatedAt: new Date(Number(r.updated_at)),
  };
}

const dateOrNull = (v: number | null) => (v === null ? null : new Date(Number(v)));

export function toPurchase(r: PurchaseRow, product: { name: string; kind: ProductRow['kind'] }): Purchase {
  return {
    id: Number(r.id),
    memberId: Number(r.member_id),
    productId: Number(r.product_id),
    productName: product.name,
    productKind: product.kind,
    confirmationKey: r.confirmation_key,
    price: Number(r.price),
    transactionId: r.transaction_id === null ? null : Number(r.transaction_id),
    status: r.status,
    refundTransactionId: r.refund_transaction_id === null ? null : Number(r.refund_transaction_id),
    deliveredAt: dateOrNull(r.delivered_at),
    refundedAt: dateOrNull(r.refunded_at),
    createdAt: new Date(Number(r.created_at)),
  };
}
