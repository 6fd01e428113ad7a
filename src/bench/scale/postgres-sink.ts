/**
 * The PostgreSQL side of the fixture's bulk load: COPY … FROM STDIN in text format
 * (pg-copy-streams) of text the generator's thread made (~4 MB a COPY). The COPYs go to
 * whichever of the loader's connections is free, so two server processes parse and insert
 * while the generator makes the next rows; `copy` waits only for a free connection.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FIXTURE_COLUMNS, type FixtureTable } from './fixture-generator.js';

const CHUNK = 65_536;

export interface PostgresCopier {
  copy(table: FixtureTable, text: Uint8Array): Promise<void>;
  /** Waits for every COPY sent; the first failure surfaces here (or at the next `copy`). */
  flush(): Promise<void>;
}

export function postgresCopier(clients: Array<pg.PoolClient | pg.Client>): PostgresCopier {
  const busy = new Map<pg.PoolClient | pg.Client, Promise<void>>();
  let failure: unknown = null;
  const run = (client: pg.PoolClient | pg.Client, table: FixtureTable, text: Uint8Array): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(`copy ${table} (${FIXTURE_COLUMNS[table].join(',')}) from stdin`));
      stream.on('error', reject);
      stream.on('finish', () => resolve());
      // Chunks of 64 KB: one huge write makes the socket layer copy it again and again.
      for (let i = 0; i < text.length; i += CHUNK) stream.write(text.subarray(i, i + CHUNK));
      stream.end();
    });
  const free = async (): Promise<pg.PoolClient | pg.Client> => {
    for (;;) {
      const idle = clients.find((c) => !busy.has(c));
      if (idle) return idle;
      await Promise.race(busy.values());
    }
  };
  return {
    async copy(table, text) {
      if (failure) throw failure;
      const client = await free();
      const done = run(client, table, text).then(
        () => void busy.delete(client),
        (err: unknown) => {
          failure ??= err;
          busy.delete(client);
        },
      );
      busy.set(client, done);
    },
    async flush() {
      await Promise.all(busy.values());
      if (failure) throw failure;
    },
  };
}
