/**
 * The economy's database as an operator manages it (`besitos migrate`, configuration checks):
 * whether a URL names a database besitos can open, and the schema's migrations applied,
 * reverted or listed. The engine owns its schema; adapters reach it only through here, never
 * through the storage layer.
 */
import type { MigrationResultSet } from 'kysely';
import { DEFAULT_DATABASE_URL, openStorage, parseDatabaseUrl, type Storage } from '../storage/connect.js';
import { migrateDown, migrateToLatest, migrationStatus, unknownMigrations, type MigrationStatus } from '../storage/migrate.js';
import { backupDatabase, type BackupReport } from './backup.js';
import { readOnlyError } from './read-only.js';
import { pendingMigrations, requireKnownSchema } from './schema-guard.js';

export { DEFAULT_DATABASE_URL, type MigrationStatus };
export { restoreDatabase, type BackupContents, type BackupReport, type RestoreOptions, type RestoreReport } from './backup.js';

/** Throws a TypeError saying what is wrong when `url` is not `sqlite:<file>` or `postgres://…`. */
export function checkDatabaseUrl(url: string): void {
  parseDatabaseUrl(url);
}

/** Which database a (checked) URL names: the embedded SQLite file or PostgreSQL. */
export function databaseDialect(url: string): 'sqlite' | 'postgres' {
  return parseDatabaseUrl(url).dialect;
}

/** The database at `url` for schema work only: nothing is migrated until asked. */
export interface DatabaseAdmin {
  /** Applies every pending migration; the names applied. */
  migrateToLatest(): Promise<string[]>;
  /** Reverts the last applied migration (its data is lost); the names reverted. */
  migrateDown(): Promise<string[]>;
  /** Every migration and when it was applied (null: pending). */
  migrations(): Promise<MigrationStatus[]>;
  /** Migrations applied to the database that this version does not ship (a newer besitos migrated it). */
  unknownMigrations(): Promise<string[]>;
  /** Refuses (DATABASE_TOO_NEW, naming them) a database that carries unknown migrations. */
  requireKnownSchema(): Promise<void>;
  /** SQLite only: a consistent copy to `file` (online backup); an existing file only with `overwrite`. */
  backup(file: string, options?: { overwrite?: boolean }): Promise<BackupReport>;
  close(): Promise<void>;
}

function applied(result: MigrationResultSet): string[] {
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function openDatabaseAdmin(url: string): Promise<DatabaseAdmin> {
  const storage: Storage = await openStorage(url);
  // Migrating is refused over migrations this version does not know (DATABASE_TOO_NEW) and,
  // when there is something to do, on a read-only database (READ_ONLY).
  return {
    migrateToLatest: async () => {
      await requireKnownSchema(storage);
      if (storage.readOnly === undefined) return applied(await migrateToLatest(storage));
      const pending = await pendingMigrations(storage);
      if (pending.length > 0) throw readOnlyError(storage, pending);
      return [];
    },
    migrateDown: async () => {
      await requireKnownSchema(storage);
      if (storage.readOnly !== undefined) throw readOnlyError(storage);
      return applied(await migrateDown(storage));
    },
    migrations: () => migrationStatus(storage),
    unknownMigrations: () => unknownMigrations(storage),
    requireKnownSchema: () => requireKnownSchema(storage),
    backup: (file, options) => backupDatabase(storage, file, options),
    close: () => storage.close(),
  };
}
