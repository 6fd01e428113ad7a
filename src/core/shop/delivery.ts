/**
 * Delivery of content sets (SPEC §5, §6) through the Deliverer port, after the purchase or
 * the reward grant committed. A permanent failure (`DeliveryFailed` with `permanent: true`)
 * stops at once; any other failure is tried again, up to `deliveryAttempts` tries, then
 * counts as permanent. Every failed attempt is told to `onDeliveryError` (for logs), which
 * never changes the outcome. What a failure means is the caller's: a purchase is refunded
 * (refunds.ts), a reward grant stands (the member can ask for it again).
 *
 * `setDeliverer` is the one way to install the port after construction (the bot sets its
 * own, simulate a scripted one); the port is read per attempt, so it may come late.
 */
import { writeTransaction } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { findContentSet, getContentSet, getProduct } from './catalogue-repository.js';
import { findOwnedPurchase, markDelivered } from './purchase-repository.js';
import { checkId } from './shop-input.js';
import { toContentSet, toPurchase, type ProductRow } from './shop-mappers.js';
import {
  noopDeliverer,
  type ContentSet,
  type Deliverer,
  type DeliveryContext,
  type DeliveryErrorInfo,
  type Purchase,
  type RedeliverResult,
  type RewardDelivery,
} from './shop-types.js';

/** The port itself is installed one way only, `setDeliverer` (the bot makes its own after the economy). */
export interface ShopDeps {
  /** Tries per delivery before a temporary failure counts as permanent; default 3. */
  deliveryAttempts?: number;
  /** Told about each failed delivery attempt (for logs); never affects the outcome. */
  onDeliveryError?: (err: unknown, info: DeliveryErrorInfo) => void;
}

const DEFAULT_DELIVERY_ATTEMPTS = 3;

function isPermanent(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true;
}

export class Delivery {
  readonly #ctx: EngineContext;
  readonly #attempts: number;
  readonly #onDeliveryError: ShopDeps['onDeliveryError'];
  #deliverer: Deliverer;

  constructor(ctx: EngineContext, deps: ShopDeps) {
    this.#ctx = ctx;
    this.#deliverer = noopDeliverer;
    this.#attempts = deps.deliveryAttempts ?? DEFAULT_DELIVERY_ATTEMPTS;
    if (!Number.isInteger(this.#attempts) || this.#attempts < 1) throw new RangeError('deliveryAttempts must be a positive integer');
    this.#onDeliveryError = deps.onDeliveryError;
  }

  get deliverer(): Deliverer {
    return this.#deliverer;
  }

  setDeliverer(deliverer: Deliverer): void {
    this.#deliverer = deliverer;
  }

  /** The set a CONTENT product sends. */
  async contentSetOf(product: ProductRow): Promise<ContentSet> {
    return toContentSet(await getContentSet(this.#ctx.storage.db, Number(product.content_set_id)));
  }

  /** Tries the port up to `deliveryAttempts` times; true when the set went out. */
  async send(memberId: number, set: ContentSet, context: DeliveryContext): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#deliverer.deliver(memberId, set, context);
        return true;
      } catch (err) {
        const permanent = isPermanent(err) || attempt >= this.#attempts;
        this.#report(err, memberId, context, attempt, permanent);
        if (permanent) return false;
      }
    }
  }

  /** Records that a purchase's content went out; returns the purchase as it now reads. */
  async markDelivered(purchase: Purchase): Promise<Purchase> {
    const at = this.#ctx.clock.now();
    await writeTransaction(this.#ctx.storage, (trx) => markDelivered(trx, purchase.id, at));
    return { ...purchase, deliveredAt: new Date(at) };
  }

  /**
   * Sends a granted CONTENT reward's set (SPEC §6), after the grant committed, with the
   * purchases' retries. Never throws: a failure (a set that no longer exists included) is
   * reported to `onDeliveryError` and answered false; the grant stands, nothing to refund.
   */
  async deliverReward(memberId: number, contentSetId: number, reward: RewardDelivery): Promise<boolean> {
    const context: DeliveryContext = { reward };
    let set: ContentSet;
    try {
      const row = await findContentSet(this.#ctx.storage.db, contentSetId);
      if (!row) {
        const gone = new EconomyError('NOT_FOUND', `there is no content set ${contentSetId}`, { contentSetId });
        this.#report(gone, memberId, context, 1, true);
        return false;
      }
      set = toContentSet(row);
    } catch (err) {
      this.#report(err, memberId, context, 1, true);
      return false;
    }
    return this.send(memberId, set, context);
  }

  /**
   * Sends owned content again, for free. NOT_FOUND for a purchase that is not this member's,
   * or was refunded; INVALID_INPUT for VIP days (nothing to send).
   */
  async redeliver(input: { memberId: number; purchaseId: number }): Promise<RedeliverResult> {
    const memberId = checkMemberId(input?.memberId);
    const purchaseId = checkId(input.purchaseId, 'purchaseId');
    const db = this.#ctx.storage.db;
    const row = await findOwnedPurchase(db, memberId, purchaseId);
    if (!row) throw new EconomyError('NOT_FOUND', `member ${memberId} owns no purchase ${purchaseId}`, { purchaseId });
    const product = await getProduct(db, row.product_id);
    let purchase = toPurchase(row, product);
    if (product.kind !== 'CONTENT') {
      throw new EconomyError('INVALID_INPUT', `purchase ${purchaseId} is VIP days: there is nothing to send`, { field: 'purchaseId' });
    }
    const set = await this.contentSetOf(product);
    const delivered = await this.send(memberId, set, { purchase });
    if (delivered) purchase = await this.markDelivered(purchase);
    return { purchase, delivered };
  }

  #report(err: unknown, memberId: number, context: DeliveryContext, attempt: number, permanent: boolean): void {
    const about = context.purchase
      ? { purchaseId: context.purchase.id }
      : { rewardId: context.reward.rewardId, memberRewardId: context.reward.memberRewardId };
    try {
      this.#onDeliveryError?.(err, { memberId, attempt, permanent, ...about });
    } catch {
      // a failing logger never changes the outcome
    }
  }
}
