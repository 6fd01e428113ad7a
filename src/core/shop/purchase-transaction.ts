/**
 * A purchase is ONE write transaction, every rule decided by the database:
 *   1. the confirmation key: an existing purchase of (member, key) is answered as the
 *      purchase (pressed twice, bought once); the unique index purchases_member_key_idx and
 *      the movement key `purchase:<key>` hold it for racing presses too;
 *   2. the product: ONE guarded UPDATE — `stock = stock - 1, purchase_count + 1 WHERE active
 *      AND (stock IS NULL OR stock > 0) AND (tier = 'FREE' OR <member has VIP access>)`;
 *      when it matches no row one read says why: NOT_FOUND, INACTIVE, VIP_ONLY, OUT_OF_STOCK
 *      (in that order). Concurrent buyers queue on the product's row lock;
 *   3. the price, from the locked row and the member's effective role read in the same
 *      transaction (VIP and ADMIN pay the VIP price);
 *   4. the member's holdings row: ONE guarded upsert `owned = owned + 1 WHERE owned < cap`,
 *      cap = the per-member limit, and 1 for CONTENT the member already owns unless
 *      `confirmRepurchase` (LIMIT_REACHED, or CONFIRMATION_REQUIRED);
 *   5. the guarded SPEND_SHOP through the ledger repository (INSUFFICIENT_FUNDS with
 *      balance and price); a price of 0 is a free claim: no movement;
 *   6. the purchase row; 7. for VIP_DAYS the VIP extension (membership.grantVipIn).
 * Any refusal rolls everything back: stock, count, holdings, balance untouched.
 *
 * Decisions where the spec is silent (see docs):
 * - Repurchase confirmation applies to CONTENT only; VIP_DAYS are consumable (each purchase
 *   adds days). The per-member limit counts purchases not refunded.
 * - An id with no profile (never earned) that buys something that costs besitos gets
 *   UNKNOWN_MEMBER, as any spend by such an id does (SPEC §1); a free claim creates the member.
 * - `firstPurchase` in purchase.completed: the member had no purchase row (refunded ones
 *   count) when this one was written.
 */
import type { Executor } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError, isEconomyError } from '../errors.js';
import { applyMovementIn, type AppliedMovement, type Movement } from '../ledger/ledger-repository.js';
import { ensureMember, findMember } from '../members/members-repository.js';
import { effectiveRole, hasVipAccess } from '../members/roles.js';
import type { RoleChange } from '../membership/membership-repository.js';
import type { VipGrants } from '../membership/vip-grants.js';
import { saleState, takeUnit } from './catalogue-repository.js';
import { findPurchaseByKey, hasPurchased, heldCount, holdOne, insertPurchase } from './purchase-repository.js';
import { PURCHASE_KEY_PREFIX } from './shop-input.js';
import type { ProductRow, PurchaseRow } from './shop-mappers.js';

export interface PurchaseOrder {
  memberId: number;
  productId: number;
  /** The checked confirmation key. */
  key: string;
  /** Buy again CONTENT the member already owns. */
  confirm: boolean;
  at: number;
}

/** What the transaction committed, for the events and the delivery after the commit. */
export interface Bought {
  kind: 'bought';
  purchase: PurchaseRow;
  product: ProductRow;
  price: number;
  movement: Movement | null;
  applied: AppliedMovement | null;
  roleChange: RoleChange | null;
  firstPurchase: boolean;
}

/** The key was used already: its purchase answers (nothing was written). */
export interface Replay {
  kind: 'replay';
  purchase: PurchaseRow;
}

function insufficient(balance: number, price: number, productId: number): EconomyError {
  return new EconomyError('INSUFFICIENT_FUNDS', `not enough besitos: balance ${balance}, price ${price}`, { balance, amount: price, price, productId });
}

function unknownMember(memberId: number): EconomyError {
  return new EconomyError('UNKNOWN_MEMBER', `member ${memberId} has no besitos yet`, { memberId });
}

