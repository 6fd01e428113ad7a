/**
 * SQLite's one connection is handed out in arrival order, to one holder at a time
 * (storage/sqlite-fifo-dialect.ts), also when a holder fails, and a write transaction
 * still excludes every other use of the connection until it ends.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../../src/storage/connect.js';

describe('the SQLite connection queue', () => {
  it('serves 300 waiters in arrival order, one at a time, past failures', async () => {
    const storage = await openStorage('sqlite::memory:');
    try {
      let inside = 0;
      let most = 0;
      const served: number[] = [];
      const runs = Array.from({ length: 300 }, (_, i) =>
        storage.db.connection().execute(async (conn) => {
          inside++;
          most = Math.max(most, inside);
          served.push(i);
          await sql`select ${i} as i`.execute(conn);
          await new Promise((resolve) => setImmediate(resolve));
          inside--;
          if (i % 7 === 0) throw new Error(`holder ${i} fails`);
          return i;
        }),
      );
      const results = await Promise.allSettled(runs);
      expect(most).toBe(1);
      expect(served).toEqual(Array.from({ length: 300 }, (_, i) => i));
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(Math.ceil(300 / 7));
      // The queue is free again afterwards.
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(storage.db);
      expect(rows[0]!.one).toBe(1);
    } finally {
      await storage.close();
    }
  });

  it('lets no query in while a transaction holds the connection', async () => {
    const storage = await openStorage('sqlite::memory:');
    try {
      await sql`create table t (n integer)`.execute(storage.db);
      const order: string[] = [];
      const tx = storage.db.transaction().execute(async (trx) => {
        await sql`insert into t values (1)`.execute(trx);
        order.push('tx wrote');
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push('tx ends');
      });
      await new Promise((resolve) => setImmediate(resolve));
      const read = sql<{ n: number }>`select count(*) as n from t`.execute(storage.db).then((r) => {
        order.push(`read ${r.rows[0]!.n}`);
      });
      await Promise.all([tx, read]);
      expect(order).toEqual(['tx wrote', 'tx ends', 'read 1']);
    } finally {
      await storage.close();
    }
  });
});
