/**
 * Backup and restore of the embedded (SQLite) database, as an operator runs them
 * (`besitos backup <file>`, `besitos restore <file>`). PostgreSQL has its own tools
 * (`pg_dump -Fc`, `pg_restore --clean`): both are refused here with that said.
 *
 * A restore never leaves a half-made database: the backup is copied beside the target,
 * migrated to this version's schema and verified (SPEC §1 invariants) there; only a copy that
 * passes replaces the target, whose previous file is kept as `<name>.before-restore-<time>`.
 * It is refused while another process (the bot) has the target open.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { openStorage, parseDatabaseUrl, type Storage } from '../storage/connect.js';
import { appliedMigrationNames, unknownMigrations } from '../storage/migrate.js';
import { isSqliteFile, sqliteReadOnlyReason } from '../storage/sqlite-access.js';
import { backupSqlite, copySqlite, partialName, removeDatabaseFiles, replaceSqliteFile, SqliteFileInUse } from '../storage/sqlite-backup.js';
import { systemClock, type Clock } from './clock.js';
import { EconomyError } from './errors.js';
import { toIso } from './iso-time.js';
import { storedFormula } from './levels/formula-source.js';
import { readSummary } from './ledger/summary.js';
import { verifyLedger, type VerifyReport } from './ledger/verify.js';
import { readOnlyRefusal } from './read-only.js';
import { databaseTooNew, pendingMigrations, prepareSchema } from './schema-guard.js';

/** What a copy holds, read back from the copy itself. */
export interface BackupContents {
  members: number;
  transactions: number;
  /** Migrations applied to it: the schema version it carries. */
  migrations: number;
  /** The newest of them. */
  latestMigration: string | null;
}

export interface BackupReport extends BackupContents {
  database: string;
  /** Absolute path of the backup. */
  file: string;
  bytes: number;
}

export interface RestoreReport {
  database: string;
  /** Absolute path of the backup restored (or refused). */
  from: string;
  /** False when the backup failed verify: nothing was replaced (`verify` says why). */
  restored: boolean;
  /** Where the database's previous file was kept, or null when there was none (or nothing was replaced). */
  previous: string | null;
  /** Migrations applied to the backup to bring it to this version's schema. */
  migrated: string[];
  verify: VerifyReport;
  members: number;
  transactions: number;
}

export interface RestoreOptions {
  /** Names the file set aside (`.before-restore-<time>`). */
  clock?: Clock;
}

function notSqlite(database: string, what: string): EconomyError<'INVALID_INPUT'> {
  return new EconomyError(
    'INVALID_INPUT',
    `${what} works on the embedded SQLite database, not on ${database}: back PostgreSQL up with pg_dump -Fc and restore it with pg_restore --clean`,
    { field: 'database' },
  );
}

async function contents(storage: Storage): Promise<BackupContents> {
  const [summary, migrations] = await Promise.all([readSummary(storage.db), appliedMigrationNames(storage)]);
  return {
    members: summary.members,
    transactions: summary.transactions,
    migrations: migrations.length,
    latestMigration: migrations[migrations.length - 1] ?? null,
  };
}

/**
 * Copies the database open in `storage` to `file` with SQLite's online backup: consistent while
 * other processes write. An existing `file` is refused unless `overwrite`.
 */
export async function backupDatabase(storage: Storage, file: string, options: { overwrite?: boolean } = {}): Promise<BackupReport> {
  if (storage.dialect !== 'sqlite' || !storage.sqlite) throw notSqlite(storage.displayUrl, 'backup');
  const target = resolve(file);
  const source = parseDatabaseUrl(storage.displayUrl);
  if (source.dialect === 'sqlite' && source.file !== ':memory:' && resolve(source.file) === target) {
    throw new EconomyError('INVALID_INPUT', `${target} is the database itself: back it up to another file`, { field: 'file', value: file });
  }
  if (existsSync(target) && options.overwrite !== true) {
    throw new EconomyError('INVALID_INPUT', `${target} already exists: nothing was written (--force replaces it)`, { field: 'file', value: file });
  }
  const copy = await backupSqlite(storage.sqlite, target);
  const written = await openStorage(`sqlite:${copy.file}?mode=ro`);
  try {
    return { database: storage.displayUrl, file: copy.file, bytes: copy.bytes, ...(await contents(written)) };
  } finally {
    await written.close();
  }
}

