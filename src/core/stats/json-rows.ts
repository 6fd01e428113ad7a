/**
 * Many rows in one statement with one parameter: the rows travel as a JSON array of arrays
 * and the database unpacks them (SQLite `json_each`, PostgreSQL `jsonb_array_elements`).
 * The SQL text is the same whatever the number of rows, so SQLite's statement cache and
 * PostgreSQL's prepared statements hold one statement per upsert, not one per batch size.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../../storage/connect.js';

export type JsonColumnType = 'int' | 'text';

/** `select <c0>, <c1>, … from <rows>`: the columns in order, typed for PostgreSQL. */
export function jsonRows(dialect: Dialect, types: readonly JsonColumnType[], rows: ReadonlyArray<readonly unknown[]>): RawBuilder<unknown> {
  const json = JSON.stringify(rows);
  if (dialect === 'postgres') {
    const cols = types.map((t, i) => sql.raw(`(e.value->>${i})::${t === 'int' ? 'bigint' : 'text'}`));
    return sql`select ${sql.join(cols)} from jsonb_array_elements(${json}::jsonb) as e(value)`;
  }
  const cols = types.map((_, i) => sql.raw(`json_extract(e.value, '$[${i}]')`));
  // `where true`: SQLite would read an upsert's ON CONFLICT as a join's ON without it.
  return sql`select ${sql.join(cols)} from json_each(${json}) as e where true`;
}

/** The scalar smaller / larger of two values (SQLite `min`/`max`, PostgreSQL `least`/`greatest`). */
export function least(dialect: Dialect, a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`least(${a}, ${b})` : sql`min(${a}, ${b})`;
}
export function greatest(dialect: Dialect, a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<unknown> {
  return dialect === 'postgres' ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`;
}
