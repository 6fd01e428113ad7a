/**
 * `openScaleFixture`: the database of N members that `besitos bench --scale N` measures,
 * built once and kept. SQLite: `<cacheDir>/scale-<N>.db`; PostgreSQL: the schema
 * `bench_scale_<N>`. A table `bench_fixture` written as the very last step says the build
 * finished and with which FIXTURE_VERSION: a fixture without it (an interrupted build) or of
 * another version is dropped and built again. A reused fixture is migrated to the latest
 * migration first, so tables added since (rollups, leaderboards) start empty on top of it.
 *
 * The build migrates an empty database, takes the loaded tables' indexes off, streams the
 * generator's rows in from its worker thread (SQLite: multi-row INSERTs in one transaction
 * without a journal; PostgreSQL: COPY on two connections, foreign-key triggers off for the
 * session), puts the indexes back (PostgreSQL: two at a time), fills
 * what follows from the rows (holdings, purchase counts, first-purchase facts, sequences)
 * and on PostgreSQL runs VACUUM ANALYZE, as autovacuum would after such a load.
 *
 * Bench runs write into the fixture through the engine (credits, presses), so it grows a
 * little with each run; every such write keeps the ledger's invariants.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { dayNumber } from '../../core/economy-day.js';
import { storedFormula } from '../../core/levels/formula-source.js';
import { openStorage, type Storage } from '../../storage/connect.js';
import { migrateToLatest } from '../../storage/migrate.js';
import type { BenchBackend } from '../bench-types.js';
import { inParallel, withoutIndexes, type RunSql } from './bulk-indexes.js';
import { fixtureText, type FixtureText } from './fixture-encoding.js';
import { FIXTURE_TABLES, type FixtureCounts, type FixtureReward } from './fixture-generator.js';
import { ACTIVE_DAYS, FIXTURE_CHANNEL, FIXTURE_PRODUCTS, FIXTURE_VERSION } from './fixture-shape.js';
import { generateInWorker, type FixtureConsumer } from './fixture-thread.js';
import { warmPostgresSchema, warmSqliteFile, type WarmReport } from './fixture-warm.js';
import { postgresCopier } from './postgres-sink.js';
import { sqliteSink } from './sqlite-sink.js';

export const DEFAULT_SCALE_DIR = '.cache/bench';
const MARKER = 'bench_fixture';

export interface FixtureInfo extends FixtureCounts {
  version: number;
  /** Economy day number (UTC) of the first day of history. */
  firstDay: number;
  builtAt: string;
  buildMs: number;
}

export interface ScaleFixtureOptions {
  backend: BenchBackend;
  members: number;
  pgUrl?: string;
  /** SQLite: where the fixture file is kept; default `.cache/bench` under the working directory. */
  cacheDir?: string;
  /** Build again even when a finished fixture of this size and version exists. */
  rebuild?: boolean;
  /** PostgreSQL: the schema to keep it in; default `bench_scale_<N>` (tests give their own). */
  schema?: string;
  /** PostgreSQL pool size of the returned storage. */
  poolSize?: number;
  /** Progress lines (build steps and their times). */
  log?: (line: string) => void;
}

export interface ScaleFixture {
  readonly storage: Storage;
  readonly info: FixtureInfo;
  /** True when this call built it (false: reused from the cache). */
  readonly built: boolean;
  /** Time this call took to make the fixture ready (build, or open and check). */
  readonly readyMs: number;
  /** The file or schema. */
  readonly location: string;
  close(): Promise<void>;
  /** Closes and deletes the file or drops the schema. */
  drop(): Promise<void>;
  /** Brings it into the OS page cache (fixture-warm.ts); the bench does this before measuring. */
  warm(): Promise<WarmReport>;
}

export function fixtureSchema(members: number): string {
  return `bench_scale_${members}`;
}