/** `besitos.db.before-restore-2026-01-31T10-00-00.000Z`: sortable, and a legal file name everywhere. */
function asideName(target: string, clock: Clock): string {
  return `${target}.before-restore-${toIso(clock.now()).replace(/:/g, '-')}`;
}

/** Checks the backup at `from` before anything is copied: an SQLite file carrying besitos migrations, all known to this version. */
async function checkBackup(from: string): Promise<void> {
  if (!existsSync(from)) throw new EconomyError('INVALID_INPUT', `no file at ${from}`, { field: 'file', value: from });
  if (!isSqliteFile(from)) throw new EconomyError('INVALID_INPUT', `${from} is not an SQLite database`, { field: 'file', value: from });
  const backup = await openStorage(`sqlite:${from}?mode=ro`);
  try {
    if ((await appliedMigrationNames(backup)).length === 0) {
      throw new EconomyError('INVALID_INPUT', `${from} is not a besitos database (it carries no besitos migrations)`, { field: 'file', value: from });
    }
    const unknown = await unknownMigrations(backup);
    if (unknown.length > 0) throw databaseTooNew(backup, unknown);
  } finally {
    await backup.close();
  }
}

/** Copies, migrates and verifies the backup at `partial`; the report of what it holds. */
async function prepareRestore(from: string, partial: string): Promise<Omit<RestoreReport, 'database' | 'from' | 'restored' | 'previous'>> {
  const backup = await openStorage(`sqlite:${from}?mode=ro`);
  try {
    await copySqlite(backup.sqlite!, partial);
  } finally {
    await backup.close();
  }
  const copy = await openStorage(`sqlite:${partial}`);
  try {
    const migrated = await pendingMigrations(copy);
    await prepareSchema(copy);
    const verify = await verifyLedger(copy, storedFormula);
    const summary = await readSummary(copy.db);
    return { migrated, verify, members: summary.members, transactions: summary.transactions };
  } finally {
    await copy.close();
  }
}

/**
 * Replaces the SQLite database at `url` with the backup at `file`, once the backup proved to
 * be a besitos database of known migrations that passes verify after migrating. Refused
 * READ_ONLY for a read-only target, DATABASE_IN_USE while another process has it open.
 */
export async function restoreDatabase(url: string, file: string, options: RestoreOptions = {}): Promise<RestoreReport> {
  const parsed = parseDatabaseUrl(url);
  if (parsed.dialect !== 'sqlite') throw notSqlite(parsed.connectionString, 'restore');
  if (parsed.file === ':memory:') throw new EconomyError('INVALID_INPUT', 'an in-memory database cannot be restored into', { field: 'database' });
  const target = resolve(parsed.file);
  const from = resolve(file);
  const database = url;
  if (from === target) throw new EconomyError('INVALID_INPUT', `${from} is the database itself`, { field: 'file', value: file });
  const readOnly = sqliteReadOnlyReason(target, parsed.readOnly === true);
  if (readOnly !== undefined) throw readOnlyRefusal(database, readOnly);
  await checkBackup(from);

  mkdirSync(dirname(target), { recursive: true });
  const partial = partialName(target, 'restore');
  try {
    const prepared = await prepareRestore(from, partial);
    if (!prepared.verify.ok) return { database, from, restored: false, previous: null, ...prepared };
    const { previous } = replaceSqliteFile(target, partial, asideName(target, options.clock ?? systemClock));
    return { database, from, restored: true, previous, ...prepared };
  } catch (err) {
    if (err instanceof SqliteFileInUse) {
      throw new EconomyError(
        'DATABASE_IN_USE',
        `the database ${database} is open in another process (the bot, a command): stop it, then restore; nothing was changed`,
        { database },
      );
    }
    throw err;
  } finally {
    removeDatabaseFiles(partial);
  }
}
