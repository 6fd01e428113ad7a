/**
 * The generator's thread (worker_threads): runs generateFixture and posts its batches to
 * the loading thread, which only writes them. PostgreSQL (`copy`): COPY text written as
 * bytes here, ~4 MB per table and message, the buffer moved, not copied. SQLite
 * (`cells`): the batches as they are (numeric ones moved). At most IN_FLIGHT batches wait
 * for the loader at a time, so a slow database holds the generator back instead of memory
 * filling with rows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { compileLevelFormula } from '../../core/levels/level-formula.js';
import { CopyBytes, copyEncoder, fixtureText } from './fixture-encoding.js';
import { generateFixture, type FixtureBatch, type FixtureSink, type FixtureTable } from './fixture-generator.js';
import type { FixtureJob, FromWorker, ToWorker } from './fixture-thread.js';

const IN_FLIGHT = 6;
const COPY_BYTES = 4 * 1024 * 1024;

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
  const encode = copyEncoder(fixtureText(job.reward, job.firstDay));
  const gathered = new Map<FixtureTable, CopyBytes>();
  const send = async (table: FixtureTable, out: CopyBytes) => {
    if (out.pos === 0) return;
    const bytes = out.take();
    await post({ table, copy: bytes }, [bytes.buffer as ArrayBuffer]);
  };
  return {
    async write(table: FixtureTable, batch: FixtureBatch) {
      let out = gathered.get(table);
      if (!out) gathered.set(table, (out = new CopyBytes(COPY_BYTES + (1 << 20))));
      encode(table, batch, out);
      if (out.pos >= COPY_BYTES) await send(table, out);
    },
    async flush() {
      for (const [table, out] of gathered) await send(table, out);
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
