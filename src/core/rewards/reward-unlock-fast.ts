/**
 * The unlock of an auto BESITOS reward in one go (issue 14): the first press of every new
 * member unlocks "Primera reacción", and the transactional unlock (BEGIN, insert the
 * occurrence, guarded credit, transaction row, record the grant, COMMIT) cost about six
 * round trips on PostgreSQL for the press's one.
 *
 * What decides is unchanged: the occurrence's unique key (member, reward, occurrence) — a
 * second unlock of the same occurrence inserts nothing and so credits nothing — and the
 * ledger's guarded update with its transaction row, in the same atomic unit as the
 * occurrence. Anything these statements cannot decide (no profile yet, a level-up, an
 * overflow) rolls back whole and the caller takes the transactional path, which decides
 * exactly as before.
 *
 * - PostgreSQL: ONE data-modifying statement. `o` inserts the occurrence, CLAIMED, with
 *   the value granted and a transaction id taken from the ledger's own sequence (the row
 *   inserted in `o` cannot be updated later in the same statement, so the id is known
 *   first). `l` locks the member's profile, with the credit's own guard, before that id is
 *   taken, so ids follow the order the profile's updates commit in, as every movement's do
 *   (the balance_after chain `verify()` checks), and no id is spent on a credit the guard
 *   refuses. No row in `l` (no profile yet, a level-up, an overflow): nothing written, the
 *   transactional path. `p`, `t` are the ledger's guarded update and transaction row (PG_FAST's parts,
 *   same $1 … $9), only when `o` inserted; the transaction row takes that id. The
 *   occurrence's foreign key to it is checked at the end of the statement. When `o`
 *   inserted but the credit's guard refused, the final select divides by zero: the whole
 *   statement rolls back (as postgres-press.ts does).
 * - SQLite: one synchronous better-sqlite3 transaction (BEGIN IMMEDIATE): insert the
 *   occurrence, the ledger's own writer (movement-statements.ts), the grant recorded.
 */
import type SqliteDatabase from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import { withReconnects } from '../../storage/connection-loss.js';
import { isUniqueViolation } from '../../storage/write-transaction.js';
import type { Movement } from '../ledger/ledger-repository.js';
import {
  PG_FAST_GUARD,
  PG_FAST_UPDATE,
  pgAppliedMovement,
  postgresFastParameters,
  sqliteMovementWriter,
  type AppliedMovement,
  type UpdatedProfile,
} from '../ledger/movement-statements.js';

export interface FastUnlockInput {
  rewardId: number;
  occurrence: number;
  /** The grant's credit (reward-grants.ts `besitosCredit`): its amount is the value granted. */
  m: Movement;
  capped: boolean;
}

export type FastUnlock =
  /** Unlocked, granted and credited, committed. */
  | { kind: 'granted'; memberRewardId: number; applied: AppliedMovement }
  /** The occurrence already exists (another evaluation, another process): nothing written. */
  | { kind: 'taken' }
  /** The grant's idempotency key was already used (rows edited by hand): nothing written. */
  | { kind: 'replay' }
  /** Nothing written; the transactional path decides (no profile, a level-up, …). */
  | { kind: 'transaction' };

const TAKEN: FastUnlock = { kind: 'taken' };
const REPLAY: FastUnlock = { kind: 'replay' };
const TRANSACTION: FastUnlock = { kind: 'transaction' };

/** $1 … $9: the credit's (PG_FAST); $10 reward, $11 occurrence, $12 capped. */
export const PG_UNLOCK_BESITOS = `with l as (
  select member_id from profiles where ${PG_FAST_GUARD} for update
), o as (
  insert into member_rewards
    (member_id, reward_id, occurrence, status, unlocked_at, expires_at, granted_at, kind, granted_value, capped, transaction_id)
  select $1, $10, $11, 'CLAIMED', $5, null, $5, 'BESITOS', $2, $12, nextval(pg_get_serial_sequence('transactions', 'id')) from l
  on conflict (member_id, reward_id, occurrence) do nothing
  returning id, transaction_id
), p as (
  ${PG_FAST_UPDATE} and exists (select 1 from o)
  returning balance, total_earned, total_spent, level
), t as (
  insert into transactions (id, member_id, amount, type, reason, metadata, idempotency_key, balance_after, created_at)
  overriding system value
  select o.transaction_id, $1, $2, $6, $7, $8, $9, p.balance, $5 from o, p
  returning id
)
select (select count(*) from l) as locked, o.id, t.id as transaction_id, p.balance, p.total_earned, p.total_spent, p.level,
       1 / (case when o.id is not null and t.id is null then 0 else 1 end) as whole
  from (select 1) as one left join o on true left join p on true left join t on true`;

