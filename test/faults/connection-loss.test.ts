/**
 * Issue 11, failure 1: a PostgreSQL connection that goes away (pg_terminate_backend, a
 * failover, a pooler recycling) must not end the process. The connection is cut idle,
 * between the statements of a transaction, between a COMMIT and its answer, and with the
 * server gone for a while; each time the process lives on, what was safe to run again ran
 * once, what was not is refused STORAGE_UNAVAILABLE, and the next operation is served.
 * PostgreSQL only: SQLite has no connection to lose.
 */
import { sql } from 'kysely';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EconomyError, openEconomy, type Economy } from '../../src/core/index.js';
import { openStorage, type Storage } from '../../src/storage/connect.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { writeTransaction } from '../../src/storage/write-transaction.js';
import { cuttingProxy, type CuttingProxy } from './cutting-proxy.js';
import {
  faultUrl,
  PG_URL,
  sessionCount,
  sessionName,
  sleep,
  terminateSessions,
  useFaultDatabase,
  watchUnhandledErrors,
} from './pg-faults.js';

describe.skipIf(!PG_URL)('a lost PostgreSQL connection (PostgreSQL only)', () => {
  const fx = useFaultDatabase();
  const { base, schema } = fx;
  let closers: Array<() => Promise<void>> = [];
  watchUnhandledErrors();

  beforeAll(async () => {
    const storage = await openStorage(faultUrl(base, schema));
    await migrateToLatest(storage);
    await storage.close();
  });
  afterEach(async () => {
    for (const close of closers.reverse()) await close();
    closers = [];
  });

  async function economyAt(url: string, reconnectWindowMs?: number): Promise<Economy> {
    const economy = await openEconomy(url, reconnectWindowMs === undefined ? {} : { storage: { reconnectWindowMs } });
    closers.push(() => economy.close());
    return economy;
  }
  async function storageAt(url: string): Promise<Storage> {
    const storage = await openStorage(url);
    closers.push(() => storage.close());
    return storage;
  }
  async function proxy(): Promise<CuttingProxy> {
    const p = await cuttingProxy(base);
    closers.push(() => p.close());
    return p;
  }
  const rowsOf = async (memberId: number) =>
    (await fx.admin.query<{ id: string; amount: string }>(`select id, amount from ${schema}.transactions where member_id = $1`, [memberId])).rows;

  it('names its sessions besitos, or what the URL says, so operators (and these tests) find them', async () => {
    const name = async (storage: Storage) => (await sql<{ name: string }>`select current_setting('application_name') as name`.execute(storage.db)).rows[0]!.name;
    expect(await name(await storageAt(faultUrl(base, schema)))).toBe('besitos');
    expect(await name(await storageAt(faultUrl(base, schema, 'besitos_worker_2')))).toBe('besitos_worker_2');
  });

  it('tells the operator once per connection lost', async () => {
    const app = sessionName('told');
    const told: unknown[] = [];
    const storage = await openStorage(faultUrl(base, schema, app), { onConnectionError: (err) => void told.push(err) });
    closers.push(() => storage.close());
    // Two connections at once, both left idle in the pool.
    await Promise.all([1, 2].map(() => sql`select pg_sleep(0.05)`.execute(storage.db)));
    expect(await terminateSessions(fx.admin, app)).toBe(2);
    await sleep(100);
    expect(told.map((err) => (err as { code?: string }).code)).toEqual(['57P01', '57P01']);
  });

  it('an idle pooled connection cut: the next operations are served on fresh connections', async () => {
    const app = sessionName('idle');
    const economy = await economyAt(faultUrl(base, schema, app));
    await economy.ledger.credit({ memberId: 101, amount: 5 });
    expect(await terminateSessions(fx.admin, app)).toBeGreaterThan(0);
    await sleep(100); // the pool hears of it while the connections sit idle
    expect((await economy.ledger.credit({ memberId: 101, amount: 5 })).balances.balance).toBe(10);
    expect(await economy.ledger.balance(101)).toBe(10);
    expect(await sessionCount(fx.admin, app)).toBeGreaterThan(0);
    expect((await economy.verify()).violations).toEqual([]);
  });

  it('a connection cut between the statements of a transaction: no crash, the transaction runs again on a fresh connection, once', async () => {
    const app = sessionName('trx');
    const storage = await storageAt(faultUrl(base, schema, app));
    let tries = 0;
    const result = await writeTransaction(storage, async (trx) => {
      tries++;
      await trx.insertInto('members').values({ id: 201, created_at: 1, updated_at: 1 }).execute();
      if (tries === 1) {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await fx.admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        await sleep(100); // the checked-out client hears of it between two statements
      }
      await trx.insertInto('members').values({ id: 202, created_at: 1, updated_at: 1 }).execute();
      return tries;
    });
    expect(result).toBe(2);
    const { rows } = await fx.admin.query(`select id from ${schema}.members where id in (201, 202) order by id`);
    expect(rows.map((r) => Number(r.id))).toEqual([201, 202]);
    // The next transaction on the same storage is served.
    expect(await writeTransaction(storage, async (trx) => (await trx.selectFrom('members').select('id').where('id', '=', 201).execute()).length)).toBe(1);
  });

  it('a COMMIT whose answer is lost: a keyed movement runs again and replays the first; an unkeyed one is refused, and did commit', async () => {
    const p = await proxy();
    const economy = await economyAt(faultUrl(p.url, schema, sessionName('commit')));
    // A credit to an id never seen takes the locked path: a transaction ending in COMMIT.
    p.loseNextCommitAnswer();
    const keyed = await economy.ledger.credit({ memberId: 301, amount: 7, idempotencyKey: 'update:301' });
    expect(p.commitAnswersLost).toBe(1);
    expect(keyed.replayed).toBe(true); // the first try had committed; its key found it
    expect(await rowsOf(301)).toEqual([{ id: String(keyed.transaction.id), amount: '7' }]);

    p.loseNextCommitAnswer();
    const refused = await economy.ledger.credit({ memberId: 302, amount: 7 }).catch((err: unknown) => err);
    expect(p.commitAnswersLost).toBe(2);
    expect(refused).toBeInstanceOf(EconomyError);
    expect(refused).toMatchObject({ code: 'STORAGE_UNAVAILABLE', details: { outcome: 'unknown', retryable: true } });
    // It had committed: running it again blindly would have paid twice.
    expect(await rowsOf(302)).toHaveLength(1);

    expect((await economy.ledger.credit({ memberId: 302, amount: 1 })).balances.balance).toBe(8);
    expect((await economy.verify()).violations).toEqual([]);
  });

  it('a server gone for a while: refused STORAGE_UNAVAILABLE (nothing applied) after the wait, served again once back, same process', async () => {
    const p = await proxy();
    const economy = await economyAt(faultUrl(p.url, schema, sessionName('down')), 300);
    await economy.ledger.credit({ memberId: 401, amount: 3, idempotencyKey: 'a' });
    p.goDown();
    for (const attempt of [
      () => economy.ledger.credit({ memberId: 401, amount: 3, idempotencyKey: 'b' }),
      () => economy.ledger.credit({ memberId: 401, amount: 3 }),
      () => economy.ledger.balance(401),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'STORAGE_UNAVAILABLE', details: { outcome: 'not-applied' } });
    }
    p.resume();
    expect((await economy.ledger.credit({ memberId: 401, amount: 3, idempotencyKey: 'b' })).balances.balance).toBe(6);
    expect(await rowsOf(401)).toHaveLength(2);
    expect((await economy.verify()).violations).toEqual([]);
  });
});
