/**
 * One write transaction, the same call on both dialects.
 *
 * SQLite: BEGIN IMMEDIATE takes the write lock up front, so a second process waits its
 * busy timeout instead of failing half-way (a deferred transaction that reads, then writes,
 * gets SQLITE_BUSY without waiting when another process wrote in between).
 * PostgreSQL: Kysely's transaction (READ COMMITTED); rules hold through guarded updates,
 * row locks and unique keys, not through the isolation level. A connection lost before the
 * COMMIT was sent rolls the transaction back, so it runs again on a fresh connection (the
 * callback only touches the database, so running it twice is running it once); a COMMIT
 * sent whose answer never came may have committed, so it runs again only when the caller
 * says its keys make a second run a replay (`repeatable`), else `ConnectionLostError`
 * (outcome `unknown`) says so. See connection-loss.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './database.js';
import type { Storage } from './connect.js';
import { ConnectionLostError, isConnectionLoss, withReconnects, type ReconnectOptions } from './connection-loss.js';

export type Executor = Kysely<Database>;

const ONCE: ReconnectOptions = { repeatable: false };

/**
 * `fn` must only use `trx` (no messages sent, no events, no counters kept outside): on
 * PostgreSQL it may run again after a lost connection.
 */
export async function writeTransaction<T>(storage: Storage, fn: (trx: Executor) => Promise<T>, options: ReconnectOptions = ONCE): Promise<T> {
  if (storage.dialect === 'postgres') return withReconnects(() => postgresTransactionOnce(storage, fn), options);
  return writeTransactionOnce(storage, fn);
}

/**
 * One try of a write transaction, for a caller that retries a larger piece of work itself
 * (the ledger: its fast statement, then this). On PostgreSQL a lost connection becomes a
 * `ConnectionLostError` whose outcome says whether the COMMIT had been sent.
 */
export async function writeTransactionOnce<T>(storage: Storage, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (storage.dialect === 'postgres') return postgresTransactionOnce(storage, fn);
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

async function postgresTransactionOnce<T>(storage: Storage, fn: (trx: Executor) => Promise<T>): Promise<T> {
  let commitSent = false;
  try {
    return await storage.db.transaction().execute(async (trx) => {
      const result = await fn(trx);
      commitSent = true; // Kysely sends COMMIT as soon as the callback returns
      return result;
    });
  } catch (err) {
    if (!isConnectionLoss(err) || err instanceof ConnectionLostError) throw err;
    throw new ConnectionLostError(commitSent ? 'unknown' : 'not-applied', err);
  }
}

/** A read-only snapshot: every query inside sees one consistent state of the database. */
export async function snapshot<T>(storage: Storage, fn: (trx: Executor) => Promise<T>): Promise<T> {
  if (storage.dialect === 'postgres') {
    // Reads only: safe to run again whatever became of the first try.
    return withReconnects(() => storage.db.transaction().setIsolationLevel('repeatable read').execute(fn), { repeatable: true });
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
