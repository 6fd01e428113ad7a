/**
 * The SQLite baseline: the ledger's own hot-path SQL (the guarded UPDATE … RETURNING and
 * the INSERT … RETURNING) through better-sqlite3 directly, statements prepared once, both
 * in one `transaction(...).immediate()` (BEGIN IMMEDIATE, like the engine). Same handle
 * settings as the engine (openStorage: WAL, synchronous=NORMAL, foreign keys on).
 */
import { INSERT_TRANSACTION, SQLITE_FAST_UPDATE } from '../core/ledger/ledger-repository.js';
import type { BenchDatabase } from './bench-database.js';
import type { BenchTarget } from './bench-target.js';
import { amountOf, memberOf, type BenchDefinition } from './workload.js';

interface FastRow {
  balance: number;
}

export function sqliteBaseline(bench: BenchDefinition, database: BenchDatabase): BenchTarget {
  const sqlite = database.storage.sqlite;
  if (!sqlite) throw new Error('the SQLite baseline needs the better-sqlite3 handle');
  const update = sqlite.prepare<unknown[], FastRow>(SQLITE_FAST_UPDATE);
  const insert = sqlite.prepare<unknown[], { id: number }>(INSERT_TRANSACTION.sqlite);
  const apply = sqlite.transaction((memberId: number, amount: number): number => {
    const m = bench.movement(memberId, amount, Date.now());
    const row = update.get(m.amount, m.earned, m.spent, m.at, m.memberId, m.amount, m.amount, m.earned, m.spent);
    if (!row) throw new Error(`baseline: the guarded update of ${memberId} matched nothing`);
    return insert.get(m.memberId, m.amount, m.type, m.reason, m.metadata, m.idempotencyKey, row.balance, m.at)!.id;
  });
  const { memberIds } = database;
  return {
    op: (seq: number) => apply.immediate(memberOf(memberIds, seq), amountOf(seq)),
    close: async () => {},
  };
}
