/**
 * The SQLite baseline: the ledger's own hot-path SQL (the guarded UPDATE … RETURNING and
 * the INSERT … RETURNING) with the ledger's own parameter builders, through better-sqlite3
 * directly, statements prepared once, both in one `transaction(...).immediate()` (BEGIN
 * IMMEDIATE, like the engine). Same handle settings as the engine (openStorage: WAL,
 * synchronous=NORMAL, foreign keys on).
 */
import {
  INSERT_TRANSACTION,
  insertParameters,
  SQLITE_FAST_UPDATE,
  sqliteUpdateParameters,
  type UpdatedProfile,
} from '../core/ledger/movement-statements.js';
import type { BenchDatabase } from './bench-database.js';
import type { BenchTarget } from './bench-target.js';
import { amountOf, memberOf, type BenchDefinition } from './workload.js';

export function sqliteBaseline(bench: BenchDefinition, database: BenchDatabase): BenchTarget {
  const sqlite = database.storage.sqlite;
  if (!sqlite) throw new Error('the SQLite baseline needs the better-sqlite3 handle');
  const update = sqlite.prepare<unknown[], UpdatedProfile>(SQLITE_FAST_UPDATE);
  const insert = sqlite.prepare<unknown[], { id: number }>(INSERT_TRANSACTION.sqlite);
  const apply = sqlite.transaction((memberId: number, amount: number): number => {
    const m = bench.movement(memberId, amount, Date.now());
    const row = update.get(sqliteUpdateParameters(m));
    if (!row) throw new Error(`baseline: the guarded update of ${memberId} matched nothing`);
    return insert.get(insertParameters(m, row.balance))!.id;
  });
  const { memberIds } = database;
  return {
    op: (seq: number) => apply.immediate(memberOf(memberIds, seq), amountOf(seq)),
    close: async () => {},
  };
}
