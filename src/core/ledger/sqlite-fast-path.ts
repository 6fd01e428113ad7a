/**
 * The SQLite fast path as one synchronous better-sqlite3 transaction. SQLite runs inside
 * the Node thread, so every microsecond of async plumbing adds to each movement: going
 * through Kysely for BEGIN/UPDATE/INSERT/COMMIT cost about 25 % of the raw driver's
 * throughput (measured by `besitos bench`). The statements are the ledger's own SQL
 * (movement-statements.ts), prepared once per handle. It runs while holding Kysely's
 * single connection, so no Kysely transaction can be open on it at the same time.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { TransactionRow } from '../../storage/database.js';
import { sqliteMovementWriter, type AppliedMovement, type MovementValues } from './movement-statements.js';

export type FastOutcome =
  | { kind: 'applied'; applied: AppliedMovement }
  | { kind: 'replay'; first: TransactionRow }
  /** The guard matched nothing (no profile, not enough, a level-up): take the slow path. */
  | { kind: 'guard' };

type Run = (m: MovementValues) => FastOutcome;

const GUARD: FastOutcome = { kind: 'guard' };

const prepared = new WeakMap<SqliteDatabase.Database, { immediate: Run }>();

export function sqliteFastPath(sqlite: SqliteDatabase.Database): { immediate: Run } {
  let fast = prepared.get(sqlite);
  if (!fast) {
    const byKey = sqlite.prepare<[number, string], TransactionRow>(
      'select * from transactions where member_id = ? and idempotency_key = ?',
    );
    const write = sqliteMovementWriter(sqlite);
    const tx = sqlite.transaction((m: MovementValues): FastOutcome => {
      if (m.idempotencyKey !== null) {
        const first = byKey.get(m.memberId, m.idempotencyKey);
        if (first) return { kind: 'replay', first };
      }
      const applied = write(m);
      return applied ? { kind: 'applied', applied } : GUARD;
    });
    fast = { immediate: (m) => tx.immediate(m) };
    prepared.set(sqlite, fast);
  }
  return fast;
}
