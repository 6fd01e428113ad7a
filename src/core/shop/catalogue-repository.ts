/**
 * Reads and writes of the catalogue's tables: content sets and products. Each function
 * takes the executor it runs on: `storage.db` for a plain read, the caller's transaction
 * for anything that must hold together with other writes (a purchase takes its unit of
 * stock, a refund puts it back, in their own transactions).
 */
import type { Dialect } from '../../storage/connect.js';
import type { Executor } from '../../storage/write-transaction.js';
import type { CatalogueRow, ContentSetRow, ProductColumns, ProductRow } from './shop-mappers.js';

// ---------------------------------------------------------------- content sets

export function insertContentSet(trx: Executor, v: { name: string; items: string; at: number }): Promise<ContentSetRow> {
  return trx
    .insertInto('content_sets')
    .values({ name: v.name, items: v.items, created_at: v.at, updated_at: v.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateContentSetRow(
  trx: Executor,
  id: number,
  set: { name?: string; items?: string; updated_at: number },
): Promise<ContentSetRow | undefined> {
  return trx.updateTable('content_sets').set(set).where('id', '=', id).returningAll().executeTakeFirst();
}

export function listContentSets(db: Executor): Promise<ContentSetRow[]> {
  return db.selectFrom('content_sets').selectAll().orderBy('id').execute();
}

export function findContentSet(db: Executor, id: number): Promise<ContentSetRow | undefined> {
  return db.selectFrom('content_sets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The set a CONTENT product sends: it exists (products reference it), so absence throws. */
export function getContentSet(db: Executor, id: number): Promise<ContentSetRow> {
  return db.selectFrom('content_sets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function contentSetExists(trx: Executor, id: number): Promise<boolean> {
  return (await trx.selectFrom('content_sets').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

// ---------------------------------------------------------------- products (admin)

export function insertProduct(trx: Executor, columns: ProductColumns, at: number): Promise<ProductRow> {
  return trx
    .insertInto('products')
    .values({ ...columns, purchase_count: 0, created_at: at, updated_at: at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The product to edit, locked on PostgreSQL (SQLite's write transaction already holds the lock). */
export function lockProduct(trx: Executor, dialect: Dialect, id: number): Promise<ProductRow | undefined> {
  let q = trx.selectFrom('products').selectAll().where('id', '=', id);
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

export function updateProductRow(trx: Executor, id: number, columns: ProductColumns, at: number): Promise<ProductRow> {
  return trx
    .updateTable('products')
    .set({ ...columns, updated_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Every product (inactive too), by sort order then id. */
export function listProducts(db: Executor): Promise<ProductRow[]> {
  return db.selectFrom('products').selectAll().orderBy('sort_order').orderBy('id').execute();
}

export function findProduct(db: Executor, id: number): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The product of an existing purchase (purchases reference it, so absence throws). */
export function getProduct(db: Executor, id: number): Promise<ProductRow> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** What a purchase view names: the product's name and kind. */
export function productLabel(db: Executor, id: number): Promise<Pick<ProductRow, 'name' | 'kind'>> {
  return db.selectFrom('products').select(['name', 'kind']).where('id', '=', id).executeTakeFirstOrThrow();
}

// ---------------------------------------------------------------- catalogue (member)

export async function countActiveProducts(db: Executor): Promise<number> {
  const counted = await db
    .selectFrom('products')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(counted.n);
}

/** One page of active products with the member's holdings, by the price this member pays, then sort order, then id. */
export function cataloguePage(
  db: Executor,
  p: { memberId: number; vip: boolean; limit: number; offset: number },
): Promise<CatalogueRow[]> {
  return db
    .selectFrom('products')
    .leftJoin('product_holdings as h', (join) => join.onRef('h.product_id', '=', 'products.id').on('h.member_id', '=', p.memberId))
    .selectAll('products')
    .select('h.owned')
    .where('products.active', '=', 1)
    .orderBy(p.vip ? 'products.vip_effective_price' : 'products.price')
    .orderBy('products.sort_order')
    .orderBy('products.id')
    .limit(p.limit)
    .offset(p.offset)
    .execute();
}

/** One active product with the member's holdings, or undefined. */
export function catalogueRow(db: Executor, memberId: number, productId: number): Promise<CatalogueRow | undefined> {
  return db
    .selectFrom('products')
    .leftJoin('product_holdings as h', (join) => join.onRef('h.product_id', '=', 'products.id').on('h.member_id', '=', memberId))
    .selectAll('products')
    .select('h.owned')
    .where('products.id', '=', productId)
    .where('products.active', '=', 1)
    .executeTakeFirst();
}

// ---------------------------------------------------------------- stock (purchase and refund)

/**
 * The guarded product update of a purchase: one unit of stock and one more purchase, only
 * when the product is active, in stock and (unless `vip`) of tier FREE. Undefined when it
 * matched no row; concurrent buyers queue on the row lock.
 */
export function takeUnit(trx: Executor, productId: number, vip: boolean): Promise<ProductRow | undefined> {
  let update = trx
    .updateTable('products')
    .set((eb) => ({ stock: eb('stock', '-', 1), purchase_count: eb('purchase_count', '+', 1) }))
    .where('id', '=', productId)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('stock', 'is', null), eb('stock', '>', 0)]));
  if (!vip) update = update.where('tier', '=', 'FREE');
  return update.returningAll().executeTakeFirst();
}

/** What decides whether a product is for sale, read to explain a `takeUnit` that matched nothing. */
export function saleState(trx: Executor, productId: number): Promise<Pick<ProductRow, 'active' | 'tier' | 'stock'> | undefined> {
  return trx.selectFrom('products').select(['active', 'tier', 'stock']).where('id', '=', productId).executeTakeFirst();
}

/** A refund puts the unit back (stock + 1 stays null for unlimited) and uncounts the purchase. */
export async function returnUnit(trx: Executor, productId: number): Promise<void> {
  await trx
    .updateTable('products')
    .set((eb) => ({ stock: eb('stock', '+', 1), purchase_count: eb('purchase_count', '-', 1) }))
    .where('id', '=', productId)
    .where('purchase_count', '>', 0)
    .execute();
}
