import pg from 'pg';

const PgClient = pg.Client;

/**
 * PostgreSQL: one query's rows in batches of `size()` rows (asked before each fetch), through
 * a cursor in one read-only snapshot. For a walk over a whole table whose heap is not in key
 * order: after the rollups' updates `member_totals`' row versions lie all over its heap, and
 * reading it by key ranges cost ~25 µs a row in random page reads (1M: minutes); the cursor's
 * plan reads the table once in heap order and sorts in memory (`work_mem` raised for this
 * transaction only; no parallel workers, which would take the presses' cores). The first
 * fetch waits for that sort (~1–2 s at 1M): a long statement on the server, which holds no
 * lock a press needs.
 *
 * The cursor has a connection of its own, made with the pool's settings but outside it: the
 * refresh's pacer reads a client checked out of the pool as a press in flight, and with
 * the cursor's held for the whole walk it slept after every batch (a 1M read took 85 s
 * instead of ~7).
 */
export async function* pgCursorBatches(pool: pg.Pool, query: string, size: () => number): AsyncGenerator<unknown[][], void, void> {
  const client = new PgClient(pool.options);
  await client.connect();
  let open = false;
  try {
    await client.query('begin isolation level repeatable read read only');
    open = true;
    await client.query(`set local work_mem = '256MB'; set local max_parallel_workers_per_gather = 0; set local cursor_tuple_fraction = 1; set local jit = off`);
    await client.query(`declare batches no scroll cursor for ${query}`);
    for (;;) {
      const want = size();
      const result = await client.query({ text: `fetch ${Math.max(1, Math.floor(want))} from batches`, rowMode: 'array' });
      yield result.rows as unknown[][];
      if (result.rows.length < want) break;
    }
    await client.query('commit');
    open = false;
  } finally {
    if (open) await client.query('rollback').catch(() => {});
    await client.end();
  }
}