type PgRow = Partial<UpdatedProfile> & { locked: number | string; id: number | string | null; transaction_id: number | string | null };

/** One auto BESITOS unlock, atomic; see the module comment. */
export async function unlockBesitosFast(storage: Storage, input: FastUnlockInput): Promise<FastUnlock> {
  return storage.dialect === 'postgres' ? postgresUnlock(storage, input) : sqliteUnlock(storage, input);
}

async function postgresUnlock(storage: Storage, { rewardId, occurrence, m, capped }: FastUnlockInput): Promise<FastUnlock> {
  const parameters = [...postgresFastParameters(m), rewardId, occurrence, capped ? 1 : 0];
  let row: PgRow;
  try {
    // A lost connection: tried again only when nothing can have committed (as an unlock's
    // transaction is), else a ConnectionLostError for the caller.
    const { rows } = await withReconnects(
      () => storage.db.executeQuery<PgRow>(CompiledQuery.raw(PG_UNLOCK_BESITOS, parameters)),
      { repeatable: false },
    );
    row = rows[0]!;
  } catch (err) {
    if ((err as { code?: string } | null)?.code === '22012') return TRANSACTION;
    if (isUniqueViolation(err, 'transactions_idempotency_idx')) return REPLAY;
    throw err;
  }
  if (Number(row.locked) === 0) return TRANSACTION; // no profile, or the guard refused: the ledger's slow path
  if (row.id === null || row.id === undefined) return TAKEN;
  return { kind: 'granted', memberRewardId: Number(row.id), applied: pgAppliedMovement(row, row.transaction_id) };
}

const SQLITE_INSERT_OCCURRENCE = `insert into member_rewards
  (member_id, reward_id, occurrence, status, unlocked_at, expires_at, granted_at, kind, granted_value, capped)
values (?, ?, ?, 'CLAIMED', ?, null, ?, 'BESITOS', ?, ?)
on conflict (member_id, reward_id, occurrence) do nothing
returning id`;
const SQLITE_RECORD_TRANSACTION = 'update member_rewards set transaction_id = ? where id = ?';

/** Thrown inside the transaction: roll back, take the transactional path. */
class NotHere extends Error {}

type Run = (input: FastUnlockInput) => FastUnlock;
const prepared = new WeakMap<SqliteDatabase.Database, Run>();

async function sqliteUnlock(storage: Storage, input: FastUnlockInput): Promise<FastUnlock> {
  const { sqlite } = storage;
  if (!sqlite) return TRANSACTION;
  let run = prepared.get(sqlite);
  if (!run) {
    run = prepareSqlite(sqlite);
    prepared.set(sqlite, run);
  }
  const unlock = run;
  try {
    // Holding Kysely's one connection: no Kysely transaction is open while this one runs.
    return await storage.db.connection().execute(async () => unlock(input));
  } catch (err) {
    // The grant's key already used: the occurrence's insert was rolled back with it.
    if (isUniqueViolation(err)) return REPLAY;
    if (err instanceof NotHere) return TRANSACTION;
    throw err;
  }
}

function prepareSqlite(sqlite: SqliteDatabase.Database): Run {
  const insert = sqlite.prepare<unknown[], { id: number }>(SQLITE_INSERT_OCCURRENCE);
  const record = sqlite.prepare<unknown[]>(SQLITE_RECORD_TRANSACTION);
  const credit = sqliteMovementWriter(sqlite);
  const tx = sqlite.transaction(({ rewardId, occurrence, m, capped }: FastUnlockInput): FastUnlock => {
    const inserted = insert.get(m.memberId, rewardId, occurrence, m.at, m.at, m.amount, capped ? 1 : 0);
    if (!inserted) return TAKEN;
    const applied = credit(m);
    if (!applied) throw new NotHere('credit guard');
    record.run(applied.transactionId, inserted.id);
    return { kind: 'granted', memberRewardId: inserted.id, applied };
  });
  return (input) => tx.immediate(input);
}
