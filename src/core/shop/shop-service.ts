/**
 * The shop (SPEC §5): content sets and products (admin), the catalogue a member sees, and
 * purchases with delivery and automatic refund.
 *
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
 * After the commit: movement.applied / level.changed, role.changed, purchase.completed;
 * then CONTENT is delivered through the Deliverer port. A permanent failure (or a temporary
 * one still failing after `deliveryAttempts` tries) refunds the purchase in one transaction:
 * REFUND_SHOP (key `refund:<spend id>`, the ledger's own refund key: it can never be given
 * back twice), purchase REFUNDED, stock + 1, purchase_count − 1, holdings − 1; then
 * movement.applied and purchase.refunded.
 * The rewards use the same port and retries for CONTENT grants (`deliverReward`): no refund
 * there, a failure is only reported to `onDeliveryError`.
 *
 * Decisions where the spec is silent (see docs):
 * - VIP-only products are listed to everyone, marked `vipOnly` and, for a member without
 *   VIP access, `unavailable: 'VIP_ONLY'` (a teaser that sells VIP).
 * - The catalogue sorts by the price THIS member pays, then sort order, then id.
 * - Repurchase confirmation applies to CONTENT only; VIP_DAYS are consumable (each purchase
 *   adds days). The per-member limit counts purchases not refunded.
 * - A member with no profile (never earned) who buys something that costs besitos gets
 *   INSUFFICIENT_FUNDS with balance 0 (not UNKNOWN_MEMBER): the shop's question is "can I pay".
 * - `firstPurchase` in purchase.completed: the member had no purchase row (refunded ones
 *   count) when this one was written.
 */
import { sql } from 'kysely';
import type { MemberRow, Role } from '../../storage/database.js';
import type { ProductsTable, PurchasesTable } from '../../storage/shop-tables.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import type { Selectable } from 'kysely';
import { EconomyError, isEconomyError } from '../errors.js';
import { applyMovementIn, IdempotentReplay, type AppliedMovement, type Movement } from '../ledger/ledger-repository.js';
import { emitMovement } from '../ledger/movement-events.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { ensureMember } from '../members/members-repository.js';
import { effectiveRole, hasVipAccess } from '../members/roles.js';
import type { RoleChange } from '../membership/membership-repository.js';
import {
  checkBool,
  checkConfirmationKey,
  checkId,
  checkInt,
  checkItems,
  checkKnownFields,
  checkText,
  MAX_NAME_LENGTH,
  mergeProduct,
  PURCHASE_KEY_PREFIX,
  vipPriceOf,
  type ProductFields,
  type ProductInput,
} from './shop-input.js';
import {
  noopDeliverer,
  type CatalogueEntry,
  type CataloguePage,
  type ContentItem,
  type ContentSet,
  type Deliverer,
  type DeliveryContext,
  type DeliveryErrorInfo,
  type Product,
  type Purchase,
  type PurchaseResult,
  type PurchasesPage,
  type RedeliverResult,
  type RewardDelivery,
} from './shop-types.js';
import type { EngineContext } from '../engine-context.js';
import { VipGrants } from '../membership/vip-grants.js';

type ProductRow = Selectable<ProductsTable>;
type PurchaseRow = Selectable<PurchasesTable>;

export interface ShopDeps {
  /** Sends content after a purchase; default: a no-op. */
  deliverer?: Deliverer;
  /** Tries per delivery before a temporary failure counts as permanent; default 3. */
  deliveryAttempts?: number;
  /** Told about each failed delivery attempt (for logs); never affects the outcome. */
  onDeliveryError?: (err: unknown, info: DeliveryErrorInfo) => void;
}

export interface ContentSetInput {
  adminId: number;
  name: unknown;
  items: unknown;
}

export interface ContentSetUpdate {
  adminId: number;
  contentSetId: number;
  name?: unknown;
  items?: unknown;
}

export type CreateProductInput = { adminId: number } & ProductInput;
export type UpdateProductInput = { adminId: number; productId: number } & ProductInput;

export interface PurchaseInput {
  memberId: number;
  productId: number;
  /** The confirmation button's key: the same key bought twice buys once. */
  confirmationKey: string;
  /** Required (true) to buy again CONTENT the member already owns. */
  confirmRepurchase?: boolean;
}

