/**
 * Runs the fixture's generator in a worker thread (fixture-worker.ts) while this thread
 * loads what it sends: on a 2-core machine the rows are made on one core while the
 * database (SQLite in this thread, or the PostgreSQL server) writes them on the other.
 * From the TypeScript sources (the tests) the worker runs through tsx (start-worker.ts).
 */
import { startBenchWorker } from '../start-worker.js';
import type { LevelFormulaSpec } from '../../core/levels/level-formula.js';
import type { FixtureBatch, FixtureCounts, FixtureReward, FixtureTable } from './fixture-generator.js';

export interface FixtureJob {
  members: number;
  firstDay: number;
  reward: FixtureReward | null;
  formula: LevelFormulaSpec;
  /** `copy`: COPY text per table (PostgreSQL); `cells`: the batches themselves (SQLite). */
  mode: 'copy' | 'cells';
}

export type FromWorker = { table: FixtureTable; batch: FixtureBatch } | { table: FixtureTable; copy: Uint8Array } | { done: FixtureCounts };
export type ToWorker = { ack: true };

export interface FixtureConsumer {
  batch?(table: FixtureTable, batch: FixtureBatch): Promise<void>;
  copy?(table: FixtureTable, text: Uint8Array): Promise<void>;
}

export function generateInWorker(job: FixtureJob, consumer: FixtureConsumer): Promise<FixtureCounts> {
  const worker = startBenchWorker(import.meta.url, 'fixture-worker', job);
  return new Promise<FixtureCounts>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(err);
    };
    // Batches are handled one at a time, in order.
    let queue = Promise.resolve();
    worker.on('message', (m: FromWorker) => {
      queue = queue.then(async () => {
        if (settled) return;
        if ('done' in m) {
          settled = true;
          await worker.terminate();
          resolve(m.done);
          return;
        }
        if ('copy' in m) await consumer.copy!(m.table, m.copy);
        else await consumer.batch!(m.table, m.batch);
        worker.postMessage({ ack: true } satisfies ToWorker);
      }).catch(fail);
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the fixture generator's thread exited (${code}) before it finished`)));
  });
}
