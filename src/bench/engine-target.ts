/**
 * The engine side of a row: `Ledger.credit` / `Ledger.spend`, exactly as the bot calls
 * them (validation, Kysely, the hot-path SQL of ledger-repository.ts, the result object).
 */
import { systemClock } from '../core/clock.js';
import { Ledger } from '../core/ledger/ledger.js';
import { createEngineContext } from '../core/engine-context.js';
import type { BenchDatabase } from './bench-database.js';
import type { BenchTarget } from './bench-target.js';
import { amountOf, memberOf, type BenchDefinition } from './workload.js';

export function engineTarget(bench: BenchDefinition, database: BenchDatabase): BenchTarget {
  const { storage, memberIds } = database;
  const ctx = createEngineContext({ storage, clock: systemClock });
  const ledger = new Ledger(ctx);
  return {
    op: async (seq: number) => {
      const result = await bench.engine(ledger, memberOf(memberIds, seq), amountOf(seq));
      // A level-up takes the locked slow path: the row would no longer measure the hot path.
      if (result.levelChange !== null) throw new Error(`bench op ${seq} changed a level: the workload left the fast path`);
    },
    close: () => ctx.settings.close(),
  };
}
