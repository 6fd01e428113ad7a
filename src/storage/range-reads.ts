/**
 * Walks over a million rows (the boards' build) with rows as arrays of column values, on
 * either database: SQLite through statements prepared once (sqlite-range-reads.ts),
 * PostgreSQL through the pool with pg's array rows (no object a row). Queries are written
 * with `?` placeholders, numbered for PostgreSQL here.
 */
import type pg from 'pg';
import type { Storage } from './connect.js';
import { sqliteReads, type RangeReads } from './sqlite-range-reads.js';

export type { RangeReads } from './sqlite-range-reads.js';

export function rangeReads(storage: Storage): RangeReads {
  if (storage.sqlite) return sqliteReads(storage.db, storage.sqlite);
  if (!storage.pgPool) throw new Error('rangeReads needs the SQLite handle or the PostgreSQL pool');
  return pgReads(storage.pgPool);
}

function pgReads(pool: pg.Pool): RangeReads {
  const numbered = new Map<string, string>();
  return {
    all: async (query, params) => {
      let text = numbered.get(query);
      if (text === undefined) {
        let n = 0;
        text = query.replace(/\?/g, () => `$${++n}`);
        numbered.set(query, text);
      }
      const result = await pool.query({ text, values: [...params], rowMode: 'array' });
      return result.rows as unknown[][];
    },
  };
}
