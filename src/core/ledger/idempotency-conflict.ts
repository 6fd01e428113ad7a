/**
 * A reused idempotency key is a replay only when the request is the same one again: same
 * member (keys are per member), same operation and type, same amount. Anything else is a
 * caller's bug (a key reused for another payment), refused as payment APIs refuse it,
 * naming what differs. Reason and metadata are not compared: a retry may carry a fresh
 * timestamp or wording and is still the same movement.
 *
 * Called only once the key was found taken (a replay outcome or a unique violation), never
 * on the path of a movement that applies.
 */
import type { IdempotencyDifference } from '../error-details.js';
import { EconomyError } from '../errors.js';
import { TRANSACTION_TYPE_INFO, type TransactionType } from './transaction-types.js';

type Operation = 'credit' | 'debit' | 'refund';

function operationOf(type: TransactionType): Operation {
  const info = TRANSACTION_TYPE_INFO[type];
  return info.isEarn ? 'credit' : info.isSpend ? 'debit' : 'refund';
}

/** What the first movement under a key was, and what the repeat asks: signed amounts as stored. */
export interface KeyedRequest {
  type: TransactionType;
  amount: number;
}

/** The differences between the first request under `key` and this one (empty: a true replay). */
export function keyedDifferences(first: KeyedRequest, now: KeyedRequest): IdempotencyDifference[] {
  const differences: IdempotencyDifference[] = [];
  const [opFirst, opNow] = [operationOf(first.type), operationOf(now.type)];
  if (opFirst !== opNow) differences.push({ field: 'operation', first: opFirst, now: opNow });
  if (first.type !== now.type) differences.push({ field: 'type', first: first.type, now: now.type });
  // Amounts as asked (positive): the operation already says the direction.
  if (Math.abs(first.amount) !== Math.abs(now.amount)) {
    differences.push({ field: 'amount', first: Math.abs(first.amount), now: Math.abs(now.amount) });
  }
  return differences;
}

/** The refusal for a key reused with `differences` (at least one). */
export function idempotencyConflict(key: string, differences: IdempotencyDifference[]): EconomyError<'IDEMPOTENCY_CONFLICT'> {
  const [head] = differences as [IdempotencyDifference, ...IdempotencyDifference[]];
  const said = differences.map((d) => `${d.field} ${d.first} → ${d.now}`).join(', ');
  return new EconomyError('IDEMPOTENCY_CONFLICT', `idempotency key ${JSON.stringify(key)} was used for a different request (${said})`, {
    ...head,
    idempotencyKey: key,
    differences,
  });
}