export async function openScaleFixture(options: ScaleFixtureOptions): Promise<ScaleFixture> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const place = options.backend === 'sqlite' ? sqlitePlace(options) : postgresPlace(options);
  if (!options.rebuild) {
    const storage = await place.open();
    const info = await readMarker(storage);
    if (info && info.version === FIXTURE_VERSION && info.members === options.members) {
      await migrateToLatest(storage);
      return fixture(storage, info, false, performance.now() - started, place);
    }
    await storage.close();
    if (info) log(`fixture at ${place.location} is version ${info.version} of ${info.members} members: rebuilding`);
  }
  await place.remove();
  const { info, storage } = await build(place, options.members, log);
  return fixture(storage, info, true, performance.now() - started, place);
}

interface Place {
  location: string;
  /** SQLite: the file. */
  file?: string;
  open(): Promise<Storage>;
  remove(): Promise<void>;
  warm(storage: Storage): Promise<WarmReport>;
}

function fixture(storage: Storage, info: FixtureInfo, built: boolean, readyMs: number, place: Place): ScaleFixture {
  return {
    storage,
    info,
    built,
    readyMs,
    location: place.location,
    close: () => storage.close(),
    drop: async () => {
      await storage.close();
      await place.remove();
    },
    warm: () => place.warm(storage),
  };
}

function sqlitePlace(options: ScaleFixtureOptions): Place {
  const dir = resolve(options.cacheDir ?? DEFAULT_SCALE_DIR);
  const file = join(dir, `scale-${options.members}.db`);
  return {
    location: file,
    file,
    open: async () => {
      mkdirSync(dir, { recursive: true });
      return openStorage(`sqlite:${file}`, { synchronous: 'normal' });
    },
    remove: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) if (existsSync(f)) rmSync(f);
    },
    warm: () => warmSqliteFile(file),
  };
}

function postgresPlace(options: ScaleFixtureOptions): Place {
  const url = options.pgUrl;
  if (!url) throw new TypeError('the postgres scale fixture needs a PostgreSQL URL (pgUrl)');
  const schema = options.schema ?? fixtureSchema(options.members);
  return {
    location: `${schema} (PostgreSQL schema)`,
    open: () => openStorage(url, { schema, poolSize: options.poolSize ?? 10 }),
    remove: async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    },
    warm: (storage) => warmPostgresSchema(storage, schema),
  };
}

async function readMarker(storage: Storage): Promise<FixtureInfo | undefined> {
  try {
    const { rows } = await sql<{ value: string }>`select value from ${sql.table(MARKER)} where name = 'fixture'`.execute(storage.db);
    return rows[0] ? (JSON.parse(rows[0].value) as FixtureInfo) : undefined;
  } catch {
    return undefined; // no marker table: not a finished fixture
  }
}

async function build(
  place: Place,
  members: number,
  log: (line: string) => void,
): Promise<{ info: FixtureInfo; storage: Storage }> {
  const holder = { storage: await place.open() };
  try {
    return await buildIn(holder, place, members, log);
  } catch (err) {
    await holder.storage.close().catch(() => {});
    throw err;
  }
}

