/**
 * One migrated storage per test file and dialect, emptied before each test, with a fresh
 * SettingsStore per test. Migrating once per file rather than per test keeps PostgreSQL
 * runs short.
 * Stores are closed before their storage so no LISTEN connection outlives its test.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { SettingsStore, type SettingsStoreOptions } from '../../../src/core/settings/settings.js';
import type { Storage } from '../../../src/storage/connect.js';
import { migratedStorage, type TestDialect, type TestLocation } from '../../helpers/dialects.js';

export const START = Date.parse('2025-03-01T12:00:00Z');

export interface SettingsContext {
  storage: Storage;
  location: TestLocation;
  clock: ManualClock;
  store: SettingsStore;
  /** Another store (by default on the same Storage); closed after the test. */
  newStore(options?: Partial<SettingsStoreOptions>): SettingsStore;
  /** A second Storage on the same database (another connection or pool); closed after the test. */
  openAgain(): Promise<Storage>;
}

export function useSettingsStore(dialect: TestDialect): SettingsContext {
  const ctx = {} as SettingsContext;
  let cleanup: () => Promise<void> = async () => {};
  let stores: SettingsStore[] = [];
  let extraStorages: Storage[] = [];

  beforeAll(async () => {
    const migrated = await migratedStorage(dialect);
    cleanup = migrated.cleanup;
    ctx.storage = migrated.storage;
    ctx.location = migrated.location;
  });

  beforeEach(async () => {
    await ctx.storage.db.deleteFrom('settings_audit').execute();
    await ctx.storage.db.deleteFrom('settings').execute();
    stores = [];
    extraStorages = [];
    ctx.clock = new ManualClock(START);
    ctx.newStore = (options = {}) => {
      const store = new SettingsStore({ storage: ctx.storage, clock: ctx.clock, ...options });
      stores.push(store);
      return store;
    };
    ctx.openAgain = async () => {
      const storage = await ctx.location.open();
      extraStorages.push(storage);
      return storage;
    };
    ctx.store = ctx.newStore();
  });

  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await Promise.all(extraStorages.map((s) => s.close()));
  });

  afterAll(async () => {
    await cleanup();
  });

  return ctx;
}

export async function settingRowCount(storage: Storage): Promise<number> {
  const row = await storage.db.selectFrom('settings').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function auditRowCount(storage: Storage): Promise<number> {
  const row = await storage.db.selectFrom('settings_audit').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
