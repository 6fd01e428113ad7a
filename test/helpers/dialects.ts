/**
 * Like Kysely's own tests: every storage test runs once per dialect. SQLite always;
 * PostgreSQL when the global setup found it (always under CI). Each storage gets its own
 * SQLite file or its own PostgreSQL schema, so test files run in parallel safely.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openStorage, type Dialect, type Storage } from '../../src/storage/connect.js';
import { migrateToLatest } from '../../src/storage/migrate.js';

export interface TestDialect {
  readonly name: Dialect;
  /** A new, empty storage location: a URL plus the options to open it. */
  newLocation(): TestLocation;
}

export interface TestLocation {
  readonly url: string;
  readonly schema?: string;
  open(): Promise<Storage>;
  /** Deletes the file or drops the schema. */
  destroy(): Promise<void>;
}

function sqliteLocation(): TestLocation {
  const dir = mkdtempSync(join(tmpdir(), 'besitos-test-'));
  const url = `sqlite:${join(dir, 'test.db')}`;
  return {
    url,
    open: () => openStorage(url),
    destroy: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresLocation(baseUrl: string): TestLocation {
  const schema = `bt_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
  return {
    url: baseUrl,
    schema,
    open: () => openStorage(baseUrl, { schema, poolSize: 20 }),
    destroy: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
  };
}

export function testDialects(): TestDialect[] {
  const list: TestDialect[] = [{ name: 'sqlite', newLocation: sqliteLocation }];
  const pgUrl = inject('pgUrl');
  if (pgUrl) list.push({ name: 'postgres', newLocation: () => postgresLocation(pgUrl) });
  return list;
}

/** A migrated storage plus a cleanup that closes it and removes its data. */
export async function migratedStorage(dialect: TestDialect): Promise<{ storage: Storage; location: TestLocation; cleanup(): Promise<void> }> {
  const location = dialect.newLocation();
  const storage = await location.open();
  try {
    await migrateToLatest(storage);
  } catch (err) {
    await storage.close();
    await location.destroy();
    throw err;
  }
  return {
    storage,
    location,
    cleanup: async () => {
      await storage.close();
      await location.destroy();
    },
  };
}
