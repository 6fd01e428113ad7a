/**
 * The fixtures' one list of tables (test/helpers/tables.ts) is the schema's: a migration
 * that adds a table without adding it there fails here, on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratedStorage, testDialects } from '../helpers/dialects.js';
import { TABLES_CHILDREN_FIRST } from '../helpers/tables.js';
import type { Storage } from '../../src/storage/connect.js';

for (const dialect of testDialects()) {
  describe(`the tables of the schema (${dialect.name})`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ storage, cleanup } = await migratedStorage(dialect));
    });
    afterAll(async () => cleanup());

    it('are exactly the ones the fixtures empty', async () => {
      const tables = (await storage.db.introspection.getTables())
        .map((t) => t.name)
        .filter((name) => !name.startsWith('kysely_migration'));
      expect([...tables].sort()).toEqual([...TABLES_CHILDREN_FIRST].sort());
    });
  });
}
