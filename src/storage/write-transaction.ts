/**
 * One write transaction, the same call on both dialects.
 *
 * SQLite: BEGIN IMMEDIATE takes the write lock up front, so a second process waits its
 * busy timeout instead of failing half-way (a deferred transaction that reads, then writes,
 * gets SQLITE_BUSY without waiting when another process wrote in between).
 * PostgreSQL: Kysely's transaction (READ COMMITTED); rules hold through guarded updates,
 * row locks and unique keys, not through the isolation level.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Storage } from './connect.js';

export type Executor = Kysely<Database>;

export async function writeTransaction<T>(storage: Storage, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (storage.dialect === 'postgres') return storage.db.transaction().execute(fn);
  return storage.db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
    await sql`commit`.execute(conn);
    return result;
  });
}

/** A read-only snapshot: every query inside sees one consistent state of the database. */
export async function snapshot<T>(storage: Storage, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (storage.dialect === 'postgres') {
    return storage.db.transaction().setIsolationLevel('repeatable read').execute(fn);
  }
  return storage.db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    try {
      return await fn(conn);
    } finally {
      await sql`commit`.execute(conn);
    }
  });
}

/** The unique-key violation of either driver, for idempotency replays. */
export function isUniqueViolation(err: unknown, index?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (!e) return false;
  if (e.code === '23505') return index === undefined || e.constraint === index;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  return false;
}

/**
 * A write the database refused because it is read-only: SQLite opened read-only (or its file
 * turned read-only under it), PostgreSQL in a read-only transaction or on a standby (25006).
 */
export function isReadOnlyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === '25006' || code.startsWith('SQLITE_READONLY'));
}