export interface PurchasesQuery {
  /** 1 to 100, default 10. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

const DEFAULT_PURCHASES_LIMIT = 10;
const MAX_PURCHASES_LIMIT = 100;
const DEFAULT_DELIVERY_ATTEMPTS = 3;

interface Committed {
  kind: 'bought';
  purchase: PurchaseRow;
  product: ProductRow;
  price: number;
  movement: Movement | null;
  applied: AppliedMovement | null;
  roleChange: RoleChange | null;
  firstPurchase: boolean;
}

export class ShopService {
  readonly #ctx: EngineContext;
  readonly #vip: VipGrants;
  readonly #attempts: number;
  readonly #onDeliveryError: ShopDeps['onDeliveryError'];
  #deliverer: Deliverer;

  constructor(ctx: EngineContext, deps: ShopDeps = {}) {
    this.#ctx = ctx;
    this.#vip = new VipGrants(ctx);
    this.#deliverer = deps.deliverer ?? noopDeliverer;
    this.#attempts = deps.deliveryAttempts ?? DEFAULT_DELIVERY_ATTEMPTS;
    if (!Number.isInteger(this.#attempts) || this.#attempts < 1) throw new RangeError('deliveryAttempts must be a positive integer');
    this.#onDeliveryError = deps.onDeliveryError;
  }

  /** The port content goes out through (the bot sets its own; simulate a scripted one). */
  get deliverer(): Deliverer {
    return this.#deliverer;
  }

  setDeliverer(deliverer: Deliverer): void {
    this.#deliverer = deliverer;
  }

  // ---------------------------------------------------------------- content sets (admin)

