/**
 * A fresh, migrated, seeded database for one side (engine or baseline) of a row: SQLite in a new temp
 * file (WAL, synchronous=NORMAL: the defaults of openStorage), PostgreSQL in a new schema
 * `bench_<random>`. Both sides of a row get the same members and the same funding.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { nextLevelCache, storedFormula } from '../core/levels/formula-source.js';
import { openStorage, type Storage } from '../storage/connect.js';
import { migrateToLatest } from '../storage/migrate.js';
import type { BenchBackend } from './bench-types.js';
import { FUNDING, memberIds } from './workload.js';

export interface BenchDatabase {
  readonly storage: Storage;
  /** PostgreSQL: the schema this run owns. */
  readonly schema?: string;
  readonly memberIds: readonly number[];
  readonly funding: number;
  /** Closes the storage and removes the file or drops the schema. */
  destroy(): Promise<void>;
}

export interface FreshDatabaseOptions {
  backend: BenchBackend;
  members: number;
  /** PostgreSQL pool size of the engine's storage. */
  poolSize: number;
  pgUrl?: string;
  sqliteDir?: string;
}

export async function freshDatabase(options: FreshDatabaseOptions): Promise<BenchDatabase> {
  const { storage, schema, remove } = await open(options);
  try {
    await migrateToLatest(storage);
    const ids = memberIds(options.members);
    await seed(storage, ids);
    // SQLite: the WAL checkpointer's worker from the start, for both sides of a row. It
    // starts on its own once the WAL has grown, when the engine releases its connection or a
    // timer runs; the raw driver's loop does neither, so its side kept SQLite's checkpoints
    // on its own thread and ran slower than the engine on the same SQL.
    await storage.checkpointer?.running();
    return {
      storage,
      ...(schema ? { schema } : {}),
      memberIds: ids,
      funding: FUNDING,
      destroy: async () => {
        await storage.close();
        await remove();
      },
    };
  } catch (err) {
    await storage.close().catch(() => {});
    await remove().catch(() => {});
    throw err;
  }
}

async function open(options: FreshDatabaseOptions): Promise<{ storage: Storage; schema?: string; remove(): Promise<void> }> {
  if (options.backend === 'sqlite') {
    const dir = mkdtempSync(join(options.sqliteDir ?? tmpdir(), 'besitos-bench-'));
    const storage = await openStorage(`sqlite:${join(dir, 'bench.db')}`, { synchronous: 'normal' });
    return { storage, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const pgUrl = options.pgUrl;
  if (!pgUrl) throw new TypeError('the postgres bench needs a PostgreSQL URL (pgUrl)');
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const storage = await openStorage(pgUrl, { schema, poolSize: options.poolSize });
  return { storage, schema, remove: () => dropSchema(pgUrl, schema) };
}

async function dropSchema(pgUrl: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Every member with one EARN_ADMIN credit of FUNDING, written as the ledger would have
 * written it (profile with level and next-level cache from the formula in force, and its
 * audit row), so the ledger's invariants hold. Bulk inserts: seeding is not measured.
 */
async function seed(storage: Storage, ids: readonly number[]): Promise<void> {
  const formula = await storedFormula(storage.db);
  const at = Date.now();
  const level = formula.level(FUNDING);
  const nextLevelAt = nextLevelCache(formula, FUNDING);
  const CHUNK = 500;
  await storage.db.transaction().execute(async (trx) => {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const chunk = ids.slice(i, i + CHUNK);
      await trx.insertInto('members').values(chunk.map((id) => ({ id, created_at: at, updated_at: at }))).execute();
      await trx
        .insertInto('profiles')
        .values(
          chunk.map((id) => ({
            member_id: id,
            balance: FUNDING,
            total_earned: FUNDING,
            total_spent: 0,
            level,
            next_level_at: nextLevelAt,
            created_at: at,
            updated_at: at,
          })),
        )
        .execute();
      await trx
        .insertInto('transactions')
        .values(
          chunk.map((id) => ({
            member_id: id,
            amount: FUNDING,
            type: 'EARN_ADMIN',
            reason: 'bench funding',
            metadata: '{}',
            idempotency_key: null,
            balance_after: FUNDING,
            created_at: at,
          })),
        )
        .execute();
    }
  });
}

/** What the run left in the database: for the self-check and for tests. */
export async function countLedger(storage: Storage): Promise<{ transactions: number; balance: number; totalEarned: number; totalSpent: number }> {
  const tx = await storage.db
    .selectFrom('transactions')
    .select((eb) => [eb.fn.countAll<number>().as('n')])
    .executeTakeFirstOrThrow();
  const sums = await storage.db
    .selectFrom('profiles')
    .select((eb) => [
      eb.fn.sum<number>('balance').as('balance'),
      eb.fn.sum<number>('total_earned').as('total_earned'),
      eb.fn.sum<number>('total_spent').as('total_spent'),
    ])
    .executeTakeFirstOrThrow();
  return {
    transactions: Number(tx.n),
    balance: Number(sums.balance),
    totalEarned: Number(sums.total_earned),
    totalSpent: Number(sums.total_spent),
  };
}
