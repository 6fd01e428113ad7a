/**
 * Migrations (SPEC §11): one set for both dialects, each with up and down; up → down → up
 * keeps the data of the tables it never dropped; a failing migration leaves nothing
 * half-done; several processes opening one new SQLite file migrate it once.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { Ledger } from '../../src/core/ledger/ledger.js';
import { verifyLedger } from '../../src/core/ledger/verify.js';
import { createEngineContext } from '../../src/core/engine-context.js';
import { LeaderboardsService } from '../../src/core/leaderboards/leaderboards-service.js';
import { StatsService } from '../../src/core/stats/stats-service.js';
import { openStorage, type Storage } from '../../src/storage/connect.js';
import { migrateDown, migrateToLatest, migrateToNothing, migrationStatus } from '../../src/storage/migrate.js';
import { migrationsFor } from '../../src/storage/migrations/index.js';
import { LEDGER_INSERT_VACUUM_SHARE } from '../../src/storage/migrations/0019-ledger-insert-vacuum.js';
import { testDialects, type TestDialect } from '../helpers/dialects.js';
import { START, runWorkers } from '../helpers/ledger-fixtures.js';

/** The tables each known migration creates (migrations added later are checked by name only). */
const TABLES: Record<string, string[]> = {
  '0001-members-and-profiles': ['members', 'profiles'],
  '0002-transactions': ['transactions'],
  '0003-settings': ['settings', 'settings_audit'],
  '0004-earning': ['channels', 'posts', 'reactions', 'reaction_state', 'daily_state', 'role_changes', 'job_leases', 'job_runs'],
};

async function tableExists(db: Kysely<any>, table: string): Promise<boolean> {
  try {
    await sql`select count(*) as n from ${sql.table(table)}`.execute(db);
    return true;
  } catch {
    return false;
  }
}

async function existing(storage: Storage): Promise<string[]> {
  const out: string[] = [];
  for (const table of Object.values(TABLES).flat()) if (await tableExists(storage.db, table)) out.push(table);
  return out;
}

const tablesOf = (names: string[]) => names.flatMap((n) => TABLES[n] ?? []);
const executed = async (storage: Storage) => (await migrationStatus(storage)).filter((m) => m.executedAt !== null).map((m) => m.name);

/**
 * A new, empty database: a SQLite file, or on PostgreSQL a database of its own (not just a
 * schema). Kysely's Migrator introspects every schema of the database, and other test runs
 * create and drop schemas in the shared one all the time: a schema dropped during that query
 * fails it with `schema "bt_…" does not exist`. In a database of their own the migrations
 * under test see only what the test made. `open(schema?)` opens a Storage on it (default:
 * PostgreSQL's `public`, as in production).
 */
async function withEmptyDatabase(
  dialect: TestDialect,
  fn: (db: { url: string; open(schema?: string): Promise<Storage> }) => Promise<void>,
): Promise<void> {
  const opened: Storage[] = [];
  let url: string;
  let destroy: () => Promise<void>;
  if (dialect.name === 'sqlite') {
    const location = dialect.newLocation();
    url = location.url;
    destroy = () => location.destroy();
  } else {
    const base = inject('pgUrl')!;
    const name = `bt_db_${Math.floor(Date.now() / 1000)}_${randomBytes(4).toString('hex')}`;
    const admin = async (query: string) => {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      try {
        await client.query(query);
      } finally {
        await client.end();
      }
    };
    const u = new URL(base);
    u.pathname = `/${name}`;
    url = u.toString();
    await admin(`create database ${name}`);
    destroy = () => admin(`drop database if exists ${name} with (force)`);
  }
  try {
    await fn({
      url,
      open: async (schema) => {
        const storage = await openStorage(url, schema ? { schema, poolSize: 5 } : { poolSize: 5 });
        opened.push(storage);
        return storage;
      },
    });
  } finally {
    for (const storage of opened) await storage.close();
    await destroy();
  }
}

const withEmpty = (dialect: TestDialect, fn: (storage: Storage, url: string) => Promise<void>) =>
  withEmptyDatabase(dialect, async (db) => fn(await db.open(), db.url));