  async createContentSet(input: ContentSetInput): Promise<ContentSet> {
    await this.#ctx.admins.require(input?.adminId);
    checkKnownFields(input, ['adminId', 'name', 'items'], false);
    const name = checkText(input.name, 'name', 1, MAX_NAME_LENGTH);
    const items = checkItems(input.items);
    const at = this.#ctx.clock.now();
    const row = await writeTransaction(this.#ctx.storage, (trx) =>
      trx
        .insertInto('content_sets')
        .values({ name, items: JSON.stringify(items), created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return toContentSet(row);
  }

  async updateContentSet(input: ContentSetUpdate): Promise<ContentSet> {
    await this.#ctx.admins.require(input?.adminId);
    checkKnownFields(input, ['adminId', 'contentSetId', 'name', 'items'], false);
    const id = checkId(input.contentSetId, 'contentSetId');
    const set: { name?: string; items?: string; updated_at: number } = { updated_at: this.#ctx.clock.now() };
    if (input.name !== undefined) set.name = checkText(input.name, 'name', 1, MAX_NAME_LENGTH);
    if (input.items !== undefined) set.items = JSON.stringify(checkItems(input.items));
    const row = await writeTransaction(this.#ctx.storage, (trx) =>
      trx.updateTable('content_sets').set(set).where('id', '=', id).returningAll().executeTakeFirst(),
    );
    if (!row) throw new EconomyError('NOT_FOUND', `there is no content set ${id}`, { contentSetId: id });
    return toContentSet(row);
  }

  async contentSets(adminId: number): Promise<ContentSet[]> {
    await this.#ctx.admins.require(adminId);
    const rows = await this.#ctx.storage.db.selectFrom('content_sets').selectAll().orderBy('id').execute();
    return rows.map(toContentSet);
  }

  async contentSet(adminId: number, contentSetId: number): Promise<ContentSet> {
    await this.#ctx.admins.require(adminId);
    const id = checkId(contentSetId, 'contentSetId');
    const row = await this.#ctx.storage.db.selectFrom('content_sets').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new EconomyError('NOT_FOUND', `there is no content set ${id}`, { contentSetId: id });
    return toContentSet(row);
  }

  // ---------------------------------------------------------------- products (admin)

  async createProduct(input: CreateProductInput): Promise<Product> {
    await this.#ctx.admins.require(input?.adminId);
    checkKnownFields(input, ['adminId']);
    const fields = mergeProduct(null, input);
    const at = this.#ctx.clock.now();
    const row = await writeTransaction(this.#ctx.storage, async (trx) => {
      await this.#checkContentSet(trx, fields.contentSetId);
      return trx
        .insertInto('products')
        .values({ ...productColumns(fields), purchase_count: 0, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return toProduct(row);
  }

  /** Changes the given fields (undefined = unchanged; null clears vipPrice, vipDiscountPct, stock, perMemberLimit). */
  async updateProduct(input: UpdateProductInput): Promise<Product> {
    await this.#ctx.admins.require(input?.adminId);
    checkKnownFields(input, ['adminId', 'productId']);
    const id = checkId(input.productId, 'productId');
    const at = this.#ctx.clock.now();
    const row = await writeTransaction(this.#ctx.storage, async (trx) => {
      let q = trx.selectFrom('products').selectAll().where('id', '=', id);
      if (this.#ctx.storage.dialect === 'postgres') q = q.forUpdate();
      const current = await q.executeTakeFirst();
      if (!current) throw new EconomyError('NOT_FOUND', `there is no product ${id}`, { productId: id });
      const fields = mergeProduct(toFields(current), input);
      await this.#checkContentSet(trx, fields.contentSetId);
      return trx
        .updateTable('products')
        .set({ ...productColumns(fields), updated_at: at })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return toProduct(row);
  }

  activate(adminId: number, productId: number): Promise<Product> {
    return this.updateProduct({ adminId, productId, active: true });
  }

  deactivate(adminId: number, productId: number): Promise<Product> {
    return this.updateProduct({ adminId, productId, active: false });
  }

  /** Every product (inactive too), by sort order then id. */
  async products(adminId: number): Promise<Product[]> {
    await this.#ctx.admins.require(adminId);
    const rows = await this.#ctx.storage.db.selectFrom('products').selectAll().orderBy('sort_order').orderBy('id').execute();
    return rows.map(toProduct);
  }

  async product(adminId: number, productId: number): Promise<Product> {
    await this.#ctx.admins.require(adminId);
    const id = checkId(productId, 'productId');
    const row = await this.#ctx.storage.db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new EconomyError('NOT_FOUND', `there is no product ${id}`, { productId: id });
    return toProduct(row);
  }

  // ---------------------------------------------------------------- catalogue (member)

  /**
   * Active products, cheapest first by the price this member pays, then sort order, then id;
   * `shop.page_size` per page. A page past the last gives the last page.
   */
  async catalogue(memberIdInput: number, pageInput: number = 1): Promise<CataloguePage> {
    const memberId = checkMemberId(memberIdInput);
    let page = checkInt(pageInput, 'page', 1, 1_000_000);
    const pageSize = (await this.#ctx.settings.all())['shop.page_size'];
    const at = this.#ctx.clock.now();
    const db = this.#ctx.storage.db;
    const member = await db.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirst();
    const role = this.#roleOf(member, memberId, at);
    const vip = hasVipAccess(role);
    const counted = await db
      .selectFrom('products')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('active', '=', 1)
      .executeTakeFirstOrThrow();
    const total = Number(counted.n);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    page = Math.min(page, pages);
    const rows = await db
      .selectFrom('products')
      .leftJoin('product_holdings as h', (join) =>
        join.onRef('h.product_id', '=', 'products.id').on('h.member_id', '=', memberId),
      )
      .selectAll('products')
      .select('h.owned')
      .where('products.active', '=', 1)
      .orderBy(vip ? 'products.vip_effective_price' : 'products.price')
      .orderBy('products.sort_order')
      .orderBy('products.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    const items = rows.map((r) => toCatalogueEntry(r, vip));
    return { items, page, pages, pageSize, total, role };
  }

  /** One active product as this member sees it in the catalogue (NOT_FOUND otherwise). */
  async catalogueEntry(memberIdInput: number, productIdInput: number): Promise<CatalogueEntry> {
    const memberId = checkMemberId(memberIdInput);
    const productId = checkId(productIdInput, 'productId');
    const db = this.#ctx.storage.db;
    const [member, row] = await Promise.all([
      db.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirst(),
      db
        .selectFrom('products')
        .leftJoin('product_holdings as h', (join) => join.onRef('h.product_id', '=', 'products.id').on('h.member_id', '=', memberId))
        .selectAll('products')
        .select('h.owned')
        .where('products.id', '=', productId)
        .where('products.active', '=', 1)
        .executeTakeFirst(),
    ]);
    if (!row) throw new EconomyError('NOT_FOUND', `product ${productId} is not in the catalogue`, { productId });
    return toCatalogueEntry(row, hasVipAccess(this.#roleOf(member, memberId, this.#ctx.clock.now())));
  }

  // ---------------------------------------------------------------- purchase

  async purchase(input: PurchaseInput): Promise<PurchaseResult> {
    const memberId = checkMemberId(input?.memberId);
    const productId = checkId(input.productId, 'productId');
    const key = checkConfirmationKey(input.confirmationKey);
    const confirm = input.confirmRepurchase === undefined ? false : checkBool(input.confirmRepurchase, 'confirmRepurchase');
    const at = this.#ctx.clock.now();

    let done: Committed | { kind: 'replay'; purchase: PurchaseRow };
    try {
      done = await writeTransaction(this.#ctx.storage, (trx) => this.#buyIn(trx, { memberId, productId, key, confirm, at }));
    } catch (err) {
      // A press racing the first one with the same key (PostgreSQL: its insert or its movement
      // key failed, or it queued behind the first and found no stock left, the limit reached,
      // the item owned or the balance spent): it rolled back whole, and the first purchase
      // answers. Hence the look-up after any refusal, not only after a unique-key error.
      const first = await findPurchaseByKey(this.#ctx.storage.db, memberId, key);
      if (first) return this.#replayResult(first);
      if (err instanceof IdempotentReplay) {
        throw new EconomyError('INVALID_INPUT', `confirmationKey ${key} was already used for another movement`, { field: 'confirmationKey' });
      }
      throw err;
    }
    if (done.kind === 'replay') return this.#replayResult(done.purchase);

    const { purchase, product, price, movement, applied } = done;
    if (movement && applied) await emitMovement(this.#ctx.events, movement, applied);
    await this.#vip.announce([done.roleChange]);
    await this.#ctx.events?.emit('purchase.completed', {
      memberId,
      purchaseId: Number(purchase.id),
      productId: Number(product.id),
      price,
      transactionId: applied ? applied.transactionId : null,
      firstPurchase: done.firstPurchase,
      at,
    });

    let view = toPurchase(purchase, product);
    let balance = applied ? applied.balance : await this.#balance(memberId);
    if (product.kind === 'VIP_DAYS') {
      return { purchase: view, price, balance, delivered: true, refunded: false, replayed: false };
    }
    const set = await this.#contentSetOf(product);
    if (await this.#deliver(memberId, set, { purchase: view })) {
      view = await this.#markDelivered(view);
      return { purchase: view, price, balance, delivered: true, refunded: false, replayed: false };
    }
    const refund = await this.#refund(view, product, 'delivery failed');
    if (refund) {
      view = refund.purchase;
      balance = refund.balance;
    }
    return { purchase: view, price, balance, delivered: false, refunded: true, replayed: false };
  }

  async #buyIn(
    trx: Executor,
    p: { memberId: number; productId: number; key: string; confirm: boolean; at: number },
  ): Promise<Committed | { kind: 'replay'; purchase: PurchaseRow }> {
    const { memberId, productId, key, confirm, at } = p;
    const existing = await findPurchaseByKey(trx, memberId, key);
    if (existing) return { kind: 'replay', purchase: existing };

    const member = await trx.selectFrom('members').selectAll().where('id', '=', memberId).executeTakeFirst();
    const vip = hasVipAccess(this.#roleOf(member, memberId, at));

    // The guarded product update: stock, activity and tier decided by the database, under the row lock.
    let update = trx
      .updateTable('products')
      .set((eb) => ({ stock: eb('stock', '-', 1), purchase_count: eb('purchase_count', '+', 1) }))
      .where('id', '=', productId)
      .where('active', '=', 1)
      .where((eb) => eb.or([eb('stock', 'is', null), eb('stock', '>', 0)]));
    if (!vip) update = update.where('tier', '=', 'FREE');
    const product = await update.returningAll().executeTakeFirst();
    if (!product) throw await whyNotForSale(trx, productId, vip);

    const price = Number(vip ? product.vip_effective_price : product.price);
    if (!member) {
      if (price > 0) throw insufficient(0, price, productId);
      await ensureMember(trx, memberId, at);
    }

    // The holdings row: per-member limit and repurchase confirmation, one guarded upsert.
    const limit = product.per_member_limit;
    const needsConfirmation = product.kind === 'CONTENT' && !confirm;
    const cap = Math.min(limit ?? Number.POSITIVE_INFINITY, needsConfirmation ? 1 : Number.POSITIVE_INFINITY);
    const held = await trx
      .insertInto('product_holdings')
      .values({ member_id: memberId, product_id: productId, owned: 1 })
      .onConflict((oc) => {
        const upd = oc
          .columns(['member_id', 'product_id'])
          .doUpdateSet({ owned: sql<number>`product_holdings.owned + 1` });
        return Number.isFinite(cap) ? upd.where(sql.ref('product_holdings.owned'), '<', cap) : upd;
      })
      .returning('owned')
      .executeTakeFirst();
    if (!held) {
      const row = await trx
        .selectFrom('product_holdings')
        .select('owned')
        .where('member_id', '=', memberId)
        .where('product_id', '=', productId)
        .executeTakeFirstOrThrow();
      const owned = Number(row.owned);
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
        applied = await applyMovementIn(trx, this.#ctx.storage.dialect, movement, this.#ctx.formula);
      } catch (err) {
        if (isEconomyError(err, 'INSUFFICIENT_FUNDS')) throw insufficient(Number(err.details.balance), price, productId);
        if (isEconomyError(err, 'UNKNOWN_MEMBER')) throw insufficient(0, price, productId);
        throw err;
      }
    }

    const earlier = await trx.selectFrom('purchases').select('id').where('member_id', '=', memberId).limit(1).executeTakeFirst();
    const purchase = await trx
      .insertInto('purchases')
      .values({
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
      })
      .returningAll()
      .executeTakeFirstOrThrow();

    let roleChange: RoleChange | null = null;
    if (product.kind === 'VIP_DAYS') {
      const granted = await this.#vip.grantVipIn(trx, {
        memberId,
        days: Number(product.vip_days),
        by: 'shop',
        reason: `purchase ${purchase.id}: ${product.name}`,
      });
      roleChange = granted.change;
    }
    return { kind: 'bought', purchase, product, price, movement, applied, roleChange, firstPurchase: !earlier };
  }

  async #replayResult(row: PurchaseRow): Promise<PurchaseResult> {
    const purchase = await this.#purchaseView(this.#ctx.storage.db, row);
    return {
      purchase,
      price: purchase.price,
      balance: await this.#balance(purchase.memberId),
      delivered: purchase.deliveredAt !== null,
      refunded: purchase.status === 'REFUNDED',
      replayed: true,
    };
  }

  /**
   * Tries the port up to `deliveryAttempts` times; a permanent failure stops at once. The
   * port is read per attempt: `setDeliverer` may come after construction.
   */
  async #deliver(memberId: number, set: ContentSet, context: DeliveryContext): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#deliverer.deliver(memberId, set, context);
        return true;
      } catch (err) {
        const permanent = isPermanent(err) || attempt >= this.#attempts;
        this.#reportDeliveryError(err, memberId, context, attempt, permanent);
        if (permanent) return false;
      }
    }
  }

  #reportDeliveryError(err: unknown, memberId: number, context: DeliveryContext, attempt: number, permanent: boolean): void {
    const about = context.purchase
      ? { purchaseId: context.purchase.id }
      : { rewardId: context.reward.rewardId, memberRewardId: context.reward.memberRewardId };
    try {
      this.#onDeliveryError?.(err, { memberId, attempt, permanent, ...about });
    } catch {
      // a failing logger never changes the outcome
    }
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
      const row = await this.#ctx.storage.db.selectFrom('content_sets').selectAll().where('id', '=', contentSetId).executeTakeFirst();
      if (!row) {
        const gone = new EconomyError('NOT_FOUND', `there is no content set ${contentSetId}`, { contentSetId });
        this.#reportDeliveryError(gone, memberId, context, 1, true);
        return false;
      }
      set = toContentSet(row);
    } catch (err) {
      this.#reportDeliveryError(err, memberId, context, 1, true);
      return false;
    }
    return this.#deliver(memberId, set, context);
  }

  async #markDelivered(purchase: Purchase): Promise<Purchase> {
    const at = this.#ctx.clock.now();
    await writeTransaction(this.#ctx.storage, (trx) =>
      trx.updateTable('purchases').set({ delivered_at: at }).where('id', '=', purchase.id).execute(),
    );
    return { ...purchase, deliveredAt: new Date(at) };
  }

  /**
   * Gives a purchase back in one transaction (guarded by its status: at most once). Returns
   * null when it was already refunded.
   */
  async #refund(purchase: Purchase, product: ProductRow, reason: string): Promise<{ purchase: Purchase; balance: number } | null> {
    const at = this.#ctx.clock.now();
    const done = await writeTransaction(this.#ctx.storage, async (trx) => {
      const row = await trx
        .updateTable('purchases')
        .set({ status: 'REFUNDED', refunded_at: at })
        .where('id', '=', purchase.id)
        .where('status', '=', 'COMPLETED')
        .returningAll()
        .executeTakeFirst();
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
          metadata: JSON.stringify({ refund_of: spendId, purchase_id: purchase.id }),
          idempotencyKey: `refund:${spendId}`,
          createIfMissing: false,
          at,
        };
        applied = await applyMovementIn(trx, this.#ctx.storage.dialect, movement, this.#ctx.formula);
        await trx.updateTable('purchases').set({ refund_transaction_id: applied.transactionId }).where('id', '=', purchase.id).execute();
        row.refund_transaction_id = applied.transactionId;
      }
      await trx
        .updateTable('products')
        .set((eb) => ({ stock: eb('stock', '+', 1), purchase_count: eb('purchase_count', '-', 1) }))
        .where('id', '=', purchase.productId)
        .where('purchase_count', '>', 0)
        .execute();
      await trx
        .updateTable('product_holdings')
        .set((eb) => ({ owned: eb('owned', '-', 1) }))
        .where('member_id', '=', purchase.memberId)
        .where('product_id', '=', purchase.productId)
        .where('owned', '>', 0)
        .execute();
      return { row, movement, applied };
    });
    if (!done) return null;
    if (done.movement && done.applied) await emitMovement(this.#ctx.events, done.movement, done.applied);
    await this.#ctx.events?.emit('purchase.refunded', {
      memberId: purchase.memberId,
      purchaseId: purchase.id,
      productId: purchase.productId,
      amount: purchase.price,
      at,
    });
    return {
      purchase: toPurchase(done.row, product),
      balance: done.applied ? done.applied.balance : await this.#balance(purchase.memberId),
    };
  }

  // ---------------------------------------------------------------- my purchases

  /** The member's purchases, newest first (refunded ones included, marked). */
  async purchases(memberIdInput: number, query: PurchasesQuery = {}): Promise<PurchasesPage> {
    const memberId = checkMemberId(memberIdInput);
    const limit = query.limit === undefined ? DEFAULT_PURCHASES_LIMIT : checkInt(query.limit, 'limit', 1, MAX_PURCHASES_LIMIT);
    let before: number | undefined;
    if (query.cursor !== undefined) {
      const n = typeof query.cursor === 'string' && /^[1-9]\d{0,15}$/.test(query.cursor) ? Number(query.cursor) : NaN;
      if (!Number.isSafeInteger(n)) throw new EconomyError('INVALID_INPUT', 'cursor is not one this list gave', { field: 'cursor' });
      before = n;
    }
    let q = this.#ctx.storage.db
      .selectFrom('purchases')
      .innerJoin('products', 'products.id', 'purchases.product_id')
      .selectAll('purchases')
      .select(['products.name as product_name', 'products.kind as product_kind'])
      .where('purchases.member_id', '=', memberId);
    if (before !== undefined) q = q.where('purchases.id', '<', before);
    const rows = await q.orderBy('purchases.id', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map((r) => toPurchase(r, { name: r.product_name, kind: r.product_kind }));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? String(last.id) : null };
  }

  /**
   * Sends owned content again, for free. NOT_FOUND for a purchase that is not this member's,
   * or was refunded; INVALID_INPUT for VIP days (nothing to send).
   */
  async redeliver(input: { memberId: number; purchaseId: number }): Promise<RedeliverResult> {
    const memberId = checkMemberId(input?.memberId);
    const purchaseId = checkId(input.purchaseId, 'purchaseId');
    const row = await this.#ctx.storage.db
      .selectFrom('purchases')
      .selectAll()
      .where('id', '=', purchaseId)
      .where('member_id', '=', memberId)
      .where('status', '=', 'COMPLETED')
      .executeTakeFirst();
    if (!row) throw new EconomyError('NOT_FOUND', `member ${memberId} owns no purchase ${purchaseId}`, { purchaseId });
    const product = await this.#ctx.storage.db.selectFrom('products').selectAll().where('id', '=', row.product_id).executeTakeFirstOrThrow();
    let purchase = toPurchase(row, product);
    if (product.kind !== 'CONTENT') {
      throw new EconomyError('INVALID_INPUT', `purchase ${purchaseId} is VIP days: there is nothing to send`, { field: 'purchaseId' });
    }
    const set = await this.#contentSetOf(product);
    const delivered = await this.#deliver(memberId, set, { purchase });
    if (delivered) purchase = await this.#markDelivered(purchase);
    return { purchase, delivered };
  }

  // ---------------------------------------------------------------- helpers

  #roleOf(member: MemberRow | undefined, memberId: number, at: number): Role {
    return effectiveRole(member, at, this.#ctx.admins.isConfiguredAdmin(memberId));
  }

  async #balance(memberId: number): Promise<number> {
    const row = await this.#ctx.storage.db.selectFrom('profiles').select('balance').where('member_id', '=', memberId).executeTakeFirst();
    return row ? Number(row.balance) : 0;
  }

