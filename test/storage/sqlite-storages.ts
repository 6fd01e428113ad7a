/**
 * For SQLite storage tests that open one file several times: a new location on first use,
 * and after each test every storage opened through `opened` closed and the location removed.
 */
import { afterEach } from 'vitest';
import { openStorage, type OpenOptions, type Storage } from '../../src/storage/connect.js';
import { testDialects, type TestLocation } from '../helpers/dialects.js';

const sqlite = testDialects().find((d) => d.name === 'sqlite')!;

export interface SqliteStorages {
  /** The test's location (made on first use). */
  location(): TestLocation;
  /** Opens `url` (default: the location's), closed after the test. */
  opened(url?: string, options?: OpenOptions): Promise<Storage>;
  /** A storage the test closed itself. */
  closed(storage: Storage): void;
}

export function sqliteStorages(): SqliteStorages {
  let location: TestLocation | undefined;
  const open: Storage[] = [];
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    await location?.destroy();
    location = undefined;
  });
  const located = () => (location ??= sqlite.newLocation());
  return {
    location: located,
    opened: async (url, options) => {
      const s = await openStorage(url ?? located().url, options);
      open.push(s);
      return s;
    },
    closed: (storage) => {
      const at = open.indexOf(storage);
      if (at >= 0) open.splice(at, 1);
    },
  };
}
