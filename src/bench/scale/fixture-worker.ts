/**
 * The generator's thread (worker_threads): runs generateFixture and posts its batches to
 * the loading thread, which only writes them. PostgreSQL (`copy`): COPY text, gathered per
 * table into ~4 MB and encoded to UTF-8 here, the buffer moved, not copied. SQLite
 * (`cells`): the batches as they are (numeric ones moved). At most IN_FLIGHT batches wait
 * for the loader at a time, so a slow database holds the generator back instead of memory
 * filling with rows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileLevelFormula } from '../../core/levels/level-formula.js';
import { copyEncoder, fixtureText } from './fixture-encoding.js';
import { generateFixture, type FixtureBatch, type FixtureSink, type FixtureTable } from './fixture-generator.js';
import type { FixtureJob, FromWorker, ToWorker } from './fixture-thread.js';

const IN_FLIGHT = 6;
const COPY_CHARS = 4 * 1024 * 1024;

const job = workerData as FixtureJob;
const port = parentPort!;
let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (m: ToWorker) => {
  if (m.ack) {
    inFlight--;
    wake?.();
    wake = null;
  }
});

async function post(message: FromWorker, transfer: ArrayBuffer[]): Promise<void> {
  while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
  inFlight++;
  port.postMessage(message, transfer);
}

function cellsSink(): FixtureSink & { flush(): Promise<void> } {
  return {
    write: (table, batch) =>
      post({ table, batch }, batch.cells instanceof Float64Array ? [batch.cells.buffer as ArrayBuffer] : []),
    flush: async () => {},
  };
}

function copySink(): FixtureSink & { flush(): Promise<void> } {
  const encode = copyEncoder(fixtureText(job.reward));
  const utf8 = new TextEncoder();
  const gathered = new Map<FixtureTable, { parts: string[]; chars: number }>();
  const send = async (table: FixtureTable) => {
    const g = gathered.get(table);
    if (!g || g.parts.length === 0) return;
    gathered.delete(table);
    const bytes = utf8.encode(g.parts.join(''));
    await post({ table, copy: bytes }, [bytes.buffer as ArrayBuffer]);
  };
  return {
    async write(table: FixtureTable, batch: FixtureBatch) {
      let g = gathered.get(table);
      if (!g) gathered.set(table, (g = { parts: [], chars: 0 }));
      const text = encode(table, batch);
      g.parts.push(text);
      g.chars += text.length;
      if (g.chars >= COPY_CHARS) await send(table);
    },
    async flush() {
      for (const table of [...gathered.keys()]) await send(table);
    },
  };
}

const sink = job.mode === 'copy' ? copySink() : cellsSink();
const counts = await generateFixture(
  { members: job.members, firstDay: job.firstDay, firstReactionReward: job.reward, formula: compileLevelFormula(job.formula) },
  sink,
);
await sink.flush();
await post({ done: counts }, []);
