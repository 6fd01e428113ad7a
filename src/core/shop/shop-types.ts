/**
 * What the shop (SPEC §5) hands adapters: content sets, products as an admin edits them,
 * catalogue entries as a member sees them, purchases, and the Deliverer port the bot
 * implements to send content after a purchase committed.
 */
import type { ProductKind, ProductTier, PurchaseStatus } from '../../storage/shop-tables.js';

export type { ProductKind, ProductTier, PurchaseStatus };

export const MEDIA_KINDS = ['photo', 'video', 'document', 'audio', 'animation'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

/** A Telegram file (by file id, with its media type) or a message to copy from a storage chat. */
export type ContentItem = { kind: MediaKind; fileId: string } | { kind: 'copy'; chatId: number; messageId: number };

export interface ContentSet {
  id: number;
  name: string;
  items: ContentItem[];
  createdAt: Date;
  updatedAt: Date;
}

export interface Product {
  id: number;
  name: string;
  description: string;
  kind: ProductKind;
  /** CONTENT: the set delivered; null for VIP_DAYS. */
  contentSetId: number | null;
  /** VIP_DAYS: days added; null for CONTENT. */
  days: number | null;
  price: number;
  /** Explicit VIP price, or null. */
  vipPrice: number | null;
  /** Percentage off for VIPs, or null. */
  vipDiscountPct: number | null;
  /** What a VIP (or ADMIN) pays: vipPrice, else price − floor(price × pct / 100), else price. */
  effectiveVipPrice: number;
  tier: ProductTier;
  active: boolean;
  sortOrder: number;
  /** Units left; null = unlimited. */
  stock: number | null;
  /** Not-refunded purchases one member may hold; null = no limit. */
  perMemberLimit: number | null;
  /** Not-refunded purchases. */
  purchaseCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** Why a member cannot buy a listed product right now (null: they can, funds permitting). */
export type Unavailable = 'VIP_ONLY' | 'OUT_OF_STOCK' | 'LIMIT_REACHED' | null;

export interface CatalogueEntry {
  productId: number;
  name: string;
  description: string;
  kind: ProductKind;
  days: number | null;
  /** What THIS member pays now (the VIP price for a VIP or ADMIN). */
  price: number;
  /** The regular price and the VIP price, for "VIPs pay 80" labels. */
  regularPrice: number;
  vipPrice: number;
  /** Tier VIP: shown to everyone, buyable only with VIP access. */
  vipOnly: boolean;
  unavailable: Unavailable;
  stock: number | null;
  /** Not-refunded purchases of it this member holds (> 0: buying again needs a confirmation). */
  owned: number;
  perMemberLimit: number | null;
  sortOrder: number;
}

export interface CataloguePage {
  items: CatalogueEntry[];
  /** 1-based. */
  page: number;
  pages: number;
  pageSize: number;
  total: number;
  /** The role the prices were computed for. */
  role: 'FREE' | 'VIP' | 'ADMIN';
}

export interface Purchase {
  id: number;
  memberId: number;
  productId: number;
  productName: string;
  productKind: ProductKind;
  confirmationKey: string;
  price: number;
  /** SPEND_SHOP transaction; null for a free claim. */
  transactionId: number | null;
  status: PurchaseStatus;
  refundTransactionId: number | null;
  deliveredAt: Date | null;
  refundedAt: Date | null;
  createdAt: Date;
}

export interface PurchaseResult {
  purchase: Purchase;
  price: number;
  /** The member's balance after the purchase (after the refund, when refunded). */
  balance: number;
  /** Content sent (CONTENT), or VIP days applied (VIP_DAYS). */
  delivered: boolean;
  /** Delivery failed for good and the purchase was given back. */
  refunded: boolean;
  /** The confirmation key was used already: this is the first purchase made with it. */
  replayed: boolean;
}

export interface PurchasesPage {
  items: Purchase[];
  /** Pass as `cursor` for the next (older) page; null on the last. */
  nextCursor: string | null;
}

export interface RedeliverResult {
  purchase: Purchase;
  delivered: boolean;
}

/** A CONTENT reward granted to a member (SPEC §6): its set is delivered like a purchase's. */
export interface RewardDelivery {
  rewardId: number;
  /** The member_rewards row (one occurrence of the reward). */
  memberRewardId: number;
  occurrence: number;
  name: string;
}

/**
 * What a delivery is for: a purchase (refunded when delivery fails for good) or a reward
 * grant (nothing was paid: the grant stands and the member can ask for it again).
 */
export type DeliveryContext = { purchase: Purchase; reward?: never } | { reward: RewardDelivery; purchase?: never };

/**
 * Sends a content set to a member (the bot implements it with sendPhoto/copyMessage, …).
 * Throw `DeliveryFailed` with `permanent: true` when it can never succeed (the member
 * blocked the bot, a file id is gone): a purchase is then refunded at once. Any other
 * failure is retried a bounded number of times, then treated as permanent.
 */
export interface Deliverer {
  deliver(memberId: number, contentSet: ContentSet, context: DeliveryContext): Promise<void>;
  /**
   * Issue 14 (toasts first): asked as an auto reward's set starts out after an evaluation;
   * true lets the operation that caused the grant (a press) return without waiting for the
   * set, which the adapter sends through its own queue. The outcome is still recorded on
   * the grant (`delivered`) once the delivery settles. Absent or false: the operation waits.
   */
  defersRewardDelivery?(): boolean;
}

/** Told about each failed delivery attempt (for logs); names the purchase or the reward. */
export type DeliveryErrorInfo = { memberId: number; attempt: number; permanent: boolean } & (
  | { purchaseId: number }
  | { rewardId: number; memberRewardId: number }
);

export class DeliveryFailed extends Error {
  override readonly name = 'DeliveryFailed';
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** The default port: delivers nothing, records nothing, never fails. */
export const noopDeliverer: Deliverer = { deliver: async () => {} };
