/**
 * What each refusal carries beside its code (SPEC §12): the numbers a message needs, typed
 * per code as `events.ts` types each event, so an adapter reads `err.details.secondsLeft`
 * of a COOLDOWN without guessing which fields some refusal might have.
 */

/** Why a press or a post cannot earn (NO_ACCESS). */
export type NoAccessReason = 'UNKNOWN_CHANNEL' | 'UNKNOWN_POST' | 'NOT_EARNING' | 'VIP_ONLY' | 'UNKNOWN_EMOJI';

/** A channel post a refusal is about. */
export interface PostRef {
  channelId: number;
  messageId: number;
}

/** One thing a reused idempotency key's request changed: what the first request had, what this one asks. */
export interface IdempotencyDifference {
  field: 'operation' | 'type' | 'amount' | 'productId';
  first: string | number;
  now: string | number;
}

/** Why a database is read-only (READ_ONLY): the URL asked, its file or directory cannot be written, or the database server refused the write. */
export type ReadOnlyCause = 'url' | 'file' | 'directory' | 'database';

/** Why a setting's value was refused (INVALID_CONFIG). */
export type SettingProblem = 'type' | 'too_small' | 'too_big' | 'not_timezone' | 'not_distinct' | 'invalid';

export interface ErrorDetailsMap {
  /** `field` names what was wrong; the rest, when present, the bound it broke. */
  INVALID_INPUT: {
    field?: string;
    /** simulate: the input line. */
    line?: number;
    limit?: number;
    min?: number;
    max?: number;
    value?: unknown;
    channelId?: number;
    contentSetId?: number;
    vipExpiresAt?: number | null;
  };
  /** The amount as given when it was a primitive, its type otherwise. */
  INVALID_AMOUNT: { amount: string | number | boolean | null };
  /** `amount`: what was asked (a product's price in the shop, which also says `price` and `productId`). */
  INSUFFICIENT_FUNDS: { balance: number; amount: number; price?: number; productId?: number };
  UNKNOWN_MEMBER: { memberId: number };
  FORBIDDEN: { adminId?: number; memberId?: number };
  NO_ACCESS: { reason: NoAccessReason; channelId?: number; messageId?: number; emoji?: string };
  COOLDOWN: { secondsLeft: number };
  /** `resetsAt`: the next economy day's start (ms). */
  DAILY_LIMIT: { used: number; limit: number; resetsAt: number };
  ALREADY_REACTED: PostRef;
  /** Said of the daily gift (with when the next one opens) and of a reward. */
  ALREADY_CLAIMED:
    | { what: 'daily'; nextClaimAt: number; secondsLeft: number; streak: number }
    | { what: 'reward'; rewardId: number; claimedAt?: number | null; nextAvailableAt?: number | null };
  /** The id that named nothing (one of them). */
  NOT_FOUND: {
    memberId?: number;
    username?: string;
    transactionId?: number;
    channelId?: number;
    messageId?: number;
    contentSetId?: number;
    productId?: number;
    purchaseId?: number;
    rewardId?: number;
    /** Added: an admin token (issue 13). */
    tokenId?: number;
  };
  /** A product not on sale, or (added) a reward an admin switched off: `rewardId` instead of `productId`. */
  INACTIVE: { productId: number; rewardId?: undefined } | { rewardId: number; productId?: undefined };
  VIP_ONLY: { productId: number };
  OUT_OF_STOCK: { productId: number; stock: number };
  LIMIT_REACHED: { productId: number; limit: number; owned: number };
  /** Each condition's progress: which group, whether it is met, and a short text ("3/7"). */
  REWARD_LOCKED: { rewardId: number; progress: Array<{ type: string; group: number; text: string; met: boolean }> };
  REWARD_EXPIRED: { rewardId: number; expiredAt: number | null };
  /** `formula`: the text refused; the rest says where or why. */
  INVALID_FORMULA: {
    formula?: string;
    spec?: unknown;
    column?: number;
    length?: number;
    max?: number;
    at?: number;
    value?: number | string;
    level?: number;
    previousAt?: number;
    previousLevel?: number;
  };
  /**
   * A setting refused (settings-validation.ts): `problem` says which rule broke, `of` what
   * a bound is about (the value, a list's count, a text's length), `path` where inside a
   * structured value (`step` of a formula, `0` for a list's first item).
   */
  INVALID_CONFIG: {
    key?: string;
    problem?: SettingProblem;
    of?: 'value' | 'count' | 'length';
    min?: number;
    max?: number;
    expected?: 'number' | 'integer' | 'text' | 'list' | 'formula';
    path?: string;
  };
  BALANCE_OVERFLOW: { balance: number; amount: number };
  /** A spend already refunded (`totalSpent` would go below 0) or a movement that is not a shop spend. */
  /** Added (issue 13): `purchaseId` and `reason` for an admin's refund of a purchase (ALREADY_REFUNDED, VIP_DAYS). */
  NOT_REFUNDABLE: { transactionId?: number; type?: string; totalSpent?: number; purchaseId?: number; reason?: 'ALREADY_REFUNDED' | 'VIP_DAYS' };
  CONFIRMATION_REQUIRED: { productId: number; owned: number; price: number };
  /**
   * `field`, `first` and `now`: the first difference (an `operation` of credit/debit/refund,
   * the transaction `type`, the `amount` asked, a purchase's `productId`); `differences`: all of them.
   */
  IDEMPOTENCY_CONFLICT: IdempotencyDifference & { idempotencyKey: string; differences: IdempotencyDifference[] };
  /** `database`: its URL without password; `pending`: migrations it would need and cannot get while read-only. */
  READ_ONLY: { database: string; reason: ReadOnlyCause; pending?: string[] };
  /** `unknown`: the migrations applied to the database that this version does not ship. */
  DATABASE_TOO_NEW: { database: string; unknown: string[] };
  DATABASE_IN_USE: { database: string };
  /**
   * `not-applied`: nothing changed, run it again. `unknown`: a write (with no idempotency
   * key to tell) was sent and its answer lost; it may have been applied: check before
   * repeating it, or repeat it with a key.
   */
  STORAGE_UNAVAILABLE: { outcome: 'not-applied' | 'unknown'; retryable: true };
}
