/**
 * SQLite reads whose rows come as arrays of column values, through statements prepared once
 * on the raw handle: walks over a million rows (the boards' build)
 * cost 2–5× as much as Kysely's row objects. Each read holds `db`'s connection while it
 * runs, so no press's write transaction is open meanwhile (inside a read transaction `db`
 * is its connection).
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Executor } from './write-transaction.js';

/** Reads of one range: rows as arrays of column values. */
export interface RangeReads {
  all(query: string, params: readonly number[]): Promise<unknown[][]>;
}

export function sqliteReads(db: Executor, handle: SqliteDatabase.Database): RangeReads {
  const prepared = new Map<string, SqliteDatabase.Statement>();
  const statement = (query: string) => {
    let st = prepared.get(query);
    if (!st) {
      st = handle.prepare(query).raw(true);
      prepared.set(query, st);
    }
    return st;
  };
  return { all: (query, params) => db.connection().execute(async () => statement(query).all(...params) as unknown[][]) };
}
