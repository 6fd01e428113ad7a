/**
 * The ledger's hot-path write, stated once: the SQL text of the guarded, relative profile
 * update and of the transaction insert (SPEC §1), what each binds for a movement, and the
 * result read from the rows they return. Every caller binds through these builders — the
 * repository (through Kysely), the synchronous SQLite fast paths of the ledger and of a
 * reaction press (through `sqliteMovementWriter`, better-sqlite3), and the raw-driver
 * baselines of `besitos bench` — so a placeholder added or moved in the SQL is changed
 * here and nowhere else.
 *
 * The builders return the parameter array directly: they run once per movement on the
 * fast paths, where an object spread or a closure per call shows in the bench.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Dialect } from '../../storage/connect.js';
import type { TransactionType } from './transaction-types.js';

/** What a movement binds: the relative changes of the profile and its transaction row. */
export interface MovementValues {
  memberId: number;
  /** Signed, non-zero: what the balance moves by. */
  amount: number;
  /** What total_earned moves by (≥ 0). */
  earned: number;
  /** What total_spent moves by (a spend adds, a refund subtracts). */
  spent: number;
  type: TransactionType;
  reason: string;
  /** JSON object text. */
  metadata: string;
  idempotencyKey: string | null;
  at: number;
}

export interface AppliedMovement {
  transactionId: number;
  balance: number;
  totalEarned: number;
  totalSpent: number;
  level: number;
  previousLevel: number;
}

/** The profile columns the guarded update returns. */
export interface UpdatedProfile {
  balance: number;
  total_earned: number;
  total_spent: number;
  level: number;
}

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The guarded update: balance never below 0 nor above 2^53 − 1, total_earned below the
 * cached start of the next level (a level-up takes the slow path), total_spent never
 * below 0 (a refund of more than was spent). No row back means the guard refused.
 */
export const SQLITE_FAST_UPDATE = `update profiles
   set balance = balance + ?, total_earned = total_earned + ?, total_spent = total_spent + ?, updated_at = ?
 where member_id = ? and balance + ? >= 0 and balance + ? <= ${MAX_SAFE}
   and total_earned + ? < next_level_at and total_spent + ? >= 0
returning balance, total_earned, total_spent, level`;

/** The placeholders of SQLITE_FAST_UPDATE, in order. */
export function sqliteUpdateParameters(m: MovementValues): unknown[] {
  return [m.amount, m.earned, m.spent, m.at, m.memberId, m.amount, m.amount, m.earned, m.spent];
}

const INSERT_COLUMNS = `insert into transactions
  (member_id, amount, type, reason, metadata, idempotency_key, balance_after, created_at)`;
export const INSERT_TRANSACTION: Readonly<Record<Dialect, string>> = {
  sqlite: `${INSERT_COLUMNS} values (?, ?, ?, ?, ?, ?, ?, ?) returning id`,
  postgres: `${INSERT_COLUMNS} values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
};

/** The placeholders of INSERT_TRANSACTION (both dialects), in order; `balanceAfter` from the updated profile. */
export function insertParameters(m: MovementValues, balanceAfter: number): unknown[] {
  return [m.memberId, m.amount, m.type, m.reason, m.metadata, m.idempotencyKey, balanceAfter, m.at];
}

/**
 * PostgreSQL: the same guarded update and insert as one data-modifying CTE, one round trip.
 * It returns the inserted id with the updated profile, or no row when the guard refused.
 * Its two parts are exported for the reaction press's one statement (postgres-press.ts),
 * which binds the same $1 … $9 first.
 */
/** The guard of PG_FAST_UPDATE on its own (the auto reward unlock locks the profile with it first). */
export const PG_FAST_GUARD = `member_id = $1 and balance + $2 >= 0 and balance + $2 <= ${MAX_SAFE}
     and total_earned + $3 < next_level_at and total_spent + $4 >= 0`;
export const PG_FAST_UPDATE = `update profiles
     set balance = balance + $2, total_earned = total_earned + $3, total_spent = total_spent + $4, updated_at = $5
   where ${PG_FAST_GUARD}`;
/** The transaction row of PG_FAST, from the CTE `p` (the updated profile). */
export const PG_FAST_INSERT = `insert into transactions (member_id, amount, type, reason, metadata, idempotency_key, balance_after, created_at)
  select $1, $2, $6, $7, $8, $9, p.balance, $5 from p
  returning id`;
export const PG_FAST = `with p as (
  ${PG_FAST_UPDATE}
  returning balance, total_earned, total_spent, level
), t as (
  ${PG_FAST_INSERT}
)
select t.id, p.balance, p.total_earned, p.total_spent, p.level from t, p`;

/** $1 … $9 of PG_FAST. */
export function postgresFastParameters(m: MovementValues): unknown[] {
  return [m.memberId, m.amount, m.earned, m.spent, m.at, m.type, m.reason, m.metadata, m.idempotencyKey];
}

/**
 * The result of a movement from the updated profile and the inserted id. The fast paths
 * never change the level (their guard refuses a level-up), so `previousLevel` is the
 * level returned unless the locked slow path, which read it before, says otherwise.
 */
export function appliedMovement(row: UpdatedProfile, transactionId: number, previousLevel = row.level): AppliedMovement {
  return {
    transactionId,
    balance: row.balance,
    totalEarned: row.total_earned,
    totalSpent: row.total_spent,
    level: row.level,
    previousLevel,
  };
}

/**
 * The same from a row PostgreSQL returned for a one-statement fast path (the press,
 * the auto reward unlock): bigint columns arrive as text. The guard refuses a level-up,
 * so the level did not change.
 */
export function pgAppliedMovement(row: { [K in keyof UpdatedProfile]?: unknown }, transactionId: unknown): AppliedMovement {
  const level = Number(row.level);
  return {
    transactionId: Number(transactionId),
    balance: Number(row.balance),
    totalEarned: Number(row.total_earned),
    totalSpent: Number(row.total_spent),
    level,
    previousLevel: level,
  };
}

/**
 * The guarded update and the transaction insert on the raw handle, inside the caller's
 * better-sqlite3 transaction: the movement applied, or undefined when the guard matched
 * nothing (then nothing was written).
 */
export type WriteMovement = (m: MovementValues) => AppliedMovement | undefined;

/** Prepares the ledger's two statements on `sqlite`; call once per handle, not per movement. */
export function sqliteMovementWriter(sqlite: SqliteDatabase.Database): WriteMovement {
  const update = sqlite.prepare<unknown[], UpdatedProfile>(SQLITE_FAST_UPDATE);
  const insert = sqlite.prepare<unknown[], { id: number }>(INSERT_TRANSACTION.sqlite);
  return (m) => {
    const row = update.get(sqliteUpdateParameters(m));
    return row ? appliedMovement(row, insert.get(insertParameters(m, row.balance))!.id) : undefined;
  };
}
