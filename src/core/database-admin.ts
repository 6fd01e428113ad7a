/**
 * The economy's database as an operator manages it (`besitos migrate`, configuration checks):
 * whether a URL names a database besitos can open, and the schema's migrations applied,
 * reverted or listed. The engine owns its schema; adapters reach it only through here, never
 * through the storage layer.
 */
import type { MigrationResultSet } from 'kysely';
import { DEFAULT_DATABASE_URL, openStorage, parseDatabaseUrl, type Storage } from '../storage/connect.js';
import { migrateDown, migrateToLatest, migrationStatus, type MigrationStatus } from '../storage/migrate.js';

export { DEFAULT_DATABASE_URL, type MigrationStatus };

/** Throws a TypeError saying what is wrong when `url` is not `sqlite:<file>` or `postgres://…`. */
export function checkDatabaseUrl(url: string): void {
  parseDatabaseUrl(url);
}

/** The database at `url` for schema work only: nothing is migrated until asked. */
export interface DatabaseAdmin {
  /** Applies every pending migration; the names applied. */
  migrateToLatest(): Promise<string[]>;
  /** Reverts the last applied migration (its data is lost); the names reverted. */
  migrateDown(): Promise<string[]>;
  /** Every migration and when it was applied (null: pending). */
  migrations(): Promise<MigrationStatus[]>;
  close(): Promise<void>;
}

function applied(result: MigrationResultSet): string[] {
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export async function openDatabaseAdmin(url: string): Promise<DatabaseAdmin> {
  const storage: Storage = await openStorage(url);
  return {
    migrateToLatest: async () => applied(await migrateToLatest(storage)),
    migrateDown: async () => applied(await migrateDown(storage)),
    migrations: () => migrationStatus(storage),
    close: () => storage.close(),
  };
}
