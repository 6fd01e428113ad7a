/**
 * The ledger benchmarks (credit, spend) as the runner drives them: `Ledger.credit` /
 * `Ledger.spend` on the engine side, the ledger's hot-path SQL through the raw driver on
 * the other (sqlite-baseline.ts, postgres-baseline.ts).
 */
import type { Bench } from './bench-target.js';
import { engineTarget } from './engine-target.js';
import { postgresBaseline } from './postgres-baseline.js';
import { sqliteBaseline } from './sqlite-baseline.js';
import { amountOf, type BenchDefinition } from './workload.js';

export function ledgerBench(definition: BenchDefinition): Bench {
  return {
    name: definition.name,
    sign: definition.sign,
    amountOf,
    target: async (side, database, { pgUrl, poolSize }) => {
      if (side === 'engine') return engineTarget(definition, database);
      if (database.storage.dialect === 'sqlite') return sqliteBaseline(definition, database);
      if (!pgUrl) throw new TypeError('the PostgreSQL baseline needs the URL');
      return postgresBaseline(definition, database, pgUrl, poolSize);
    },
  };
}
