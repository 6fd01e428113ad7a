/**
 * The PostgreSQL side of the fixture's bulk load: COPY … FROM STDIN in text format
 * (pg-copy-streams). Rows are gathered per table and sent in COPYs of about 8 MB (a COPY has
 * a fixed cost of a few round trips, large against a day's few hundred reward rows); a
 * COPY runs on the server while the generator makes the next rows: `write` waits only for
 * the COPY before it.
 */
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { FIXTURE_COLUMNS, type Cell, type FixtureSink, type FixtureTable } from './fixture-generator.js';

const BATCH_CHARS = 8 * 1024 * 1024;
const CHUNK = 65_536;

/** COPY's text format: backslash, tab, newline and carriage return escaped; null as \N. */
function field(value: Cell): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!) : value;
}

export interface PostgresSink extends FixtureSink {
  /** Sends what is gathered and waits for the last COPY. */
  flush(): Promise<void>;
}

export function postgresSink(client: pg.PoolClient | pg.Client): PostgresSink {
  let pending: Promise<void> = Promise.resolve();
  const gathered = new Map<FixtureTable, { lines: string[]; chars: number }>();
  const copy = (table: FixtureTable, lines: string[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(`copy ${table} (${FIXTURE_COLUMNS[table].join(',')}) from stdin`));
      stream.on('error', reject);
      stream.on('finish', () => resolve());
      const text = `${lines.join('\n')}\n`;
      // Chunks of 64 KB: one huge write makes the socket layer copy it again and again.
      for (let i = 0; i < text.length; i += CHUNK) stream.write(text.slice(i, i + CHUNK));
      stream.end();
    });
  const send = async (table: FixtureTable): Promise<void> => {
    const batch = gathered.get(table);
    if (!batch || batch.lines.length === 0) return;
    gathered.delete(table);
    await pending;
    pending = copy(table, batch.lines);
    // A failure surfaces at the next send or at flush, not as an unhandled rejection.
    pending.catch(() => {});
  };
  return {
    async write(table, rows) {
      let batch = gathered.get(table);
      if (!batch) gathered.set(table, (batch = { lines: [], chars: 0 }));
      for (const row of rows) {
        const line = row.map(field).join('\t');
        batch.lines.push(line);
        batch.chars += line.length + 1;
      }
      if (batch.chars >= BATCH_CHARS) await send(table);
    },
    async flush() {
      for (const table of [...gathered.keys()]) await send(table);
      await pending;
    },
  };
}