  async #contentSetOf(product: ProductRow): Promise<ContentSet> {
    const row = await this.#ctx.storage.db
      .selectFrom('content_sets')
      .selectAll()
      .where('id', '=', Number(product.content_set_id))
      .executeTakeFirstOrThrow();
    return toContentSet(row);
  }

  async #purchaseView(db: Executor, row: PurchaseRow): Promise<Purchase> {
    const product = await db.selectFrom('products').select(['name', 'kind']).where('id', '=', row.product_id).executeTakeFirstOrThrow();
    return toPurchase(row, product);
  }

  async #checkContentSet(trx: Executor, id: number | null): Promise<void> {
    if (id === null) return;
    const found = await trx.selectFrom('content_sets').select('id').where('id', '=', id).executeTakeFirst();
    if (!found) throw new EconomyError('INVALID_INPUT', `there is no content set ${id}`, { field: 'contentSetId', contentSetId: id });
  }
}

function isPermanent(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true;
}

function insufficient(balance: number, price: number, productId: number): EconomyError {
  return new EconomyError('INSUFFICIENT_FUNDS', `not enough besitos: balance ${balance}, price ${price}`, { balance, price, productId });
}

/** Why the guarded product update matched nothing, read in the same transaction. */
async function whyNotForSale(trx: Executor, productId: number, vip: boolean): Promise<EconomyError> {
  const row = await trx.selectFrom('products').select(['active', 'tier', 'stock']).where('id', '=', productId).executeTakeFirst();
  if (!row) return new EconomyError('NOT_FOUND', `there is no product ${productId}`, { productId });
  if (row.active !== 1) return new EconomyError('INACTIVE', `product ${productId} is not on sale`, { productId });
  if (row.tier === 'VIP' && !vip) return new EconomyError('VIP_ONLY', `product ${productId} is for VIP members`, { productId });
  if (row.stock !== null && row.stock <= 0) return new EconomyError('OUT_OF_STOCK', `product ${productId} is sold out`, { productId, stock: 0 });
  // Not reachable under the row lock; kept so an unforeseen case still refuses instead of buying.
  return new EconomyError('NOT_FOUND', `product ${productId} cannot be bought now`, { productId });
}

