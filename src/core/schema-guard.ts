/**
 * The schema a database must have before the engine works on it: every migration applied is
 * one this version ships (else DATABASE_TOO_NEW, whatever the command), and every one it
 * ships is applied (migrated here, unless the database is read-only: READ_ONLY naming them).
 */
import type { Storage } from '../storage/connect.js';
import { migrateToLatest, migrationStatus, unknownMigrations } from '../storage/migrate.js';
import { EconomyError } from './errors.js';
import { readOnlyError } from './read-only.js';

export function databaseTooNew(storage: Storage, unknown: readonly string[]): EconomyError<'DATABASE_TOO_NEW'> {
  return new EconomyError(
    'DATABASE_TOO_NEW',
    `the database ${storage.displayUrl} is newer than this program: it carries migration(s) this version of besitos does not know (${unknown.join(', ')}). ` +
      'Run the besitos that migrated it (or a newer one), or restore a backup made with this version.',
    { database: storage.displayUrl, unknown: [...unknown] },
  );
}

/** Refuses a database migrated by a newer besitos. */
export async function requireKnownSchema(storage: Storage): Promise<void> {
  const unknown = await unknownMigrations(storage);
  if (unknown.length > 0) throw databaseTooNew(storage, unknown);
}

/** The migrations this version ships that the database has not applied. */
export async function pendingMigrations(storage: Storage): Promise<string[]> {
  return (await migrationStatus(storage)).filter((m) => m.executedAt === null).map((m) => m.name);
}

/** What opening an economy does to its schema: check it is known, then migrate it (or, read-only, check nothing is pending). */
export async function prepareSchema(storage: Storage): Promise<void> {
  await requireKnownSchema(storage);
  if (storage.readOnly === undefined) {
    await migrateToLatest(storage);
    return;
  }
  const pending = await pendingMigrations(storage);
  if (pending.length > 0) throw readOnlyError(storage, pending);
}
