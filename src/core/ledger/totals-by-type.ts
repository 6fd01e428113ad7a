/** Lifetime movements by type: how many, and how many besitos (always positive, as metrics count them). */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { TypeTally } from '../metrics/metrics-types.js';
import { TRANSACTION_TYPES, isTransactionType, type TransactionType } from './transaction-types.js';

export async function readTotalsByType(db: Kysely<Database>): Promise<Record<TransactionType, TypeTally>> {
  const rows = await db
    .selectFrom('transactions')
    .select((eb) => ['type', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount').as('amount')])
    .groupBy('type')
    .execute();
  const totals = Object.fromEntries(TRANSACTION_TYPES.map((t) => [t, { count: 0, amount: 0 }])) as Record<TransactionType, TypeTally>;
  for (const r of rows) {
    if (isTransactionType(r.type)) totals[r.type] = { count: Number(r.n), amount: Math.abs(Number(r.amount)) };
  }
  return totals;
}
