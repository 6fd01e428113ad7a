/**
 * Engine events (reaction accepted, daily claimed, level changed, role changed, …), for
 * the rewards engine and the bot. Emitted only after the transaction that caused them
 * committed, so a listener never sees something that was rolled back. A failing listener
 * is reported and never undoes or fails the operation that emitted.
 */
export interface EventMap {
  /** Any ledger movement that committed (not replays). */
  'movement.applied': {
    memberId: number;
    transactionId: number;
    type: string;
    amount: number;
    balance: number;
    totalEarned: number;
    totalSpent: number;
    at: number;
  };
  /**
   * An admin (or the operator) gave or took besitos (EARN_ADMIN / SPEND_ADMIN), after
   * commit: the member is told what moved and why. `amount` is signed.
   */
  'movement.admin': { memberId: number; transactionId: number; amount: number; reason: string; balance: number; at: number };
  'level.changed': { memberId: number; from: number; to: number; at: number };
  'reaction.accepted': {
    memberId: number;
    channelId: number;
    messageId: number;
    emoji: string;
    amount: number;
    transactionId: number;
    /** Valid reactions this economy day, including this one, and the limit. */
    used: number;
    limit: number;
    streak: number;
    at: number;
  };
  'daily.claimed': {
    memberId: number;
    day: number;
    streak: number;
    base: number;
    bonus: number;
    at: number;
  };
  'role.changed': {
    memberId: number;
    from: 'FREE' | 'VIP' | 'ADMIN';
    to: 'FREE' | 'VIP' | 'ADMIN';
    vipExpiresAt: number | null;
    changedBy: string;
    reason: string;
    at: number;
  };
  /** A member who opted in still has to claim today to keep a daily-gift streak. */
  'streak.at_risk': { memberId: number; streak: number; day: number; boundaryAt: number; at: number };
  /** A shop purchase committed (price 0 for a free claim; spend transaction null then). */
  'purchase.completed': {
    memberId: number;
    purchaseId: number;
    productId: number;
    price: number;
    transactionId: number | null;
    firstPurchase: boolean;
    at: number;
  };
  /** A purchase was refunded (delivery failed for good, or an admin refunded it). */
  'purchase.refunded': { memberId: number; purchaseId: number; productId: number; amount: number; at: number };
  'reward.unlocked': { memberId: number; rewardId: number; name: string; secret: boolean; claimMode: 'auto' | 'manual'; expiresAt: number | null; at: number };
  /** `claimMode`: auto (granted on unlock, by an evaluation) or manual (the member's claim). */
  'reward.granted': {
    memberId: number;
    rewardId: number;
    name: string;
    kind: 'BESITOS' | 'CONTENT' | 'BADGE' | 'VIP_DAYS';
    value: number | null;
    capped: boolean;
    badge: { name: string; emoji: string } | null;
    claimMode: 'auto' | 'manual';
    at: number;
  };
  /** The day-boundary job finished a period (catch-up runs emit one per period). */
  'jobs.day_boundary': { day: number; streaksReset: number; reactionStreaksReset: number; vipsExpired: number; at: number };
}

export type EventName = keyof EventMap;
export type Listener<E extends EventName> = (event: EventMap[E]) => void | Promise<void>;

export class EventBus<M extends object = EventMap> {
  readonly #listeners = new Map<keyof M, Set<(event: never) => void | Promise<void>>>();
  readonly #onError: (err: unknown, name: string) => void;

  constructor(onError: (err: unknown, name: string) => void = () => {}) {
    this.#onError = onError;
  }

  on<E extends keyof M>(name: E, listener: (event: M[E]) => void | Promise<void>): () => void {
    let set = this.#listeners.get(name);
    if (!set) this.#listeners.set(name, (set = new Set()));
    set.add(listener as (event: never) => void);
    return () => set.delete(listener as (event: never) => void);
  }

  /** Calls every listener; waits for async ones; never throws. */
  async emit<E extends keyof M>(name: E, event: M[E]): Promise<void> {
    const set = this.#listeners.get(name);
    if (!set || set.size === 0) return;
    for (const listener of [...set]) {
      try {
        await (listener as (event: M[E]) => void | Promise<void>)(event);
      } catch (err) {
        this.#onError(err, String(name));
      }
    }
  }

  hasListeners(name: keyof M): boolean {
    return (this.#listeners.get(name)?.size ?? 0) > 0;
  }
}