async function findPurchaseByKey(db: Executor, memberId: number, key: string): Promise<PurchaseRow | undefined> {
  return db
    .selectFrom('purchases')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('confirmation_key', '=', key)
    .executeTakeFirst();
}

function productColumns(f: ProductFields) {
  return {
    name: f.name,
    description: f.description,
    kind: f.kind,
    content_set_id: f.contentSetId,
    vip_days: f.days,
    price: f.price,
    vip_price: f.vipPrice,
    vip_discount_pct: f.vipDiscountPct,
    vip_effective_price: vipPriceOf(f.price, f.vipPrice, f.vipDiscountPct),
    tier: f.tier,
    active: f.active ? 1 : 0,
    sort_order: f.sortOrder,
    stock: f.stock,
    per_member_limit: f.perMemberLimit,
  };
}

function toFields(r: ProductRow): ProductFields {
  return {
    name: r.name,
    description: r.description,
    kind: r.kind,
    contentSetId: r.content_set_id === null ? null : Number(r.content_set_id),
    days: r.vip_days,
    price: Number(r.price),
    vipPrice: r.vip_price === null ? null : Number(r.vip_price),
    vipDiscountPct: r.vip_discount_pct,
    tier: r.tier,
    active: r.active === 1,
    sortOrder: r.sort_order,
    stock: r.stock,
    perMemberLimit: r.per_member_limit,
  };
}