for (const dialect of testDialects()) {
  describe(dialect.name, () => {
    const names = Object.keys(migrationsFor(dialect.name)).sort();

    it('knows the migrations in order, each with an up and a down', () => {
      expect(names.slice(0, Object.keys(TABLES).length)).toEqual(Object.keys(TABLES));
      for (const m of Object.values(migrationsFor(dialect.name))) expect(typeof m.down).toBe('function');
    });

    it('latest → all executed → down one at a time to nothing → latest again', async () => {
      await withEmpty(dialect, async (storage) => {
        expect(await migrationStatus(storage)).toEqual(names.map((name) => ({ name, executedAt: null })));
        expect(await existing(storage)).toEqual([]);

        const up = await migrateToLatest(storage);
        expect(up.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(names.map((n) => [n, 'Up', 'Success']));
        const status = await migrationStatus(storage);
        expect(status.map((m) => m.name)).toEqual(names);
        for (const m of status) expect(new Date(m.executedAt!).toISOString()).toBe(m.executedAt);
        expect(await existing(storage)).toEqual(tablesOf(names));

        for (let left = names.length - 1; left >= 0; left -= 1) {
          const down = await migrateDown(storage);
          expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual([[names[left], 'Down', 'Success']]);
          expect(await executed(storage)).toEqual(names.slice(0, left));
          expect(await existing(storage)).toEqual(tablesOf(names.slice(0, left)));
        }
        expect((await migrateDown(storage)).results).toEqual([]);
        expect(await executed(storage)).toEqual([]);

        await migrateToLatest(storage);
        expect(await executed(storage)).toEqual(names);
        expect(await existing(storage)).toEqual(tablesOf(names));
        expect((await migrateToLatest(storage)).results).toEqual([]);

        await migrateToNothing(storage);
        expect([await executed(storage), await existing(storage)]).toEqual([[], []]);
        await migrateToLatest(storage);
        expect(await existing(storage)).toEqual(tablesOf(names));
      });
    });

    it('0008 adds the partial VIP expiry index to a database already past 0004, and takes it away', async () => {
      await withEmpty(dialect, async (storage) => {
        const hasIndex = async () => {
          const q =
            dialect.name === 'sqlite'
              ? sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'index' and name = 'members_vip_expiry_idx'`
              : sql<{ n: number }>`select count(*)::int as n from pg_indexes where schemaname = current_schema() and indexname = 'members_vip_expiry_idx'`;
          return Number((await q.execute(storage.db)).rows[0]?.n) === 1;
        };
        await migrateToLatest(storage);
        while ((await executed(storage)).at(-1) !== '0004-earning') await migrateDown(storage);
        expect(await hasIndex()).toBe(false);
        await migrateToLatest(storage);
        expect(await hasIndex()).toBe(true);
        while ((await executed(storage)).at(-1) !== '0007-bot') await migrateDown(storage);
        expect(await hasIndex()).toBe(false);
      });
    });

    it('0019 has PostgreSQL vacuum the ledger after 1 % of new rows, and takes it back; nothing on SQLite', async () => {
      await withEmpty(dialect, async (storage) => {
        const options = async () => {
          if (dialect.name === 'sqlite') return null;
          const r = await sql<{ o: string[] | null }>`select reloptions as o from pg_class where oid = 'transactions'::regclass`.execute(storage.db);
          return r.rows[0]?.o ?? [];
        };
        await migrateToLatest(storage);
        while ((await executed(storage)).at(-1) !== '0018-member-history-index') await migrateDown(storage);
        expect(await options()).toEqual(dialect.name === 'sqlite' ? null : []);
        await migrateToLatest(storage);
        expect(await options()).toEqual(dialect.name === 'sqlite' ? null : [`autovacuum_vacuum_insert_scale_factor=${LEDGER_INSERT_VACUUM_SHARE}`]);
      });
    });

    it('0020 empties the boards written in the old encoding, both ways; the next refresh builds them again', async () => {
      await withEmpty(dialect, async (storage) => {
        await migrateToLatest(storage);
        const engine = createEngineContext({ storage, clock: new ManualClock(START) });
        try {
          const boards = new LeaderboardsService(engine);
          const stats = new StatsService(engine);
          const db = storage.db as unknown as Kysely<any>;
          const blocks = async () => {
            let n = 0;
            for (const t of ['leaderboard_rank_blocks_0', 'leaderboard_rank_blocks_1', 'leaderboard_place_blocks_0', 'leaderboard_place_blocks_1']) {
              n += Number((await db.selectFrom(t).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
            }
            return n;
          };
          const built = async () => (await db.selectFrom('stats_state').select('name').where('name', '=', 'leaderboards').execute()).length;
          await boards.setOptIn(7, true);
          await new Ledger(engine).credit({ memberId: 7, amount: 5, type: 'EARN_REACTION' });
          await stats.refresh();
          expect((await boards.position('all', 7)).position).toBe(1);
          expect(await blocks()).toBeGreaterThan(0);
          await migrateDown(storage);
          expect([await blocks(), await built()]).toEqual([0, 0]);
          await migrateToLatest(storage);
          expect([await blocks(), await built()]).toEqual([0, 0]);
          await new StatsService(engine).refresh();
          expect(await boards.position('all', 7)).toMatchObject({ position: 1, score: 5 });
        } finally {
          await engine.settings.close();
        }
      });
    });

    it('0010 knows who wrote to the bot before it: members with a name from a private chat have a private chat', async () => {
      await withEmpty(dialect, async (storage) => {
        await migrateToLatest(storage);
        while ((await executed(storage)).at(-1) !== '0008-vip-expiry-index') await migrateDown(storage);
        const db = storage.db as unknown as Kysely<any>;
        await db
          .insertInto('members')
          .values([
            { id: 1, first_name: 'Ana', created_at: 10, updated_at: 20 }, // met in a private chat (member-touch)
            { id: 2, created_at: 10, updated_at: 30 }, // created by a channel press or a grant
          ])
          .execute();
        await migrateToLatest(storage);
        const rows = await db.selectFrom('members').select(['id', 'private_chat_at']).orderBy('id').execute();
        expect(rows.map((r) => [Number(r.id), r.private_chat_at === null ? null : Number(r.private_chat_at)])).toEqual([
          [1, 20],
          [2, null],
        ]);
        while ((await executed(storage)).at(-1) !== '0010-private-chats') await migrateDown(storage);
        await migrateDown(storage);
        expect((await executed(storage)).at(-1)).toBe(names[names.indexOf('0010-private-chats') - 1]);
      });
    });

    it('down and up again of the newest migration keeps the rows of the tables it did not drop', async () => {
      await withEmpty(dialect, async (storage) => {
        await migrateToLatest(storage);
        const engine = createEngineContext({ storage, clock: new ManualClock(START) });
        const ledger = new Ledger(engine);
        await ledger.credit({ memberId: 5, amount: 150, reason: 'kept', metadata: { a: 1 }, idempotencyKey: 'k' });
        await storage.db.insertInto('settings').values({ key: 'daily.base', value: '25', updated_at: START, updated_by: 'admin:1' }).execute();
        const snapshot = async () => ({
          members: await storage.db.selectFrom('members').selectAll().execute(),
          profiles: await storage.db.selectFrom('profiles').selectAll().execute(),
          transactions: await storage.db.selectFrom('transactions').selectAll().execute(),
          settings: await storage.db.selectFrom('settings').selectAll().execute(),
        });
        const before = await snapshot();
        expect([before.members.length, before.profiles.length, before.transactions.length, before.settings.length]).toEqual([1, 1, 1, 1]);

        const newest = names[names.length - 1]!;
        await migrateDown(storage);
        expect(await executed(storage)).toEqual(names.slice(0, -1));
        await migrateToLatest(storage);
        expect(await existing(storage)).toEqual(tablesOf(names));

        const after = await snapshot();
        for (const table of ['members', 'profiles', 'transactions', 'settings'] as const) {
          const dropped = (TABLES[newest] ?? []).includes(table);
          expect(after[table], table).toEqual(dropped ? [] : before[table]);
        }
        // The ledger carries on where it was: the key is still used, the next credit adds up.
        expect((await ledger.credit({ memberId: 5, amount: 150, idempotencyKey: 'k' })).replayed).toBe(true);
        expect((await ledger.credit({ memberId: 5, amount: 250 })).balances).toMatchObject({ balance: 400, level: 3 });
        expect((await verifyLedger(storage)).violations).toEqual([]);
        await engine.settings.close();
      });
    });

    it('a migration that fails leaves nothing half-done', async () => {
      await withEmpty(dialect, async (storage) => {
        // 0003 creates `settings`, then fails on `settings_audit`, which is already there.
        await sql`create table settings_audit (x integer)`.execute(storage.db);
        await expect(migrateToLatest(storage)).rejects.toThrow(/migration 0003-settings failed/);
        if (dialect.name === 'sqlite') {
          // Each migration is atomic (a savepoint); the ones before it stay applied.
          expect(await executed(storage)).toEqual(['0001-members-and-profiles', '0002-transactions']);
          expect(await existing(storage)).toEqual(['members', 'profiles', 'transactions', 'settings_audit']);
        } else {
          // The whole run is one transaction.
          expect(await executed(storage)).toEqual([]);
          expect(await existing(storage)).toEqual(['settings_audit']);
        }
        await sql`drop table settings_audit`.execute(storage.db);
        await migrateToLatest(storage);
        expect(await executed(storage)).toEqual(names);
        expect(await existing(storage)).toEqual(tablesOf(names));
      });
    });

    it.skipIf(dialect.name !== 'postgres')('a fresh schema (schema option) next to another migrated schema migrates', async () => {
      await withEmptyDatabase(dialect, async (db) => {
        await migrateToLatest(await db.open('one'));
        const storage = await db.open('two');
        await migrateToLatest(storage);
        expect(await executed(storage)).toEqual(names);
        expect(await existing(storage)).toEqual(tablesOf(names));
      });
    });

    it.skipIf(dialect.name !== 'postgres')('the default schema (no schema option) migrates while another schema holds Kysely’s tables', async () => {
      // As in production: DATABASE_URL without a schema option, so `public`; another schema
      // of the same database (another app, a test run, a second besitos) was migrated before.
      await withEmptyDatabase(dialect, async (db) => {
        await migrateToLatest(await db.open('other'));
        const storage = await db.open();
        expect(storage.schema).toBeUndefined();
        await migrateToLatest(storage);
        expect(await executed(storage)).toEqual(names);
        expect(await existing(storage)).toEqual(tablesOf(names));
      });
    });

    it.skipIf(dialect.name !== 'sqlite')('4 processes opening one new SQLite file migrate it exactly once', async () => {
      await withEmpty(dialect, async (storage, url) => {
        const counts = await runWorkers(Array.from({ length: 4 }, () => [url, 'migrate', '1', '1']));
        expect(counts.map((c) => c.moved).sort()).toEqual([0, 0, 0, names.length]);
        expect(await executed(storage)).toEqual(names);
        expect(await existing(storage)).toEqual(tablesOf(names));
      });
    }, 240_000);
  });
}
