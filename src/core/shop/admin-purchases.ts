/**
 * Purchases as an admin sees them (issue 13): every member's, newest first, paged like a
 * member's own list; and the admin's refund of a purchase under SPEC §5's refund rules —
 * the whole price back once (the refund transaction of refunds.ts: purchase REFUNDED,
 * REFUND_SHOP keyed `refund:<spend>`, stock and holdings restored), never a second time.
 * VIP days are not refunded by an admin: the days were given at purchase and are not taken
 * back, so giving the price back would be a free membership (NOT_REFUNDABLE, VIP_DAYS).
 */
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { checkMemberId, checkReason } from '../ledger/movement-input.js';
import { findProduct } from './catalogue-repository.js';
import { findPurchase, purchasesPage } from './purchase-repository.js';
import { refundPurchase } from './refunds.js';
import { parseCursor } from './purchase-history.js';
import { checkInt } from './shop-input.js';
import { toPurchase } from './shop-mappers.js';
import type { Purchase, PurchasesPage } from './shop-types.js';

export interface AllPurchasesQuery {
  /** Only this member's. */
  memberId?: number;
  /** 1 to 100, default 20. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface AdminRefundInput {
  adminId: number;
  purchaseId: number;
  reason: string;
}

export async function allPurchases(ctx: EngineContext, adminId: number, query: AllPurchasesQuery = {}): Promise<PurchasesPage> {
  await ctx.admins.require(adminId);
  const memberId = query.memberId === undefined ? undefined : checkMemberId(query.memberId);
  const limit = query.limit === undefined ? 20 : checkInt(query.limit, 'limit', 1, 100);
  const before = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  const rows = await purchasesPage(ctx.storage.db, memberId, before, limit + 1);
  const items = rows.slice(0, limit).map((r) => toPurchase(r, { name: r.product_name, kind: r.product_kind }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}

export async function adminRefund(ctx: EngineContext, input: AdminRefundInput): Promise<{ purchase: Purchase; balance: number }> {
  const adminId = await ctx.admins.require(input.adminId);
  const purchaseId = checkInt(input.purchaseId, 'purchaseId', 1, Number.MAX_SAFE_INTEGER);
  const reason = checkReason(input.reason, true);
  const row = await findPurchase(ctx.storage.db, purchaseId);
  const product = row ? await findProduct(ctx.storage.db, row.product_id) : undefined;
  if (!row || !product) throw new EconomyError('NOT_FOUND', `no purchase ${purchaseId}`, { purchaseId });
  if (row.status === 'REFUNDED') {
    throw new EconomyError('NOT_REFUNDABLE', `purchase ${purchaseId} was refunded already`, { purchaseId, reason: 'ALREADY_REFUNDED' });
  }
  if (product.kind === 'VIP_DAYS') {
    throw new EconomyError('NOT_REFUNDABLE', `purchase ${purchaseId} bought VIP days, which are not taken back: it is not refunded`, { purchaseId, reason: 'VIP_DAYS' });
  }
  const done = await refundPurchase(ctx, toPurchase(row, product), product, reason, { admin_id: adminId });
  // Two refunds at once: the purchase's guarded status lets one through.
  if (!done) throw new EconomyError('NOT_REFUNDABLE', `purchase ${purchaseId} was refunded already`, { purchaseId, reason: 'ALREADY_REFUNDED' });
  return done;
}
