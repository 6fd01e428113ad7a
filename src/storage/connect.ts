/**
 * Opens the storage named by a database URL: `sqlite:<file>` (embedded default, one file),
 * `sqlite::memory:`, or `postgres://…` / `postgresql://…`. Everything above this file sees
 * one `Kysely<Database>` and the dialect name; nothing else depends on the driver.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, type DatabaseIntrospector, type Driver } from 'kysely';
import { redactUrl } from '../log/redact.js';
import { CurrentSchemaIntrospector } from './current-schema-introspector.js';
import type { Database } from './database.js';
import { PreparingPool } from './preparing-pool.js';
import { ReadRetryingDriver } from './read-retrying-driver.js';

/** What PostgreSQL shows in `pg_stat_activity.application_name` unless the URL names one (`?application_name=`). */
export const APPLICATION_NAME = 'besitos';
import { cachedStatements } from './sqlite-statement-cache.js';
import { FifoSqliteDialect } from './sqlite-fifo-dialect.js';
import { openSqliteReadOnly, readOnlyAsked, sqliteReadOnlyReason, type ReadOnlyReason } from './sqlite-access.js';
import { SqliteCheckpointer, type CheckpointerOptions } from './sqlite-checkpointer.js';

export type { ReadOnlyReason } from './sqlite-access.js';

export type Dialect = 'sqlite' | 'postgres';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/besitos.db';

export interface Storage {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /** The URL with any password removed, safe to print. */
  readonly displayUrl: string;
  /** The PostgreSQL schema in use (tests isolate themselves in one), or undefined. */
  readonly schema?: string;
  /** The underlying pg pool, for LISTEN/NOTIFY and the raw bench baseline. */
  readonly pgPool?: pg.Pool;
  /** The underlying better-sqlite3 handle, for the raw bench baseline and pragmas. */
  readonly sqlite?: SqliteDatabase.Database;
  /** SQLite opened read-only, and why (sqlite-access.ts); every write fails with SQLITE_READONLY. */
  readonly readOnly?: ReadOnlyReason;
  /** A writable SQLite file's background WAL checkpoints (sqlite-checkpointer.ts). */
  readonly checkpointer?: SqliteCheckpointer;
  close(): Promise<void>;
}

export type SqliteSynchronous = 'off' | 'normal' | 'full' | 'extra';

export interface OpenOptions {
  /** PostgreSQL: the schema to use (created when missing); default `public`. */
  schema?: string;
  /** PostgreSQL: pool size; default 10. */
  poolSize?: number;
  /**
   * SQLite durability. Default `normal`: in WAL mode a crash of the process never loses or
   * corrupts a committed movement; only a power cut or OS crash can drop the last few
   * commits (the database stays consistent). `full` syncs every commit (about 3–4× slower).
   * Also settable in the URL: `sqlite:./data/besitos.db?synchronous=full`.
   */
  synchronous?: SqliteSynchronous;
  /** SQLite: how long a writer waits for another process's lock; default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * PostgreSQL: once the server was reached, how long an operation waits for a connection
   * while the server refuses them (a restart, a failover) before it is refused
   * `STORAGE_UNAVAILABLE`; default 5000 ms.
   */
  reconnectWindowMs?: number;
  /**
   * PostgreSQL: told once per connection that went away (terminated, the server restarting,
   * the network), for the operator's log. The process goes on: see connection-loss.ts.
   */
  onConnectionError?: (err: unknown) => void;
  /** SQLite: when the background checkpointer starts, and how often it checkpoints (tests). */
  checkpointer?: Omit<CheckpointerOptions, 'synchronous'>;
}

/**
 * SQLite's page cache per connection is 2 MB by default; at 1M members (a 3 GB file) the
 * credit's index pages keep falling out of it. The size is an upper bound that SQLite
 * grows into only as pages are read, so small databases (and the tests) pay nothing.
 */
const SQLITE_CACHE_KIB = 131072;
/**
 * A WAL that grew past this (a burst the checkpointer fell behind on) is cut back when it
 * restarts. Not lower: under steady writes the WAL settles at its high-water mark (~90 MB at
 * 10k credits/s on 1M members, where every commit's pages are new ones), and a limit below
 * that cut it back at every restart, so the file system allocated (and zeroed) the blocks
 * again as it regrew: with 32 MiB, 1M credits ran at 8,054–8,865/s; with 256 MiB at
 * 9,865–10,324/s (1,000 members: no change). DEVELOPERS.md, "The scale fixture".
 */
const SQLITE_WAL_LIMIT_BYTES = 256 * 1024 * 1024;

export type ParsedUrl =
  | { dialect: 'sqlite'; file: string; synchronous?: SqliteSynchronous; readOnly?: true }
  | { dialect: 'postgres'; connectionString: string; schema?: string };

