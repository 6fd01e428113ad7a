/**
 * The automatic refund of a purchase whose content could not be delivered (SPEC §5), in one
 * transaction: purchase REFUNDED (guarded by its status: at most once), REFUND_SHOP of what
 * was paid (key `refund:<spend id>`, the ledger's own refund key: it can never be given back
 * twice; a free claim has no movement), stock + 1, purchase_count − 1, holdings − 1. After
 * the commit: movement.applied, then purchase.refunded.
 */
import { writeTransaction } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { applyMovementIn, type AppliedMovement, type Movement } from '../ledger/ledger-repository.js';
import { emitMovement } from '../ledger/movement-events.js';
import { returnUnit } from './catalogue-repository.js';
import { balanceOf, markRefunded, releaseOne, setRefundTransaction } from './purchase-repository.js';
import { toPurchase, type ProductRow } from './shop-mappers.js';
import type { Purchase } from './shop-types.js';

/** The purchase as refunded and the member's balance after; null when it was already refunded. */
export async function refundPurchase(
  ctx: EngineContext,
  purchase: Purchase,
  product: ProductRow,
  reason: string,
  /** Recorded in the refund's metadata beside `refund_of` (an admin's refund: `admin_id`). */
  metadata: Record<string, unknown> = {},
): Promise<{ purchase: Purchase; balance: number } | null> {
  const at = ctx.clock.now();
  const done = await writeTransaction(ctx.storage, async (trx) => {
    const row = await markRefunded(trx, purchase.id, at);
    if (!row) return null;
    let movement: Movement | null = null;
    let applied: AppliedMovement | null = null;
    if (row.transaction_id !== null) {
      const spendId = Number(row.transaction_id);
      movement = {
        memberId: purchase.memberId,
        amount: Number(row.price),
        earned: 0,
        spent: -Number(row.price),
        type: 'REFUND_SHOP',
        reason: `refund: ${reason}`,
        metadata: JSON.stringify({ ...metadata, refund_of: spendId, purchase_id: purchase.id }),
        idempotencyKey: `refund:${spendId}`,
        createIfMissing: false,
        at,
      };
      applied = await applyMovementIn(trx, ctx.storage.dialect, movement, ctx.formula);
      await setRefundTransaction(trx, purchase.id, applied.transactionId);
      row.refund_transaction_id = applied.transactionId;
    }
    await returnUnit(trx, purchase.productId);
    await releaseOne(trx, purchase.memberId, purchase.productId);
    return { row, movement, applied };
  });
  if (!done) return null;
  if (done.movement && done.applied) await emitMovement(ctx.events, done.movement, done.applied);
  await ctx.events?.emit('purchase.refunded', {
    memberId: purchase.memberId,
    purchaseId: purchase.id,
    productId: purchase.productId,
    amount: purchase.price,
    at,
  });
  return {
    purchase: toPurchase(done.row, product),
    balance: done.applied ? done.applied.balance : await balanceOf(ctx.storage.db, purchase.memberId),
  };
}
