/**
 * The PostgreSQL baseline: the ledger's own data-modifying CTE (PG_FAST, with the ledger's
 * own parameter builder) as one named prepared statement `{ name, text, values }` on a
 * plain pg.Pool of the engine's size, in the run's schema. One round trip per movement,
 * like the engine's fast path.
 */
import pg from 'pg';
import { PG_FAST, postgresFastParameters } from '../core/ledger/movement-statements.js';
import type { BenchDatabase } from './bench-database.js';
import type { BenchTarget } from './bench-target.js';
import { amountOf, memberOf, type BenchDefinition } from './workload.js';

export function postgresBaseline(bench: BenchDefinition, database: BenchDatabase, pgUrl: string, poolSize: number): BenchTarget {
  const schema = database.schema;
  if (!schema) throw new Error('the PostgreSQL baseline needs the run schema');
  const pool = new pg.Pool({ connectionString: pgUrl, max: poolSize, options: `-c search_path=${schema}` });
  pool.on('error', () => {});
  const { memberIds } = database;
  return {
    op: async (seq: number) => {
      const m = bench.movement(memberOf(memberIds, seq), amountOf(seq), Date.now());
      const { rows } = await pool.query<{ id: string }>({
        name: 'bench_pg_fast',
        text: PG_FAST,
        values: postgresFastParameters(m),
      });
      if (rows.length === 0) throw new Error(`baseline: the guarded update of ${m.memberId} matched nothing`);
      return Number(rows[0]!.id);
    },
    close: () => pool.end(),
  };
}
