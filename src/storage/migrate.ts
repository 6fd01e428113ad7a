/**
 * Migrations for both dialects through Kysely's Migrator.
 */
import { DEFAULT_MIGRATION_TABLE, Migrator, NO_MIGRATIONS, sql, type MigrationResultSet, type Kysely } from 'kysely';
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

/** The names of every migration recorded as applied in the database, known to this version or not. */
export async function appliedMigrationNames(storage: Storage): Promise<string[]> {
  const exists =
    storage.dialect === 'sqlite'
      ? sql`select 1 from sqlite_master where type = 'table' and name = ${DEFAULT_MIGRATION_TABLE}`
      : sql`select 1 from information_schema.tables where table_schema = current_schema() and table_name = ${DEFAULT_MIGRATION_TABLE}`;
  if ((await exists.execute(storage.db)).rows.length === 0) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)} order by name`.execute(storage.db);
  return rows.rows.map((r) => r.name);
}

/**
 * Migrations applied to the database that this version does not ship: a newer besitos
 * migrated it. Kysely's Migrator refuses to run over them ("corrupted migrations"), and
 * its status list leaves them out; this names them.
 */
export async function unknownMigrations(storage: Storage): Promise<string[]> {
  const known = new Set(Object.keys(migrationsFor(storage.dialect)));
  return (await appliedMigrationNames(storage)).filter((name) => !known.has(name));
}
