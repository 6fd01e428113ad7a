/**
 * What the pg client sends while `run` runs: the text of every query any pg Client of this
 * process sends (prepared ones by their text), in order. Tests that count round trips
 * filter out what is not theirs (a background LISTEN of the caches' freshness).
 *
 * A cache's NOTIFY reaches its listener whenever PostgreSQL and the socket deliver it: a
 * write made after the listener started can drop the cache during `run`, which then reloads
 * it inside the counted statements. Make what a cache holds before anything reads that cache
 * (its listener starts with the first read and never hears earlier notifications).
 */
import pg from 'pg';

export async function pgStatementsOf(run: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text: string };
    sent.push(typeof first === 'string' ? first : first.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}
