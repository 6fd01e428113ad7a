import type { ColumnDefinitionBuilder } from 'kysely';
import type { Dialect } from '../connect.js';

/** Column types and builders that differ between the dialects, used by every migration. */
export function columnTypes(dialect: Dialect) {
  return {
    // SQLite: `integer primary key` is the rowid alias (no separate key index).
    int64: dialect === 'postgres' ? ('bigint' as const) : ('integer' as const),
    /**
     * A generated primary key. SQLite AUTOINCREMENT never reuses an id, so keyset cursors
     * and references stay valid forever; PostgreSQL's identity column does the same.
     */
    identity: (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
      dialect === 'postgres' ? c.primaryKey().generatedAlwaysAsIdentity() : c.primaryKey().autoIncrement(),
  };
}
