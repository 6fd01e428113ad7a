/**
 * Issue 11, failure 1, the restart: PostgreSQL restarted (or stopped a while) under a
 * running engine. On a server this test starts itself (private-postgres.ts), never the
 * shared one. The engine waits for the server while it refuses connections, resumes
 * on its own once it is back, loses and doubles nothing; a server gone longer than the
 * wait gets STORAGE_UNAVAILABLE (nothing applied), not a dead process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EconomyError, openEconomy } from '../../src/core/index.js';
import { sleep, watchUnhandledErrors } from './pg-faults.js';
import { privatePostgresMissing, startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';

const missing = privatePostgresMissing();

describe('PostgreSQL restarted under a running engine (a server of the test’s own)', () => {
  if (missing) {
    it.skip(`skipped: no private PostgreSQL can be started here (${missing})`, () => {});
    return;
  }
  let server: PrivatePostgres;
  watchUnhandledErrors();

  beforeAll(async () => {
    server = await startPrivatePostgres();
  });
  afterAll(async () => {
    await server?.destroy();
  });

  it('a restart mid-load: the engine waits for the server and goes on; every keyed movement once, verify clean', async () => {
    // Long enough for a restart on a busy machine; the load retries a refusal as a client would anyway.
    const economy = await openEconomy(`${server.url}?application_name=besitos_restart`, { storage: { reconnectWindowMs: 20_000 } });
    try {
      const acks = new Map<string, { memberId: number; amount: number; id: number }>();
      const unexpected: unknown[] = [];
      let unavailable = 0;
      let stop = false;
      const worker = async (w: number) => {
        for (let i = 0; i < 500 && !stop; i++) {
          const key = `w${w}:${i}`;
          const memberId = 1 + ((w * 7 + i) % 10);
          for (let attempt = 1; attempt <= 5; attempt++) {
            try {
              const r = await economy.ledger.credit({ memberId, amount: 2, idempotencyKey: key });
              acks.set(key, { memberId, amount: 2, id: r.transaction.id });
              break;
            } catch (err) {
              if (!(err instanceof EconomyError && err.code === 'STORAGE_UNAVAILABLE') || attempt === 5) {
                unexpected.push(err);
                break;
              }
              unavailable++;
              await sleep(200);
            }
          }
        }
      };
      const progress = async (count: number) => {
        for (let polls = 0; acks.size < count && polls < 500; polls++) await sleep(20);
      };
      const workers = [0, 1, 2, 3].map(worker);
      try {
        await progress(30);
        const before = acks.size;
        await server.restart();
        await progress(before + 30);
        expect(acks.size).toBeGreaterThanOrEqual(before + 30); // it went on after the restart
      } finally {
        stop = true;
        await Promise.all(workers);
      }
      expect(unexpected.map(String)).toEqual([]);
      expect(unavailable).toBe(0); // the wait bridged the restart: nobody was refused

      const history = new Map<string, { memberId: number; amount: number; id: number }[]>();
      for (let memberId = 1; memberId <= 10; memberId++) {
        let cursor: string | undefined;
        do {
          const page = await economy.history(memberId, { limit: 100, ...(cursor ? { cursor } : {}) });
          for (const t of page.items) {
            const key = t.idempotencyKey!;
            history.set(key, [...(history.get(key) ?? []), { memberId, amount: t.amount, id: t.id }]);
          }
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      }
      expect([...acks].filter(([key, ack]) => JSON.stringify(history.get(key)) !== JSON.stringify([ack]))).toEqual([]);
      expect([...history.keys()].filter((key) => !acks.has(key))).toEqual([]);
      expect((await economy.verify()).violations).toEqual([]);
    } finally {
      await economy.close();
    }
  });

  it('a server stopped longer than the wait: STORAGE_UNAVAILABLE, nothing applied; served again once started, same process', async () => {
    const economy = await openEconomy(`${server.url}?application_name=besitos_stopped`, { storage: { reconnectWindowMs: 500 } });
    try {
      await economy.ledger.credit({ memberId: 50, amount: 5, idempotencyKey: 'before' });
      await server.stop();
      for (const attempt of [
        () => economy.ledger.credit({ memberId: 50, amount: 5, idempotencyKey: 'during' }),
        () => economy.ledger.credit({ memberId: 50, amount: 5 }),
        () => economy.ledger.balance(50),
      ]) {
        expect(await attempt().catch((err: unknown) => err)).toMatchObject({ code: 'STORAGE_UNAVAILABLE', details: { outcome: 'not-applied', retryable: true } });
      }
      await server.start();
      expect((await economy.ledger.credit({ memberId: 50, amount: 5, idempotencyKey: 'during' })).balances.balance).toBe(10);
      expect((await economy.verify()).violations).toEqual([]);
    } finally {
      await economy.close();
    }
  });
});
