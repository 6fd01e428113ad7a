/**
 * Reads and writes of purchases and product holdings (and the buyer's balance). The
 * purchase's writes run inside its one write transaction; the unique index
 * purchases_member_key_idx and the guarded holdings upsert are the rules that hold across
 * processes.
 */
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { PurchasesTable } from '../../storage/shop-tables.js';
import type { Executor } from '../../storage/write-transaction.js';
import type { PurchaseRow } from './shop-mappers.js';

/** The member's balance; a member with no profile has 0. */
export async function balanceOf(db: Executor, memberId: number): Promise<number> {
  const row = await db.selectFrom('profiles').select('balance').where('member_id', '=', memberId).executeTakeFirst();
  return row ? Number(row.balance) : 0;
}

// ---------------------------------------------------------------- purchases

export function findPurchaseByKey(db: Executor, memberId: number, key: string): Promise<PurchaseRow | undefined> {
  return db
    .selectFrom('purchases')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('confirmation_key', '=', key)
    .executeTakeFirst();
}

/** Whether the member has any purchase row yet (refunded ones count). */
export async function hasPurchased(trx: Executor, memberId: number): Promise<boolean> {
  return (await trx.selectFrom('purchases').select('id').where('member_id', '=', memberId).limit(1).executeTakeFirst()) !== undefined;
}

export function insertPurchase(trx: Executor, values: Insertable<PurchasesTable>): Promise<PurchaseRow> {
  return trx.insertInto('purchases').values(values).returningAll().executeTakeFirstOrThrow();
}

/** A purchase the member still owns (not refunded), or undefined. */
export function findOwnedPurchase(db: Executor, memberId: number, purchaseId: number): Promise<PurchaseRow | undefined> {
  return db
    .selectFrom('purchases')
    .selectAll()
    .where('id', '=', purchaseId)
    .where('member_id', '=', memberId)
    .where('status', '=', 'COMPLETED')
    .executeTakeFirst();
}

/**
 * The member's purchases (every member's when `memberId` is undefined: the admin's list)
 * older than `before` (all when undefined), newest first, with the product's name and kind.
 */
export function purchasesPage(db: Executor, memberId: number | undefined, before: number | undefined, limit: number) {
  let q = db
    .selectFrom('purchases')
    .innerJoin('products', 'products.id', 'purchases.product_id')
    .selectAll('purchases')
    .select(['products.name as product_name', 'products.kind as product_kind']);
  if (memberId !== undefined) q = q.where('purchases.member_id', '=', memberId);
  if (before !== undefined) q = q.where('purchases.id', '<', before);
  return q.orderBy('purchases.id', 'desc').limit(limit).execute();
}

export async function markDelivered(trx: Executor, purchaseId: number, at: number): Promise<void> {
  await trx.updateTable('purchases').set({ delivered_at: at }).where('id', '=', purchaseId).execute();
}

/** Guarded by the status: the purchase turns REFUNDED at most once (undefined: it already was). */
export function markRefunded(trx: Executor, purchaseId: number, at: number): Promise<PurchaseRow | undefined> {
  return trx
    .updateTable('purchases')
    .set({ status: 'REFUNDED', refunded_at: at })
    .where('id', '=', purchaseId)
    .where('status', '=', 'COMPLETED')
    .returningAll()
    .executeTakeFirst();
}

export async function setRefundTransaction(trx: Executor, purchaseId: number, transactionId: number): Promise<void> {
  await trx.updateTable('purchases').set({ refund_transaction_id: transactionId }).where('id', '=', purchaseId).execute();
}

// ---------------------------------------------------------------- holdings

/**
 * One more held unit, only while the member holds fewer than `cap` (Infinity: no cap): one
 * guarded upsert under the row's lock. Undefined when the cap stopped it.
 */
export function holdOne(trx: Executor, memberId: number, productId: number, cap: number): Promise<{ owned: number } | undefined> {
  return trx
    .insertInto('product_holdings')
    .values({ member_id: memberId, product_id: productId, owned: 1 })
    .onConflict((oc) => {
      const upd = oc.columns(['member_id', 'product_id']).doUpdateSet({ owned: sql<number>`product_holdings.owned + 1` });
      return Number.isFinite(cap) ? upd.where(sql.ref('product_holdings.owned'), '<', cap) : upd;
    })
    .returning('owned')
    .executeTakeFirst();
}

export async function heldCount(trx: Executor, memberId: number, productId: number): Promise<number> {
  const row = await trx
    .selectFrom('product_holdings')
    .select('owned')
    .where('member_id', '=', memberId)
    .where('product_id', '=', productId)
    .executeTakeFirstOrThrow();
  return Number(row.owned);
}

/** A refund gives the held unit back (never below 0). */
export async function releaseOne(trx: Executor, memberId: number, productId: number): Promise<void> {
  await trx
    .updateTable('product_holdings')
    .set((eb) => ({ owned: eb('owned', '-', 1) }))
    .where('member_id', '=', memberId)
    .where('product_id', '=', productId)
    .where('owned', '>', 0)
    .execute();
}

export function findPurchase(db: Executor, purchaseId: number): Promise<PurchaseRow | undefined> {
  return db.selectFrom('purchases').selectAll().where('id', '=', purchaseId).executeTakeFirst();
}
