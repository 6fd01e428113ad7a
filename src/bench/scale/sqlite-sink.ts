/**
 * The SQLite side of the fixture's bulk load: multi-row INSERTs through prepared
 * statements (one statement text per table and batch size, reused), all inside the one
 * transaction the loader holds open.
 */
import type SqliteDatabase from 'better-sqlite3';
import { FIXTURE_COLUMNS, type Cell, type FixtureSink, type FixtureTable } from './fixture-generator.js';

/** Rows per INSERT: large enough that the per-statement cost vanishes, well under SQLite's 32,766 parameters. */
const ROWS_PER_STATEMENT = 256;

export function sqliteSink(sqlite: SqliteDatabase.Database): FixtureSink {
  const statements = new Map<string, SqliteDatabase.Statement>();
  const statement = (table: FixtureTable, rows: number): SqliteDatabase.Statement => {
    const key = `${table}:${rows}`;
    let s = statements.get(key);
    if (!s) {
      const columns = FIXTURE_COLUMNS[table];
      const tuple = `(${columns.map(() => '?').join(',')})`;
      s = sqlite.prepare(`insert into ${table} (${columns.join(',')}) values ${Array.from({ length: rows }, () => tuple).join(',')}`);
      statements.set(key, s);
    }
    return s;
  };
  return {
    async write(table, rows) {
      const width = FIXTURE_COLUMNS[table].length;
      const params: Cell[] = new Array(width * ROWS_PER_STATEMENT);
      for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
        const count = Math.min(ROWS_PER_STATEMENT, rows.length - from);
        if (count < ROWS_PER_STATEMENT) params.length = width * count;
        for (let r = 0; r < count; r++) {
          const row = rows[from + r]!;
          for (let c = 0; c < width; c++) params[r * width + c] = row[c]!;
        }
        statement(table, count).run(params);
      }
    },
  };
}