/** A product row (with the member's holdings) as the member sees it: their price, why not. */
function toCatalogueEntry(r: ProductRow & { owned: number | null }, vip: boolean): CatalogueEntry {
  const owned = r.owned === null ? 0 : Number(r.owned);
  const vipOnly = r.tier === 'VIP';
  const unavailable =
    vipOnly && !vip
      ? 'VIP_ONLY'
      : r.stock !== null && r.stock <= 0
        ? 'OUT_OF_STOCK'
        : r.per_member_limit !== null && owned >= r.per_member_limit
          ? 'LIMIT_REACHED'
          : null;
  return {
    productId: Number(r.id),
    name: r.name,
    description: r.description,
    kind: r.kind,
    days: r.vip_days,
    price: vip ? Number(r.vip_effective_price) : Number(r.price),
    regularPrice: Number(r.price),
    vipPrice: Number(r.vip_effective_price),
    vipOnly,
    unavailable,
    stock: r.stock,
    owned,
    perMemberLimit: r.per_member_limit,
    sortOrder: r.sort_order,
  };
}

export function toProduct(r: ProductRow): Product {
  const f = toFields(r);
  return {
    id: Number(r.id),
    name: f.name,
    description: f.description,
    kind: f.kind,
    contentSetId: f.contentSetId,
    days: f.days,
    price: f.price,
    vipPrice: f.vipPrice,
    vipDiscountPct: f.vipDiscountPct,
    effectiveVipPrice: Number(r.vip_effective_price),
    tier: f.tier,
    active: f.active,
    sortOrder: f.sortOrder,
    stock: f.stock,
    perMemberLimit: f.perMemberLimit,
    purchaseCount: Number(r.purchase_count),
    createdAt: new Date(Number(r.created_at)),
    updatedAt: new Date(Number(r.updated_at)),
  };
}

function toContentSet(r: { id: number; name: string; items: string; created_at: number; updated_at: number }): ContentSet {
  return {
    id: Number(r.id),
    name: r.name,
    items: JSON.parse(r.items) as ContentItem[],
    createdAt: new Date(Number(r.created_at)),
    updatedAt: new Date(Number(r.updated_at)),
  };
}

const dateOrNull = (v: number | null) => (v === null ? null : new Date(Number(v)));

function toPurchase(r: PurchaseRow, product: { name: string; kind: ProductRow['kind'] }): Purchase {
  return {
    id: Number(r.id),
    memberId: Number(r.member_id),
    productId: Number(r.product_id),
    productName: product.name,
    productKind: product.kind,
    confirmationKey: r.confirmation_key,
    price: Number(r.price),
    transactionId: r.transaction_id === null ? null : Number(r.transaction_id),
    status: r.status,
    refundTransactionId: r.refund_transaction_id === null ? null : Number(r.refund_transaction_id),
    deliveredAt: dateOrNull(r.delivered_at),
    refundedAt: dateOrNull(r.refunded_at),
    createdAt: new Date(Number(r.created_at)),
  };
}
