/**
 * The shop (SPEC §5): content sets and products (admin), the catalogue a member sees, and
 * purchases with delivery and automatic refund. This class is the module's one face; the
 * work is done by its parts, each next to the rules it keeps:
 * - catalogue-admin.ts: content sets and products, every call checked as an admin's;
 * - catalogue.ts: what a member sees, at the price they pay;
 * - purchase.ts and purchase-transaction.ts: the one-transaction purchase, its rule order,
 *   then events and delivery;
 * - delivery.ts: the Deliverer port with its retries, redelivery, rewards' content;
 * - refunds.ts: the refund of a purchase whose delivery failed for good;
 * - purchase-history.ts: a member's own purchases;
 * - catalogue-repository.ts, purchase-repository.ts, shop-mappers.ts: the tables and rows.
 * Adapters see this class only; the tables stay the module's own.
 */
import type { EngineContext } from '../engine-context.js';
import { VipGrants } from '../membership/vip-grants.js';
import * as admin from './catalogue-admin.js';
import type { ContentSetInput, ContentSetUpdate, CreateProductInput, UpdateProductInput } from './catalogue-admin.js';
import { adminRefund, allPurchases, type AdminRefundInput, type AllPurchasesQuery } from './admin-purchases.js';
import { catalogue, catalogueEntry } from './catalogue.js';
import { Delivery, type ShopDeps } from './delivery.js';
import { purchases, type PurchasesQuery } from './purchase-history.js';
import { purchase, type PurchaseInput, type PurchaseParts } from './purchase.js';
import type {
  CatalogueEntry,
  CataloguePage,
  ContentSet,
  Deliverer,
  Product,
  Purchase,
  PurchaseResult,
  PurchasesPage,
  RedeliverResult,
  RewardDelivery,
} from './shop-types.js';

export type { ShopDeps } from './delivery.js';
export type { ContentSetInput, ContentSetUpdate, CreateProductInput, UpdateProductInput } from './catalogue-admin.js';
export type { PaidPurchase, PurchaseInput } from './purchase.js';
export type { PurchasesQuery } from './purchase-history.js';
export type { AdminRefundInput, AllPurchasesQuery } from './admin-purchases.js';

export class ShopService {
  readonly #ctx: EngineContext;
  readonly #delivery: Delivery;
  readonly #purchase: PurchaseParts;

  constructor(ctx: EngineContext, deps: ShopDeps = {}) {
    this.#ctx = ctx;
    this.#delivery = new Delivery(ctx, deps);
    this.#purchase = { ctx, vipGrants: new VipGrants(ctx), delivery: this.#delivery };
  }

  /** The port content goes out through (the bot sets its own; simulate a scripted one). */
  get deliverer(): Deliverer {
    return this.#delivery.deliverer;
  }

  setDeliverer(deliverer: Deliverer): void {
    this.#delivery.setDeliverer(deliverer);
  }

  // ---------------------------------------------------------------- content sets (admin)

  createContentSet(input: ContentSetInput): Promise<ContentSet> {
    return admin.createContentSet(this.#ctx, input);
  }

  updateContentSet(input: ContentSetUpdate): Promise<ContentSet> {
    return admin.updateContentSet(this.#ctx, input);
  }

  contentSets(adminId: number): Promise<ContentSet[]> {
    return admin.contentSets(this.#ctx, adminId);
  }

  contentSet(adminId: number, contentSetId: number): Promise<ContentSet> {
    return admin.contentSet(this.#ctx, adminId, contentSetId);
  }

  // ---------------------------------------------------------------- products (admin)

  createProduct(input: CreateProductInput): Promise<Product> {
    return admin.createProduct(this.#ctx, input);
  }

  /** Changes the given fields (undefined = unchanged; null clears vipPrice, vipDiscountPct, stock, perMemberLimit). */
  updateProduct(input: UpdateProductInput): Promise<Product> {
    return admin.updateProduct(this.#ctx, input);
  }

  activate(adminId: number, productId: number): Promise<Product> {
    return this.updateProduct({ adminId, productId, active: true });
  }

  deactivate(adminId: number, productId: number): Promise<Product> {
    return this.updateProduct({ adminId, productId, active: false });
  }

  /** Every product (inactive too), by sort order then id. */
  products(adminId: number): Promise<Product[]> {
    return admin.products(this.#ctx, adminId);
  }

  product(adminId: number, productId: number): Promise<Product> {
    return admin.product(this.#ctx, adminId, productId);
  }

  // ---------------------------------------------------------------- purchases (admin)

  /** Every member's purchases (or one member's), newest first; checked as an admin's. */
  allPurchases(adminId: number, query: AllPurchasesQuery = {}): Promise<PurchasesPage> {
    return allPurchases(this.#ctx, adminId, query);
  }

  /**
   * An admin gives a purchase back (SPEC §5's refund: the whole price once, stock and
   * holdings restored); NOT_REFUNDABLE when refunded already or for VIP days.
   */
  refundPurchase(input: AdminRefundInput): Promise<{ purchase: Purchase; balance: number }> {
    return adminRefund(this.#ctx, input);
  }

  // ---------------------------------------------------------------- member

  /**
   * Active products, cheapest first by the price this member pays, then sort order, then id;
   * `shop.page_size` per page. A page past the last gives the last page.
   */
  catalogue(memberId: number, page: number = 1): Promise<CataloguePage> {
    return catalogue(this.#ctx, memberId, page);
  }

  /** One active product as this member sees it in the catalogue (NOT_FOUND otherwise). */
  catalogueEntry(memberId: number, productId: number): Promise<CatalogueEntry> {
    return catalogueEntry(this.#ctx, memberId, productId);
  }

  purchase(input: PurchaseInput): Promise<PurchaseResult> {
    return purchase(this.#purchase, input);
  }

  /** The member's purchases, newest first (refunded ones included, marked). */
  purchases(memberId: number, query: PurchasesQuery = {}): Promise<PurchasesPage> {
    return purchases(this.#ctx, memberId, query);
  }

  /**
   * Sends owned content again, for free. NOT_FOUND for a purchase that is not this member's,
   * or was refunded; INVALID_INPUT for VIP days (nothing to send).
   */
  redeliver(input: { memberId: number; purchaseId: number }): Promise<RedeliverResult> {
    return this.#delivery.redeliver(input);
  }

  // ---------------------------------------------------------------- rewards

  /**
   * Sends a granted CONTENT reward's set (SPEC §6), after the grant committed, with the
   * purchases' retries. Never throws: a failure is reported to `onDeliveryError` and
   * answered false; the grant stands, nothing to refund.
   */
  deliverReward(memberId: number, contentSetId: number, reward: RewardDelivery): Promise<boolean> {
    return this.#delivery.deliverReward(memberId, contentSetId, reward);
  }

  /** Whether the port sends a reward's set on its own time (see `Deliverer.defersRewardDelivery`). */
  defersRewardDelivery(): boolean {
    return this.#delivery.deliverer.defersRewardDelivery?.() ?? false;
  }
}