/** Rules 1 to 7 above, inside the caller's write transaction; a refusal throws. */
export async function buyIn(trx: Executor, ctx: EngineContext, vipGrants: VipGrants, order: PurchaseOrder): Promise<Bought | Replay> {
  const { memberId, productId, key, confirm, at } = order;
  const existing = await findPurchaseByKey(trx, memberId, key);
  if (existing) return { kind: 'replay', purchase: existing };

  const member = await findMember(trx, memberId);
  const vip = hasVipAccess(effectiveRole(member, at, ctx.admins.isConfiguredAdmin(memberId)));

  // The guarded product update: stock, activity and tier decided by the database, under the row lock.
  const product = await takeUnit(trx, productId, vip);
  if (!product) throw await whyNotForSale(trx, productId, vip);

  const price = Number(vip ? product.vip_effective_price : product.price);
  if (!member) {
    // SPEC §1: an id with no profile cannot spend (a free claim creates the member).
    if (price > 0) throw unknownMember(memberId);
    await ensureMember(trx, memberId, at);
  }

  // The holdings row: per-member limit and repurchase confirmation, one guarded upsert.
  const limit = product.per_member_limit;
  const needsConfirmation = product.kind === 'CONTENT' && !confirm;
  const cap = Math.min(limit ?? Number.POSITIVE_INFINITY, needsConfirmation ? 1 : Number.POSITIVE_INFINITY);
  if (!(await holdOne(trx, memberId, productId, cap))) {
    const owned = await heldCount(trx, memberId, productId);
    if (limit !== null && owned >= limit) {
      throw new EconomyError('LIMIT_REACHED', `member ${memberId} already holds ${owned} of product ${productId} (limit ${limit})`, {
        productId,
        limit,
        owned,
      });
    }
    throw new EconomyError('CONFIRMATION_REQUIRED', `member ${memberId} already owns product ${productId}: confirm to buy it again`, {
      productId,
      owned,
      price,
    });
  }

  let movement: Movement | null = null;
  let applied: AppliedMovement | null = null;
  if (price > 0) {
    movement = {
      memberId,
      amount: -price,
      earned: 0,
      spent: price,
      type: 'SPEND_SHOP',
      reason: `shop: ${product.name}`,
      metadata: JSON.stringify({ product_id: productId, confirmation_key: key }),
      idempotencyKey: PURCHASE_KEY_PREFIX + key,
      createIfMissing: false,
      at,
    };
    try {
      applied = await applyMovementIn(trx, ctx.storage.dialect, movement, ctx.formula);
    } catch (err) {
      if (isEconomyError(err, 'INSUFFICIENT_FUNDS')) throw insufficient(Number(err.details.balance), price, productId);
      throw err;
    }
  }

  const purchasedBefore = await hasPurchased(trx, memberId);
  const purchase = await insertPurchase(trx, {
    member_id: memberId,
    product_id: productId,
    confirmation_key: key,
    price,
    transaction_id: applied ? applied.transactionId : null,
    status: 'COMPLETED',
    refund_transaction_id: null,
    // VIP days are delivered by this very transaction.
    delivered_at: product.kind === 'VIP_DAYS' ? at : null,
    refunded_at: null,
    created_at: at,
  });

  let roleChange: RoleChange | null = null;
  if (product.kind === 'VIP_DAYS') {
    const granted = await vipGrants.grantVipIn(trx, {
      memberId,
      days: Number(product.vip_days),
      by: 'shop',
      reason: `purchase ${purchase.id}: ${product.name}`,
    });
    roleChange = granted.change;
  }
  return { kind: 'bought', purchase, product, price, movement, applied, roleChange, firstPurchase: !purchasedBefore };
}

/** Why the guarded product update matched nothing, read in the same transaction. */
async function whyNotForSale(trx: Executor, productId: number, vip: boolean): Promise<EconomyError> {
  const row = await saleState(trx, productId);
  if (!row) return new EconomyError('NOT_FOUND', `there is no product ${productId}`, { productId });
  if (row.active !== 1) return new EconomyError('INACTIVE', `product ${productId} is not on sale`, { productId });
  if (row.tier === 'VIP' && !vip) return new EconomyError('VIP_ONLY', `product ${productId} is for VIP members`, { productId });
  if (row.stock !== null && row.stock <= 0) return new EconomyError('OUT_OF_STOCK', `product ${productId} is sold out`, { productId, stock: 0 });
  // Not reachable under the row lock; kept so an unforeseen case still refuses instead of buying.
  return new EconomyError('NOT_FOUND', `product ${productId} cannot be bought now`, { productId });
}
