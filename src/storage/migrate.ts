/**
 * Migrations for both dialects through Kysely's Migrator.
 */
import { Migrator, NO_MIGRATIONS, sql, type MigrationResultSet, type Kysely } from 'kysely';
import type { Storage } from './connect.js';
import { migrationsFor } from './migrations/index.js';

export interface MigrationStatus {
  name: string;
  executedAt: string | null;
}

async function migrator(db: Kysely<any>, storage: Storage): Promise<Migrator> {
  // Pin Kysely's migration tables to the schema in use (connect.ts scopes the
  // introspector to it too), so another schema's tables never count as ours.
  const schema =
    storage.dialect === 'postgres'
      ? (storage.schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s)
      : undefined;
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrationsFor(storage.dialect) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * On SQLite the whole run holds the write lock (BEGIN IMMEDIATE) so that several processes
 * opening one new file at once migrate it exactly once; the others wait (busy timeout),
 * then find nothing to do. PostgreSQL gets the same from Kysely's advisory lock.
 */
async function run(storage: Storage, step: (m: Migrator) => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  if (storage.dialect !== 'sqlite') return check(await step(await migrator(storage.db, storage)));
  return storage.db.connection().execute(async (conn: Kysely<any>) => {
    await sql`begin immediate`.execute(conn);
    let result: MigrationResultSet;
    try {
      result = await step(await migrator(conn, storage));
    } catch (err) {
      await sql`rollback`.execute(conn);
      throw err;
    }
    // Commit what succeeded: a failed migration was already undone by its savepoint.
    await sql`commit`.execute(conn);
    return check(result);
  });
}

function check(result: MigrationResultSet): MigrationResultSet {
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    const err = new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String((result.error as Error)?.message ?? result.error)}`);
    (err as Error & { cause?: unknown }).cause = result.error;
    throw err;
  }
  return result;
}

export function migrateToLatest(storage: Storage): Promise<MigrationResultSet> {
  return run(storage, (m) => m.migrateToLatest());
}

export function migrateDown(storage: Storage): Promise<MigrationResultSet> {
  return run(storage, (m) => m.migrateDown());
}

export function migrateToNothing(storage: Storage): Promise<MigrationResultSet> {
  return run(storage, (m) => m.migrateTo(NO_MIGRATIONS));
}

export async function migrationStatus(storage: Storage): Promise<MigrationStatus[]> {
  const list = await (await migrator(storage.db, storage)).getMigrations();
  return list.map((m) => ({ name: m.name, executedAt: m.executedAt ? m.executedAt.toISOString() : null }));
}

/** Opens nothing, migrates nothing: true when every known migration has run. */
export async function isUpToDate(storage: Storage): Promise<boolean> {
  return (await migrationStatus(storage)).every((m) => m.executedAt !== null);
}
