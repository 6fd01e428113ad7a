/**
 * A member's own purchases, newest first, refunded ones included and marked; paged by an
 * opaque cursor (the id of the last purchase shown).
 */
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { purchasesPage } from './purchase-repository.js';
import { checkInt } from './shop-input.js';
import { toPurchase } from './shop-mappers.js';
import type { PurchasesPage } from './shop-types.js';

export interface PurchasesQuery {
  /** 1 to 100, default 10. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

const DEFAULT_PURCHASES_LIMIT = 10;
const MAX_PURCHASES_LIMIT = 100;

export async function purchases(ctx: EngineContext, memberIdInput: number, query: PurchasesQuery = {}): Promise<PurchasesPage> {
  const memberId = checkMemberId(memberIdInput);
  const limit = query.limit === undefined ? DEFAULT_PURCHASES_LIMIT : checkInt(query.limit, 'limit', 1, MAX_PURCHASES_LIMIT);
  const before = query.cursor === undefined ? undefined : parseCursor(query.cursor);
  // One row more than asked says whether there is a next page.
  const rows = await purchasesPage(ctx.storage.db, memberId, before, limit + 1);
  const items = rows.slice(0, limit).map((r) => toPurchase(r, { name: r.product_name, kind: r.product_kind }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
}

/** The id a purchases page's `nextCursor` names (shared with the admin's list). */
export function parseCursor(cursor: unknown): number {
  const n = typeof cursor === 'string' && /^[1-9]\d{0,15}$/.test(cursor) ? Number(cursor) : NaN;
  if (!Number.isSafeInteger(n)) throw new EconomyError('INVALID_INPUT', 'cursor is not one this list gave', { field: 'cursor' });
  return n;
}
