import type { Dialect } from '../connect.js';

/** Column types that differ between the dialects, used by every migration. */
export function columnTypes(dialect: Dialect) {
  return {
    // SQLite: `integer primary key` is the rowid alias (no separate key index).
    int64: dialect === 'postgres' ? ('bigint' as const) : ('integer' as const),
  };
}
