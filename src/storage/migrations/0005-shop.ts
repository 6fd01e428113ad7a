/**
 * The shop (SPEC §5): content sets, products, purchases and per-member holdings. The rules
 * live in the schema where they can: price and stock ranges as CHECKs (stock never below 0,
 * whatever a guarded update gets wrong), one purchase per (member, confirmation key), one
 * holdings row per (member, product).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export function shop(dialect: Dialect) {
  const { int64, identity } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('content_sets')
        .addColumn('id', int64, identity)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('created_at', int64, (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('products')
        .addColumn('id', int64, identity)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('CONTENT', 'VIP_DAYS')`))
        .addColumn('content_set_id', int64, (c) => c.references('content_sets.id'))
        .addColumn('vip_days', 'integer')
        .addColumn('price', int64, (c) => c.notNull().check(sql`price >= 0 and price <= 1000000000`))
        .addColumn('vip_price', int64, (c) => c.check(sql`vip_price >= 0 and vip_price <= 1000000000`))
        .addColumn('vip_discount_pct', 'integer', (c) => c.check(sql`vip_discount_pct >= 0 and vip_discount_pct <= 100`))
        .addColumn('vip_effective_price', int64, (c) => c.notNull().check(sql`vip_effective_price >= 0`))
        .addColumn('tier', 'text', (c) => c.notNull().defaultTo('FREE').check(sql`tier in ('FREE', 'VIP')`))
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('stock', 'integer', (c) => c.check(sql`stock >= 0`))
        .addColumn('per_member_limit', 'integer', (c) => c.check(sql`per_member_limit >= 1`))
        .addColumn('purchase_count', 'integer', (c) => c.notNull().defaultTo(0).check(sql`purchase_count >= 0`))
        .addColumn('created_at', int64, (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .addCheckConstraint(
          'products_kind_fields',
          sql`(kind = 'CONTENT' and content_set_id is not null and vip_days is null)
           or (kind = 'VIP_DAYS' and vip_days is not null and vip_days >= 1 and content_set_id is null)`,
        )
        .execute();

      await db.schema
        .createTable('purchases')
        .addColumn('id', int64, identity)
        .addColumn('member_id', int64, (c) => c.notNull().references('members.id'))
        .addColumn('product_id', int64, (c) => c.notNull().references('products.id'))
        .addColumn('confirmation_key', 'text', (c) => c.notNull())
        .addColumn('price', int64, (c) => c.notNull().check(sql`price >= 0`))
        .addColumn('transaction_id', int64, (c) => c.references('transactions.id'))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('COMPLETED').check(sql`status in ('COMPLETED', 'REFUNDED')`))
        .addColumn('refund_transaction_id', int64, (c) => c.references('transactions.id'))
        .addColumn('delivered_at', int64)
        .addColumn('refunded_at', int64)
        .addColumn('created_at', int64, (c) => c.notNull())
        .execute();
      // A confirmation pressed twice buys once: the second insert fails, the first purchase answers.
      await db.schema
        .createIndex('purchases_member_key_idx')
        .on('purchases')
        .columns(['member_id', 'confirmation_key'])
        .unique()
        .execute();
      // "My purchases", newest first, by keyset on id.
      await db.schema.createIndex('purchases_member_id_idx').on('purchases').columns(['member_id', 'id']).execute();

      await db.schema
        .createTable('product_holdings')
        .addColumn('member_id', int64, (c) => c.notNull().references('members.id'))
        .addColumn('product_id', int64, (c) => c.notNull().references('products.id'))
        .addColumn('owned', 'integer', (c) => c.notNull().defaultTo(0).check(sql`owned >= 0`))
        .addPrimaryKeyConstraint('product_holdings_pk', ['member_id', 'product_id'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const table of ['product_holdings', 'purchases', 'products', 'content_sets']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
