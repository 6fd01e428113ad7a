/**
 * The only code that writes a movement: the guarded, relative profile update and its
 * audit row, in one transaction (SPEC §1). Hand-written SQL on the hot path, bound by the
 * builders of movement-statements.ts, as the raw-driver baseline of `besitos bench` binds it.
 *
 * Fast path: a credit that cannot change the level, or any spend or refund, is one guarded
 * UPDATE of the profile (balance never below 0 nor above 2^53 − 1, total_earned below the
 * cached start of the next level) plus the INSERT of the transaction row. On PostgreSQL the
 * two are a single statement (a data-modifying CTE), so one round trip. When the guard
 * fails (no profile, not enough besitos, a level-up) the slow path runs in a transaction,
 * locks the row, finds out which, and either refuses or applies with the new level.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Dialect, Storage } from '../../storage/connect.js';
import { withReconnects } from '../../storage/connection-loss.js';
import { isUniqueViolation, writeTransaction, writeTransactionOnce, type Executor } from '../../storage/write-transaction.js';
import { EconomyError } from '../errors.js';
import { ensureMember } from '../members/members-repository.js';
import {
  appliedMovement,
  INSERT_TRANSACTION,
  insertParameters,
  MAX_SAFE,
  PG_FAST,
  postgresFastParameters,
  SQLITE_FAST_UPDATE,
  sqliteUpdateParameters,
  type AppliedMovement,
  type MovementValues,
  type UpdatedProfile,
} from './movement-statements.js';
import { sqliteFastPath } from './sqlite-fast-path.js';
import { nextLevelCache, type FormulaSource } from '../levels/formula-source.js';
import type { TransactionRow } from '../../storage/database.js';

/** A movement as the services hand it to the ledger. */
export interface Movement extends MovementValues {
  /** A credit to an id never seen creates the member; spends and refunds do not. */
  createIfMissing: boolean;
}

export type { AppliedMovement };

/**
 * Applies one movement, or throws the refusal. A repeated idempotency key throws
 * `IdempotentReplay` carrying the first transaction; the caller turns that into a result.
 */
export async function applyMovement(storage: Storage, m: Movement, formula: FormulaSource): Promise<AppliedMovement> {
  try {
    return storage.dialect === 'postgres' ? await applyPostgres(storage, m, formula) : await applySqlite(storage, m, formula);
  } catch (err) {
    if (m.idempotencyKey !== null && isUniqueViolation(err, 'transactions_idempotency_idx')) {
      const first = await findByKey(storage.db, m.memberId, m.idempotencyKey);
      if (first) throw new IdempotentReplay(first);
    }
    throw err;
  }
}

export class IdempotentReplay {
  constructor(readonly first: TransactionRow) {}
}

async function applyPostgres(storage: Storage, m: Movement, formula: FormulaSource): Promise<AppliedMovement> {
  // A lost connection: tried again on a fresh one when nothing can have committed, and
  // also when something may have (the fast statement or the COMMIT sent, no answer) if the
  // movement has a key: a second run then finds the first by its key and replays it.
  return withReconnects(async () => {
    // Outside a transaction the fast CTE is atomic on its own: one round trip in all.
    const fast = await pgFast(storage.db, m);
    return fast ?? writeTransactionOnce(storage, (trx) => applySlow(trx, 'postgres', m, formula));
  }, { repeatable: m.idempotencyKey !== null });
}

async function applySqlite(storage: Storage, m: Movement, formula: FormulaSource): Promise<AppliedMovement> {
  const { sqlite } = storage;
  if (sqlite) {
    const fast = sqliteFastPath(sqlite);
    // Holding Kysely's one connection while the synchronous transaction runs.
    const outcome = await storage.db.connection().execute(async () => fast.immediate(m));
    if (outcome.kind === 'replay') throw new IdempotentReplay(outcome.first);
    if (outcome.kind === 'applied') return outcome.applied;
  }
  return writeTransaction(storage, (trx) => applyMovementIn(trx, 'sqlite', m, formula));
}

/**
 * Applies a movement inside the caller's write transaction (from `writeTransaction`), so
 * an operation can hold its own rows and the movement in one commit: a reaction and its
 * credit, a daily claim and its two payments, a purchase and its spend. A repeated key
 * throws `IdempotentReplay` (SQLite, or PostgreSQL's slow path) or the unique violation
 * (PostgreSQL's fast path; the transaction is then aborted and the caller rolls back).
 */
export async function applyMovementIn(trx: Executor, dialect: Dialect, m: Movement, formula: FormulaSource): Promise<AppliedMovement> {
  if (dialect === 'postgres') return (await pgFast(trx, m)) ?? applySlow(trx, 'postgres', m, formula);
  // Under the write lock a replay is cheaper to spot before writing than to roll back.
  if (m.idempotencyKey !== null) {
    const first = await findByKey(trx, m.memberId, m.idempotencyKey);
    if (first) throw new IdempotentReplay(first);
  }
  const { rows } = await trx.executeQuery<UpdatedProfile>(CompiledQuery.raw(SQLITE_FAST_UPDATE, sqliteUpdateParameters(m)));
  const row = rows[0];
  if (!row) return applySlow(trx, 'sqlite', m, formula);
  return appliedMovement(row, await insertTransaction(trx, 'sqlite', m, row.balance));
}

