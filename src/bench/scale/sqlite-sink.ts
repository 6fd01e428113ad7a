/**
 * The SQLite side of the fixture's bulk load: multi-row INSERTs through prepared
 * statements (one statement text per table and batch size, reused), all inside the one
 * transaction the loader holds open. Transactions and reactions bind numbers only; their
 * text columns are made by the statement (fixture-encoding.ts).
 */
import type SqliteDatabase from 'better-sqlite3';
import { sqliteInsert, type FixtureText } from './fixture-encoding.js';
import { batchWidth, type Cell, type FixtureSink, type FixtureTable } from './fixture-generator.js';

/** Rows per INSERT: large enough that the per-statement cost vanishes, well under SQLite's 32,766 parameters. */
const ROWS_PER_STATEMENT = 256;

export function sqliteSink(sqlite: SqliteDatabase.Database, text: FixtureText): FixtureSink {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const statement = (table: FixtureTable, rows: number): SqliteDatabase.Statement => {
    const key = `${table}:${rows}`;
    let s = statements.get(key);
    if (!s) statements.set(key, (s = sqlite.prepare(sqliteInsert(table, rows, text))));
    return s;
  };
  const params: Cell[] = [];
  return {
    async write(table, { rows, cells }) {
      const width = batchWidth(table);
      const numeric = cells instanceof Float64Array;
      for (let from = 0; from < rows; from += ROWS_PER_STATEMENT) {
        const count = Math.min(ROWS_PER_STATEMENT, rows - from);
        const n = width * count;
        params.length = n;
        const base = from * width;
        for (let i = 0; i < n; i++) {
          const v = cells[base + i]!;
          params[i] = numeric && v !== v ? null : v; // NaN stands for null in numeric batches
        }
        statement(table, count).run(params);
      }
    },
  };
}
