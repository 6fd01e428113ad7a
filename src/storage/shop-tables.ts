/**
 * Table types of the shop (SPEC §5, migration 0005). Times are integer milliseconds;
 * flags are integers 0/1 (one representation on SQLite and PostgreSQL).
 */
import type { ColumnType, Generated } from 'kysely';

export type ProductKind = 'CONTENT' | 'VIP_DAYS';
export type ProductTier = 'FREE' | 'VIP';
export type PurchaseStatus = 'COMPLETED' | 'REFUNDED';

export interface ContentSetsTable {
  id: Generated<number>;
  name: string;
  /** JSON array of items: `{kind, fileId}` or `{kind: 'copy', chatId, messageId}`. */
  items: string;
  created_at: number;
  updated_at: number;
}

export interface ProductsTable {
  id: Generated<number>;
  name: string;
  description: string;
  kind: ProductKind;
  content_set_id: number | null;
  vip_days: number | null;
  /** The regular price, 0 … 10^9 (0: a free claim). */
  price: number;
  /** Explicit VIP price, or null. */
  vip_price: number | null;
  /** Percentage off for VIPs (0 … 100), or null. At most one of vip_price / vip_discount_pct. */
  vip_discount_pct: number | null;
  /** What a VIP pays, derived on every write: vip_price, else price − floor(price × pct / 100), else price. */
  vip_effective_price: number;
  tier: ProductTier;
  active: ColumnType<number, number | undefined, number>;
  sort_order: ColumnType<number, number | undefined, number>;
  /** Units left; null = unlimited. Decremented by a guarded UPDATE (never below 0). */
  stock: number | null;
  /** Purchases (not refunded) one member may hold; null = no limit. */
  per_member_limit: number | null;
  /** Purchases not refunded. */
  purchase_count: ColumnType<number, number | undefined, number>;
  created_at: number;
  updated_at: number;
}

export interface PurchasesTable {
  id: Generated<number>;
  member_id: number;
  product_id: number;
  /** The key of the confirmation button: unique per member (pressed twice, bought once). */
  confirmation_key: string;
  /** What the member paid (0 for a free claim). */
  price: number;
  /** The SPEND_SHOP movement; null for a free claim. */
  transaction_id: number | null;
  status: PurchaseStatus;
  refund_transaction_id: number | null;
  delivered_at: number | null;
  refunded_at: number | null;
  created_at: number;
}

/**
 * One row per member and product: how many not-refunded purchases the member holds. Its
 * guarded upsert is the per-member limit and the repurchase confirmation, decided by the
 * database under the row's lock.
 */
export interface ProductHoldingsTable {
  member_id: number;
  product_id: number;
  owned: number;
}

export interface ShopTables {
  content_sets: ContentSetsTable;
  products: ProductsTable;
  purchases: PurchasesTable;
  product_holdings: ProductHoldingsTable;
}