async function pgFast(db: Executor, m: Movement): Promise<AppliedMovement | undefined> {
  const { rows } = await db.executeQuery<UpdatedProfile & { id: number }>(CompiledQuery.raw(PG_FAST, postgresFastParameters(m)));
  const row = rows[0];
  return row ? appliedMovement(row, row.id) : undefined;
}

async function insertTransaction(trx: Executor, dialect: Dialect, m: Movement, balanceAfter: number): Promise<number> {
  const { rows } = await trx.executeQuery<{ id: number }>(
    CompiledQuery.raw(INSERT_TRANSACTION[dialect], insertParameters(m, balanceAfter)),
  );
  return rows[0]!.id;
}

async function lockProfile(trx: Executor, dialect: Dialect, memberId: number) {
  let q = trx
    .selectFrom('profiles')
    .select(['balance', 'total_earned', 'total_spent', 'level'])
    .where('member_id', '=', memberId);
  // SQLite needs no row lock: BEGIN IMMEDIATE already holds the database's write lock.
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Locked path: find out why the guard failed, refuse or apply with the new level. */
async function applySlow(trx: Executor, dialect: Dialect, m: Movement, source: FormulaSource): Promise<AppliedMovement> {
  let profile = await lockProfile(trx, dialect, m.memberId);
  if (!profile) {
    if (!m.createIfMissing) {
      throw new EconomyError('UNKNOWN_MEMBER', `member ${m.memberId} has no besitos yet`, { memberId: m.memberId });
    }
    const formula = await source(trx);
    await ensureMember(trx, m.memberId, m.at);
    await trx
      .insertInto('profiles')
      .values({
        member_id: m.memberId,
        balance: 0,
        total_earned: 0,
        total_spent: 0,
        level: formula.level(0),
        next_level_at: nextLevelCache(formula, 0),
        created_at: m.at,
        updated_at: m.at,
      })
      .onConflict((oc) => oc.column('member_id').doNothing())
      .execute();
    profile = await lockProfile(trx, dialect, m.memberId);
    if (!profile) throw new Error(`profile of ${m.memberId} vanished after creation`);
  }
  // A used key replays the first movement whatever the balance is now: checked under the
  // row lock, before any refusal, so both dialects answer a repeat the same way.
  if (m.idempotencyKey !== null) {
    const first = await findByKey(trx, m.memberId, m.idempotencyKey);
    if (first) throw new IdempotentReplay(first);
  }
  if (profile.balance + m.amount < 0) {
    throw new EconomyError(
      'INSUFFICIENT_FUNDS',
      `not enough besitos: balance ${profile.balance}, asked ${-m.amount}`,
      { balance: profile.balance, amount: -m.amount },
    );
  }
  if (profile.balance + m.amount > MAX_SAFE || profile.total_earned + m.earned > MAX_SAFE) {
    throw new EconomyError('BALANCE_OVERFLOW', `this credit would push the balance past ${MAX_SAFE}`, {
      balance: profile.balance,
      amount: m.amount,
    });
  }
  if (profile.total_spent + m.spent < 0) {
    throw new EconomyError('NOT_REFUNDABLE', `a refund of ${m.amount} exceeds what was spent`, {
      totalSpent: profile.total_spent,
    });
  }
  const formula = await source(trx);
  const newTotal = profile.total_earned + m.earned;
  const level = formula.level(newTotal);
  // Relative and guarded even under the lock: the money columns are never written from a read.
  const updated = await trx
    .updateTable('profiles')
    .set((eb) => ({
      balance: eb('balance', '+', m.amount),
      total_earned: eb('total_earned', '+', m.earned),
      total_spent: eb('total_spent', '+', m.spent),
      level,
      next_level_at: nextLevelCache(formula, newTotal),
      updated_at: m.at,
    }))
    .where('member_id', '=', m.memberId)
    .where(sql<boolean>`balance + ${m.amount} >= 0`)
    .returning(['balance', 'total_earned', 'total_spent', 'level'])
    .executeTakeFirst();
  if (!updated) throw new Error(`guarded update of ${m.memberId} failed under its own lock`);
  return appliedMovement(updated, await insertTransaction(trx, dialect, m, updated.balance), profile.level);
}

export async function findByKey(db: Executor, memberId: number, key: string): Promise<TransactionRow | undefined> {
  return db
    .selectFrom('transactions')
    .selectAll()
    .where('member_id', '=', memberId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();
}

export async function findTransaction(db: Executor, id: number): Promise<TransactionRow | undefined> {
  return db.selectFrom('transactions').selectAll().where('id', '=', id).executeTakeFirst();
}