async function buildIn(
  holder: { storage: Storage },
  place: Place,
  members: number,
  log: (line: string) => void,
): Promise<{ info: FixtureInfo; storage: Storage }> {
  let { storage } = holder;
  const { file } = place;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const step = (what: string, since: number) => log(`  ${what}: ${((performance.now() - since) / 1000).toFixed(1)} s`);
  log(`building the scale fixture: ${members.toLocaleString('en-US')} members on ${storage.dialect}…`);
  await migrateToLatest(storage);
  const db = storage.db;
  const formula = await storedFormula(db);
  const firstReactionReward = await seededFirstReactionReward(storage);
  const firstDay = dayNumber(Date.now(), 'UTC') - ACTIVE_DAYS;
  const at = firstDay * 86_400_000;
  await db.insertInto('channels').values({ id: FIXTURE_CHANNEL, kind: 'FREE', title: 'besitos scale fixture', created_at: at, updated_at: at }).execute();
  const set = await db
    .insertInto('content_sets')
    .values({ name: 'Fixture set', items: JSON.stringify([{ kind: 'photo', fileId: 'fixture-photo' }]), created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const p of FIXTURE_PRODUCTS) {
    const row = await db
      .insertInto('products')
      .values({
        name: p.name,
        description: '',
        kind: 'CONTENT',
        tier: 'FREE',
        content_set_id: Number(set.id),
        price: p.price,
        vip_effective_price: p.price,
        sort_order: p.id,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (Number(row.id) !== p.id) throw new Error(`fixture product ${p.name} got id ${row.id}, expected ${p.id} (the database was not empty)`);
  }

  // SQLite: the storage's connection cannot leave WAL mode; the load gets a connection of its own.
  if (storage.dialect === 'sqlite') await storage.close();
  const text = fixtureText(firstReactionReward, firstDay);
  const load = storage.dialect === 'sqlite' ? sqliteLoader(file!, text) : await postgresLoader(storage);
  let counts: FixtureCounts;
  try {
    const restore = await withoutIndexes(load.run, storage.dialect, FIXTURE_TABLES, load.runners);
    let t = performance.now();
    counts = await generateInWorker(
      { members, firstDay, reward: firstReactionReward, formula: formula.spec, mode: storage.dialect === 'sqlite' ? 'cells' : 'copy' },
      load.consumer,
    );
    await load.flush();
    step(`rows generated and loaded (${counts.transactions.toLocaleString('en-US')} movements)`, t);
    t = performance.now();
    await load.beforeIndexes();
    await restore();
    step('indexes built', t);
    t = performance.now();
    await load.run(`insert into product_holdings (member_id, product_id, owned)
      select member_id, product_id, count(*) from purchases where status = 'COMPLETED' group by member_id, product_id`);
    await load.run(`update products set purchase_count = (select count(*) from purchases p where p.product_id = products.id and p.status = 'COMPLETED')`);
    await load.run(`insert into reward_member_facts (member_id, first_purchase_at) select member_id, min(created_at) from purchases group by member_id`);
    await load.finish();
    step('holdings, counts, sequences' + (storage.dialect === 'postgres' ? ', vacuum analyze' : ''), t);
  } finally {
    await load.release();
  }
  if (storage.dialect === 'sqlite') holder.storage = storage = await place.open();
  const info: FixtureInfo = {
    ...counts,
    version: FIXTURE_VERSION,
    firstDay,
    builtAt: new Date().toISOString(),
    buildMs: Math.round(performance.now() - started),
  };
  await sql`create table ${sql.table(MARKER)} (name text primary key, value text not null)`.execute(storage.db);
  await sql`insert into ${sql.table(MARKER)} (name, value) values ('fixture', ${JSON.stringify(info)})`.execute(storage.db);
  // CPU of this process, both threads: the figure a busy machine does not inflate (the
  // PostgreSQL server's own work is not in it).
  const used = process.cpuUsage(cpu);
  log(`  built in ${(info.buildMs / 1000).toFixed(1)} s (this process: ${(used.user / 1e6).toFixed(1)} s user, ${(used.system / 1e6).toFixed(1)} s system CPU)`);
  return { info, storage };
}

async function seededFirstReactionReward(storage: Storage): Promise<FixtureReward | null> {
  const row = await storage.db
    .selectFrom('rewards as r')
    .innerJoin('reward_conditions as c', 'c.reward_id', 'r.id')
    .select(['r.id', 'r.name', 'r.value'])
    .where('r.kind', '=', 'BESITOS')
    .where('r.active', '=', 1)
    .where('r.deleted_at', 'is', null)
    .where('c.type', '=', 'FIRST_REACTION')
    .orderBy('r.id')
    .executeTakeFirst();
  return row && row.value ? { id: Number(row.id), name: row.name, value: Number(row.value) } : null;
}

interface Loader {
  run: RunSql;
  /** Connections that may run statements side by side (PostgreSQL: index builds, vacuums). */
  runners: RunSql[];
  consumer: FixtureConsumer;
  flush(): Promise<void>;
  /** Between the rows and the index builds. */
  beforeIndexes(): Promise<void>;
  /** After the rows: sequences, statistics, durability back on. */
  finish(): Promise<void>;
  release(): Promise<void>;
}

/**
 * A connection of its own, opened on the migrated file once the storage closed it: no
 * rollback journal and no WAL (the storage's connection cannot leave WAL mode, and a
 * multi-gigabyte transaction would be written twice through it), no fsync, an exclusive
 * lock, foreign keys unchecked (the generator writes them consistent; the tests check it),
 * a 1 GB page cache, one transaction. The storage reopens the file in WAL mode afterwards.
 * An interrupted build leaves no marker and is rebuilt.
 *
 * The index builds sort in parallel: SQLite's sorter hands runs to helper threads only
 * when a run fills its memory, which is the page cache's size (and unbounded with
 * temp_store = MEMORY: one run, sorted by one thread). So the cache goes down to 32 MB for
 * them, with 4 helper threads: at 1M members, transactions_member_idx took 10.7 s of CPU
 * and 14 s instead of 15.6 s and 25 s (measured on a busy machine).
 */
function sqliteLoader(file: string, text: FixtureText): Loader {
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('locking_mode = EXCLUSIVE');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma('cache_size = -1000000');
  sqlite.exec('begin');
  const run: RunSql = async (sql) => {
    const s = sqlite.prepare(sql);
    if (s.reader) return s.all() as Array<Record<string, string>>;
    s.run();
    return [];
  };
  const sink = sqliteSink(sqlite, text);
  return {
    run,
    runners: [run],
    consumer: { batch: (table, batch) => sink.write(table, batch) },
    flush: async () => {},
    beforeIndexes: async () => {
      sqlite.pragma('cache_size = -32000');
      sqlite.pragma('threads = 4');
    },
    finish: async () => {
      sqlite.exec('commit');
    },
    release: async () => {
      if (sqlite.inTransaction) sqlite.exec('rollback');
      sqlite.pragma('locking_mode = NORMAL');
      sqlite.pragma('journal_mode = WAL');
      sqlite.close();
    },
  };
}

/**
 * Two connections of their own (the server parses and inserts on one core per COPY):
 * foreign-key triggers off for the session (replica role), commits not waited for, room to
 * sort for the index builds, which run two at a time, as do the vacuums.
 */
async function postgresLoader(storage: Storage): Promise<Loader> {
  const clients = [await storage.pgPool!.connect(), await storage.pgPool!.connect()];
  for (const client of clients) {
    await client.query(`set session_replication_role = replica`);
    await client.query(`set synchronous_commit = off`);
    await client.query(`set maintenance_work_mem = '512MB'`);
  }
  const runners: RunSql[] = clients.map((client) => async (text) => (await client.query(text)).rows as Array<Record<string, string>>);
  const run = runners[0]!;
  const copier = postgresCopier(clients);
  return {
    run,
    runners,
    consumer: { copy: (table, text) => copier.copy(table, text) },
    flush: () => copier.flush(),
    beforeIndexes: async () => {},
    finish: async () => {
      for (const table of ['transactions', 'purchases', 'member_rewards']) {
        await run(`select setval(pg_get_serial_sequence('${table}', 'id'), coalesce((select max(id) from ${table}), 1), (select count(*) > 0 from ${table}))`);
      }
      // The two big tables first, one on each connection.
      const order = ['transactions', 'reactions', ...FIXTURE_TABLES.filter((t) => t !== 'transactions' && t !== 'reactions')];
      await inParallel(runners, order.map((table) => `vacuum analyze ${table}`));
    },
    release: async () => {
      for (const client of clients) {
        await client.query(`reset session_replication_role`).catch(() => {});
        client.release();
      }
    },
  };
}