export function parseDatabaseUrl(url: string): ParsedUrl {
  if (url.startsWith('sqlite:')) {
    let rest = url.slice('sqlite:'.length);
    if (rest.startsWith('//')) rest = rest.slice(2);
    const [file = '', query = ''] = rest.split('?', 2);
    if (file === '') throw new TypeError(`no file in database URL ${url}`);
    const params = new URLSearchParams(query);
    const sync = params.get('synchronous')?.toLowerCase();
    if (sync !== undefined && !['off', 'normal', 'full', 'extra'].includes(sync)) {
      throw new TypeError(`synchronous must be off, normal, full or extra, not ${sync}`);
    }
    return {
      dialect: 'sqlite',
      file,
      ...(sync ? { synchronous: sync as SqliteSynchronous } : {}),
      ...(readOnlyAsked(params) ? { readOnly: true as const } : {}),
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    // `?schema=NAME` selects a schema (search_path); pg itself does not know the parameter.
    const parsed = new URL(url);
    const schema = parsed.searchParams.get('schema');
    if (schema === null) return { dialect: 'postgres', connectionString: url };
    parsed.searchParams.delete('schema');
    return { dialect: 'postgres', connectionString: parsed.toString(), schema };
  }
  throw new TypeError(
    `unsupported database URL "${redactUrl(url)}": use sqlite:<file> or postgres://user@host/db`,
  );
}

export async function openStorage(url: string, options: OpenOptions = {}): Promise<Storage> {
  const parsed = parseDatabaseUrl(url);
  return parsed.dialect === 'sqlite'
    ? openSqlite(parsed.file, { ...options, synchronous: options.synchronous ?? parsed.synchronous }, url, parsed.readOnly === true)
    : openPostgres(parsed.connectionString, { ...options, schema: options.schema ?? parsed.schema });
}

function openSqlite(file: string, options: OpenOptions, url: string, readOnlyInUrl: boolean): Storage {
  // A file that cannot (or must not) be written is read as it is: no directory made, no WAL switch.
  const readOnly = sqliteReadOnlyReason(file, readOnlyInUrl);
  if (readOnly === undefined && file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const sqlite = readOnly === undefined ? new SqliteDatabase(file) : openSqliteReadOnly(file);
  if (readOnly === undefined) sqlite.pragma('journal_mode = WAL');
  const synchronous = (options.synchronous ?? 'normal').toUpperCase();
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
  sqlite.pragma('foreign_keys = ON');
  let checkpointer: SqliteCheckpointer | undefined;
  if (readOnly === undefined && file !== ':memory:') {
    sqlite.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    sqlite.pragma(`journal_size_limit = ${SQLITE_WAL_LIMIT_BYTES}`);
    checkpointer = new SqliteCheckpointer(sqlite, resolve(file), { ...options.checkpointer, synchronous });
  }
  const db = new Kysely<Database>({
    // Kysely prepares every query anew; the cache keeps one prepared statement per SQL text.
    dialect: new FifoSqliteDialect({ database: cachedStatements(sqlite) }, checkpointer ? () => checkpointer.afterUse() : undefined),
  });
  return {
    db,
    dialect: 'sqlite',
    displayUrl: url,
    sqlite,
    ...(readOnly ? { readOnly } : {}),
    ...(checkpointer ? { checkpointer } : {}),
    close: async () => {
      // The worker's connection goes first: the main one, closing last, then checkpoints the
      // whole WAL and removes it, and a restore finds nobody holding the file.
      await checkpointer?.stop();
      await db.destroy();
      // Kysely closes the handle only if it ever opened a connection; a storage used only
      // through `sqlite` (a backup) would keep the file open, and a restore would find it in use.
      if (sqlite.open) sqlite.close();
    },
  };
}

// int8 (count, sum of bigint → numeric, bigint columns) arrive as strings from pg; every
// value the ledger stores is a safe integer, so they are parsed to numbers here.
const INT8_OID = 20;
const NUMERIC_OID = 1700;
function getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID || oid === NUMERIC_OID) return (v: string) => Number(v);
  return pg.types.getTypeParser(oid, format as 'text');
}

class SchemaScopedPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new ReadRetryingDriver(super.createDriver());
  }

  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db);
  }
}

async function openPostgres(connectionString: string, options: OpenOptions): Promise<Storage> {
  const schema = options.schema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(`invalid schema name ${schema}`);
  }
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    types: { getTypeParser } as pg.CustomTypesConfig,
    // Operators (and the fault tests) find the process's sessions by this name.
    fallback_application_name: APPLICATION_NAME,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // A dead connection says so several times (the server's message, then the socket's end).
  const told = new WeakSet<pg.Client>();
  const lost = (client: pg.Client, err: unknown) => {
    if (told.has(client)) return;
    told.add(client);
    options.onConnectionError?.(err);
  };
  // An idle client lost its connection; the pool has already dropped it.
  pool.on('error', (err, client) => lost(client, err));
  pool.on('connect', (client) => {
    // A client that is checked out (between the statements of a transaction, or while its
    // last statement's error is being handled) emits 'error' when its backend goes away,
    // and pg-pool listens only to idle ones: unheard, the event would end the process. The
    // operation using the client gets the failure through its statement; the pool drops
    // the client when it is released (it is no longer queryable).
    client.on('error', (err) => lost(client, err));
  });
  if (schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  const db = new Kysely<Database>({
    dialect: new SchemaScopedPostgresDialect({ pool: new PreparingPool(pool, options.reconnectWindowMs) }),
  });
  return {
    db,
    dialect: 'postgres',
    displayUrl: redactUrl(connectionString),
    ...(schema ? { schema } : {}),
    pgPool: pool,
    close: () => db.destroy(),
  };
}
