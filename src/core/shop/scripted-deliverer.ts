/**
 * A Deliverer that does what it is told: records every delivery and fails the ones that
 * match a rule (by product, reward and/or member), permanently or temporarily, for a number
 * of attempts or for ever. `besitos simulate` (`fail_delivery`) and the tests use it.
 */
import { DeliveryFailed, type ContentSet, type Deliverer, type DeliveryContext } from './shop-types.js';

export interface FailureRule {
  /** Matches purchases of this product only. */
  productId?: number;
  /** Matches grants of this reward only. */
  rewardId?: number;
  memberId?: number;
  permanent: boolean;
  /** Attempts that fail; undefined: every attempt. */
  times?: number;
}

export interface DeliveryRecord {
  memberId: number;
  contentSetId: number;
  /** Set for a purchase's delivery. */
  purchaseId?: number;
  /** Set for a reward's delivery. */
  rewardId?: number;
  ok: boolean;
}

export class ScriptedDeliverer implements Deliverer {
  readonly #rules: Array<FailureRule & { left: number }> = [];
  /** Every attempt, in order, failed ones included. */
  readonly attempts: DeliveryRecord[] = [];

  fail(rule: FailureRule): void {
    this.#rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.#rules.length = 0;
  }

  /** Successful deliveries. */
  get delivered(): DeliveryRecord[] {
    return this.attempts.filter((a) => a.ok);
  }

  async deliver(memberId: number, contentSet: ContentSet, context: DeliveryContext): Promise<void> {
    const rule = this.#rules.find(
      (r) =>
        r.left > 0 &&
        (r.productId === undefined || r.productId === context.purchase?.productId) &&
        (r.rewardId === undefined || r.rewardId === context.reward?.rewardId) &&
        (r.memberId === undefined || r.memberId === memberId),
    );
    const record = {
      memberId,
      contentSetId: contentSet.id,
      ...(context.purchase ? { purchaseId: context.purchase.id } : { rewardId: context.reward.rewardId }),
    };
    if (rule) {
      rule.left -= 1;
      this.attempts.push({ ...record, ok: false });
      throw new DeliveryFailed(rule.permanent ? 'delivery refused for good (scripted)' : 'delivery failed for now (scripted)', rule.permanent);
    }
    this.attempts.push({ ...record, ok: true });
  }
}
