import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export function transactions(dialect: Dialect) {
  const { int64, identity } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('transactions')
        .addColumn('id', int64, identity)
        .addColumn('member_id', int64, (c) => c.notNull().references('members.id'))
        .addColumn('amount', int64, (c) => c.notNull().check(sql`amount <> 0`))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(reason) <= 255`))
        .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('idempotency_key', 'text')
        .addColumn('balance_after', int64, (c) => c.notNull().check(sql`balance_after >= 0`))
        .addColumn('created_at', int64, (c) => c.notNull())
        .execute();
      await createMemberIndexes(db);
      // Analytics: movements by type over time (faucets against sinks).
      await db.schema
        .createIndex('transactions_type_time_idx')
        .on('transactions')
        .columns(['type', 'created_at'])
        .execute();
      // Idempotency: a key moves a member's besitos at most once.
      await createIdempotencyIndex(db, ['member_id', 'idempotency_key']);
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('transactions').execute();
    },
  };
}

/** The member-keyed indexes of 0002 (0018 replaces them with one; its down puts these back). */
export async function createMemberIndexes(db: Kysely<any>): Promise<void> {
  // History of one member, newest first (keyset on id).
  await db.schema.createIndex('transactions_member_idx').on('transactions').columns(['member_id', 'id']).execute();
  // History of one member filtered by type.
  await db.schema.createIndex('transactions_member_type_idx').on('transactions').columns(['member_id', 'type', 'id']).execute();
}

/** The unique idempotency index over (member, key) pairs, its columns in the given order (0018 puts the key first). */
export async function createIdempotencyIndex(db: Kysely<any>, columns: ['member_id', 'idempotency_key'] | ['idempotency_key', 'member_id']): Promise<void> {
  await db.schema
    .createIndex('transactions_idempotency_idx')
    .on('transactions')
    .columns(columns)
    .unique()
    .where(sql.ref('idempotency_key'), 'is not', null)
    .execute();
}
