/**
 * A member's history (SPEC §1): newest first, keyset pagination on the transaction id
 * (stable under inserts, unlike offsets), filters by types and a time range, at most 100
 * rows a page, and the total count of rows matching the filters.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../storage/database.js';
import { EconomyError } from '../errors.js';
import { toLedgerTransaction, type LedgerTransaction } from './ledger-types.js';
import { checkMemberId } from './movement-input.js';
import { isTransactionType, type TransactionType } from './transaction-types.js';

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

export interface HistoryQuery {
  types?: TransactionType[];
  /** Inclusive lower bound (ms or Date). */
  from?: number | Date;
  /** Exclusive upper bound (ms or Date). */
  to?: number | Date;
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
  /**
   * Going back: the `prevCursor` of a page gives the page just newer than it (still newest
   * first). Not with `cursor`.
   */
  after?: string;
}

export interface HistoryPage {
  items: LedgerTransaction[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
  /** Pass back as `after` for the previous (newer) page; absent on the newest page. */
  prevCursor?: string;
  /** Rows matching the filters, across all pages. */
  total: number;
}

export function encodeCursor(id: number): string {
  return Buffer.from(`t${id}`).toString('base64url');
}

export function decodeCursor(cursor: unknown): number {
  if (typeof cursor === 'string') {
    const text = Buffer.from(cursor, 'base64url').toString();
    const id = Number(text.slice(1));
    if (text.startsWith('t') && Number.isSafeInteger(id) && id > 0) return id;
  }
  throw new EconomyError('INVALID_INPUT', 'cursor is not one this history gave out', { field: 'cursor' });
}

function toMillis(value: unknown, field: string): number {
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new EconomyError('INVALID_INPUT', `${field} must be a time`, { field });
  }
  return ms;
}

export async function readHistory(db: Kysely<Database>, memberIdInput: number, query: HistoryQuery = {}): Promise<HistoryPage> {
  const memberId = checkMemberId(memberIdInput);
  const limit = query.limit ?? DEFAULT_PAGE;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    throw new EconomyError('INVALID_INPUT', `limit must be from 1 to ${MAX_PAGE}`, { field: 'limit' });
  }
  const types = query.types;
  if (types !== undefined) {
    if (!Array.isArray(types) || types.length === 0 || !types.every(isTransactionType)) {
      throw new EconomyError('INVALID_INPUT', `types must be a non-empty list of transaction types`, { field: 'types' });
    }
  }
  const from = query.from === undefined ? undefined : toMillis(query.from, 'from');
  const to = query.to === undefined ? undefined : toMillis(query.to, 'to');
  const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const after = query.after === undefined ? undefined : decodeCursor(query.after);
  if (before !== undefined && after !== undefined) {
    throw new EconomyError('INVALID_INPUT', 'give cursor or after, not both', { field: 'after' });
  }

  const filtered = <O>(q: SelectQueryBuilder<Database, 'transactions', O>) => {
    let out = q.where('member_id', '=', memberId);
    if (types) out = out.where('type', 'in', types);
    if (from !== undefined) out = out.where('created_at', '>=', from);
    if (to !== undefined) out = out.where('created_at', '<', to);
    return out;
  };

  const count = filtered(db.selectFrom('transactions').select((eb) => eb.fn.countAll<number>().as('n'))).executeTakeFirstOrThrow();
  if (after !== undefined) {
    // The `limit` rows just newer than `after`, read oldest first, handed out newest first.
    // `after` is the first id of a page read with the same filters, so that row (and any
    // older) is still there below this page: rows are never deleted.
    const [rows, n] = await Promise.all([
      filtered(db.selectFrom('transactions').selectAll()).where('id', '>', after).orderBy('id', 'asc').limit(limit + 1).execute(),
      count,
    ]);
    const items = rows.slice(0, limit).reverse().map(toLedgerTransaction);
    const first = items[0];
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: last ? encodeCursor(last.id) : null,
      ...(rows.length > limit && first ? { prevCursor: encodeCursor(first.id) } : {}),
      total: Number(n.n),
    };
  }
  let page = filtered(db.selectFrom('transactions').selectAll());
  if (before !== undefined) page = page.where('id', '<', before);
  const [rows, n] = await Promise.all([page.orderBy('id', 'desc').limit(limit + 1).execute(), count]);
  const items = rows.slice(0, limit).map(toLedgerTransaction);
  const first = items[0];
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
    // A page reached with a cursor has the page it came from above it (rows are never deleted).
    ...(before !== undefined && first ? { prevCursor: encodeCursor(first.id) } : {}),
    total: Number(n.n),
  };
}
