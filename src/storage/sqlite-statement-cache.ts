/**
 * Kysely's SQLite driver calls `prepare(sql)` for every query. better-sqlite3 statements
 * are reusable, so this wrapper keeps one per SQL text: on the ledger's hot path that
 * removes a parse and plan per statement. Kysely runs one query at a time per connection,
 * so a cached statement is never used twice at once.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase } from 'kysely';

const MAX_CACHED = 2000;

export function cachedStatements(sqlite: SqliteDatabase.Database): KyselySqliteDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string) => {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        // DDL changes the schema; statements prepared before it re-prepare themselves in
        // SQLite, but keeping DDL out of the cache keeps the cache to the queries that repeat.
        if (cache.size < MAX_CACHED && !/^\s*(create|drop|alter|pragma)\b/i.test(sql)) cache.set(sql, stmt);
      }
      return stmt as unknown as ReturnType<KyselySqliteDatabase['prepare']>;
    },
  };
}
