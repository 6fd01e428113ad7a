import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export function settings(dialect: Dialect) {
  const { int64, identity } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      // Only values that differ from the defaults are stored; a missing key is its default.
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('settings_audit')
        .addColumn('id', int64, identity)
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('old_value', 'text')
        .addColumn('new_value', 'text', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('changed_at', int64, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('settings_audit_key_idx').on('settings_audit').columns(['key', 'id']).execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('settings_audit').execute();
      await db.schema.dropTable('settings').execute();
    },
  };
}
