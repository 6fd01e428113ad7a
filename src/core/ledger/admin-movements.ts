/**
 * The admins' movements, every member's, newest first (issue 13: the audit log of admin
 * credits and debits, SPEC §1: "the admin's id goes into metadata"). Operator movements
 * (CLI, simulate) are of the same types and are listed too; their metadata says `by`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { EconomyError } from '../errors.js';
import { toLedgerTransaction, type LedgerTransaction } from './ledger-types.js';

export interface AdminMovementsQuery {
  /** 1 to 100, default 20. */
  limit?: number;
  /** Movements older than this transaction id (the last id of the previous page). */
  beforeId?: number;
}

export async function readAdminMovements(db: Kysely<Database>, query: AdminMovementsQuery = {}): Promise<LedgerTransaction[]> {
  const limit = query.limit ?? 20;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100) {
    throw new EconomyError('INVALID_INPUT', 'limit must be from 1 to 100', { field: 'limit' });
  }
  let q = db.selectFrom('transactions').selectAll().where('type', 'in', ['EARN_ADMIN', 'SPEND_ADMIN']);
  if (query.beforeId !== undefined) {
    if (!Number.isSafeInteger(query.beforeId) || query.beforeId < 1) throw new EconomyError('INVALID_INPUT', 'beforeId must be a transaction id', { field: 'beforeId' });
    q = q.where('id', '<', query.beforeId);
  }
  return (await q.orderBy('id', 'desc').limit(limit).execute()).map(toLedgerTransaction);
}
