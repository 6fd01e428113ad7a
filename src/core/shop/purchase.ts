/**
 * A member buys a product (SPEC §5): the one write transaction (purchase-transaction.ts),
 * then, after the commit, movement.applied / level.changed, role.changed and
 * purchase.completed; then CONTENT is delivered through the Deliverer port, and a delivery
 * that fails for good refunds the purchase (refunds.ts). VIP days were applied by the
 * transaction itself.
 */
import { writeTransaction } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { IdempotentReplay } from '../ledger/ledger-repository.js';
import { idempotencyConflict } from '../ledger/idempotency-conflict.js';
import { emitMovement } from '../ledger/movement-events.js';
import { checkMemberId } from '../ledger/movement-input.js';
import type { VipGrants } from '../membership/vip-grants.js';
import { productLabel } from './catalogue-repository.js';
import type { Delivery } from './delivery.js';
import { balanceOf, findPurchaseByKey } from './purchase-repository.js';
import { buyIn, type Bought, type Replay } from './purchase-transaction.js';
import { refundPurchase } from './refunds.js';
import { checkBool, checkConfirmationKey, checkId } from './shop-input.js';
import { toPurchase, type PurchaseRow } from './shop-mappers.js';
import type { Purchase, PurchaseResult } from './shop-types.js';

export interface PurchaseInput {
  memberId: number;
  productId: number;
  /** The confirmation button's key: the same key bought twice buys once. */
  confirmationKey: string;
  /** Required (true) to buy again CONTENT the member already owns. */
  confirmRepurchase?: boolean;
  /**
   * Called once the purchase committed (money taken, VIP days applied), before any content
   * is sent: an adapter answers the member here instead of after a delivery that may take
   * many seconds (Telegram's albums, rate limits). Not called for a replayed key. Its
   * failure is ignored: the payment stands and the delivery goes on.
   */
  onPaid?: (paid: PaidPurchase) => void | Promise<void>;
}

/** A purchase as it stands right after its transaction, before delivery. */
export interface PaidPurchase {
  purchase: Purchase;
  price: number;
  /** The balance after the payment. */
  balance: number;
}

/** What a purchase needs besides the engine context: VIP extensions and the delivery port. */
export interface PurchaseParts {
  ctx: EngineContext;
  vipGrants: VipGrants;
  delivery: Delivery;
}

export async function purchase(parts: PurchaseParts, input: PurchaseInput): Promise<PurchaseResult> {
  const { ctx, vipGrants, delivery } = parts;
  const memberId = checkMemberId(input?.memberId);
  const productId = checkId(input.productId, 'productId');
  const key = checkConfirmationKey(input.confirmationKey);
  const confirm = input.confirmRepurchase === undefined ? false : checkBool(input.confirmRepurchase, 'confirmRepurchase');
  const at = ctx.clock.now();

  let done: Bought | Replay;
  try {
    done = await writeTransaction(ctx.storage, (trx) => buyIn(trx, ctx, vipGrants, { memberId, productId, key, confirm, at }));
  } catch (err) {
    // A press racing the first one with the same key (PostgreSQL: its insert or its movement
    // key failed, or it queued behind the first and found no stock left, the limit reached,
    // the item owned or the balance spent): it rolled back whole, and the first purchase
    // answers. Hence the look-up after any refusal, not only after a unique-key error.
    const first = await findPurchaseByKey(ctx.storage.db, memberId, key);
    if (first) return replayResult(ctx, first, productId, key);
    if (err instanceof IdempotentReplay) {
      throw new EconomyError('INVALID_INPUT', `confirmationKey ${key} was already used for another movement`, { field: 'confirmationKey' });
    }
    throw err;
  }
  if (done.kind === 'replay') return replayResult(ctx, done.purchase, productId, key);

  const { product, price, movement, applied } = done;
  if (movement && applied) await emitMovement(ctx.events, movement, applied);
  await vipGrants.announce([done.roleChange]);
  await ctx.events?.emit('purchase.completed', {
    memberId,
    purchaseId: Number(done.purchase.id),
    productId: Number(product.id),
    price,
    transactionId: applied ? applied.transactionId : null,
    firstPurchase: done.firstPurchase,
    at,
  });

  let view = toPurchase(done.purchase, product);
  let balance = applied ? applied.balance : await balanceOf(ctx.storage.db, memberId);
  if (input.onPaid) {
    try {
      await input.onPaid({ purchase: view, price, balance });
    } catch {
      // The adapter's answer failed (it logs its own): the member paid, so deliver anyway.
    }
  }
  if (product.kind === 'VIP_DAYS') {
    return { purchase: view, price, balance, delivered: true, refunded: false, replayed: false };
  }
  const set = await delivery.contentSetOf(product);
  if (await delivery.send(memberId, set, { purchase: view })) {
    view = await delivery.markDelivered(view);
    return { purchase: view, price, balance, delivered: true, refunded: false, replayed: false };
  }
  const refund = await refundPurchase(ctx, view, product, 'delivery failed');
  if (refund) {
    view = refund.purchase;
    balance = refund.balance;
  }
  return { purchase: view, price, balance, delivered: false, refunded: true, replayed: false };
}

/** The first purchase made with the key, as it reads now; the key reused for another product is refused. */
async function replayResult(ctx: EngineContext, row: PurchaseRow, productId: number, key: string): Promise<PurchaseResult> {
  if (Number(row.product_id) !== productId) {
    throw idempotencyConflict(key, [{ field: 'productId', first: Number(row.product_id), now: productId }]);
  }
  const db = ctx.storage.db;
  const view = toPurchase(row, await productLabel(db, row.product_id));
  return {
    purchase: view,
    price: view.price,
    balance: await balanceOf(db, view.memberId),
    delivered: view.deliveredAt !== null,
    refunded: view.status === 'REFUNDED',
    replayed: true,
  };
}
