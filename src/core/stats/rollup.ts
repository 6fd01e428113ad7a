/**
 * The rollups catch up with the ledger: transactions after the watermark, in id order, are
 * folded in batches (rollup-batch.ts), each batch one short write transaction holding its
 * upserts and the new watermark, so a crash loses nothing and counts nothing twice.
 *
 * - SQLite: writers are serialised and an id is taken inside the write lock, so once id N is
 *   visible no smaller id can still appear: the watermark is the last id read. A batch (its
 *   read, fold and write transaction) is kept short (its size adapts towards `targetMs`) and
 *   the refresh pauses between batches (pacer.ts): it never holds the thread or the write
 *   lock long enough to stall presses.
 * - PostgreSQL: ids are taken at insert and committed in any order, so an id missing below
 *   the last one read may still be in flight (or was rolled back: an idempotent replay, a
 *   refused purchase). Such holes are remembered with the time they were seen and looked up
 *   again on every run until `HOLE_GRACE_MS` has passed; the watermark moves on regardless.
 * - The economy's time zone decides the day of each movement: when it changes, the rollups
 *   are emptied and rebuilt from the first transaction (`rebuilt` in the report).
 */
import { sql } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { DayCache } from '../economy-day.js';
import { RollupBatch, type TransactionFact } from './rollup-batch.js';
import { readState, ROLLUP_STATE, writeState } from './stats-state.js';

/** A hole younger than this is looked for again (a transaction in flight commits well within it). */
export const HOLE_GRACE_MS = 2 * 60_000;
/** Holes bigger than this are sequence jumps (PostgreSQL skips ids after a crash), not transactions in flight. */
const MAX_HOLE = 1000;
const MAX_HOLES = 5000;

export const ROLLUP_TABLES = ['member_totals', 'economy_day_totals'] as const;

export interface RollupState {
  /** Every transaction with an id up to this one is rolled up (but the holes). */
  watermark: number;
  /** The time zone the days and periods were computed in. */
  timezone: string;
  /** PostgreSQL: ids not seen below the watermark, with the time they were first missed. */
  holes: Array<[id: number, seenAt: number]>;
}

export interface BatchSizing {
  /** Transactions in the first batch. */
  rows: number;
  /** Largest batch. */
  maxRows: number;
  /** SQLite: a batch's write transaction aims at this duration; the size halves or doubles. */
  targetMs: number;
}

export interface RollupDeps {
  storage: Storage;
  now: () => number;
  sizing: BatchSizing;
  /** Between batches: renew the lease, let other work run. */
  between: () => Promise<void>;
}

export interface RollupReport {
  movements: number;
  rebuilt: boolean;
  watermark: number;
}

export async function catchUp(deps: RollupDeps, timezone: string): Promise<RollupReport> {
  const { storage } = deps;
  let stored = await readState<RollupState>(storage.db, ROLLUP_STATE);
  let rebuilt = false;
  if (!stored || stored.value.timezone !== timezone) {
    const fresh: RollupState = { watermark: 0, timezone, holes: [] };
    const expected = stored?.version ?? null;
    const version = await writeTransaction(storage, async (trx) => {
      await emptyRollups(trx, storage.dialect);
      return writeState(trx, ROLLUP_STATE, fresh, expected, deps.now());
    });
    stored = { value: fresh, version };
    rebuilt = true;
  }
  let state = stored.value;
  let version = stored.version;
  const days = new DayCache(timezone);
  let rows = Math.min(deps.sizing.rows, deps.sizing.maxRows);
  let movements = 0;
  let holesChecked = false;
  // The refresh rolls up to the ledger's end as it finds it: beside presses it yields most of
  // the time (pacer.ts), and chasing the movements made meanwhile it could never finish.
  const end = await lastId(storage.db);
  for (;;) {
    const limit = rows;
    // A slice is the read, the fold and the write: on SQLite all of it holds the one thread.
    const started = performance.now();
    const found = await readAfter(storage.db, state.watermark, end, limit);
    let late: TransactionFact[] = [];
    if (!holesChecked && state.holes.length > 0) {
      late = await readIds(storage.db, state.holes.map(([id]) => id));
      holesChecked = true;
    }
    if (found.length === 0 && late.length === 0) break;
    const next = advance(state, found, late, storage.dialect === 'postgres', deps.now());
    const batch = new RollupBatch(days);
    for (const t of late) batch.add(t);
    for (const t of found) batch.add(t);
    version = await writeTransaction(storage, async (trx) => {
      await batch.write(trx, storage.dialect, storage.sqlite);
      return writeState(trx, ROLLUP_STATE, next, version, deps.now());
    });
    const took = performance.now() - started;
    state = next;
    movements += batch.count;
    if (storage.dialect === 'sqlite') rows = resize(rows, took, deps.sizing);
    else rows = deps.sizing.maxRows;
    if (found.length < limit) break; // the end of the ledger for now: the next refresh takes what comes after
    await deps.between();
  }
  return { movements, rebuilt, watermark: state.watermark };
}

/** The next batch's size: halved when the last write transaction took too long, doubled when it was quick. */
export function resize(rows: number, tookMs: number, sizing: BatchSizing): number {
  if (tookMs > sizing.targetMs * 1.5) return Math.max(50, Math.floor(rows / 2));
  if (tookMs < sizing.targetMs / 2) return Math.min(sizing.maxRows, rows * 2);
  return rows;
}

/** The state after a batch: the watermark moves to the last id read; PostgreSQL keeps its holes. */
function advance(state: RollupState, found: TransactionFact[], late: TransactionFact[], trackHoles: boolean, now: number): RollupState {
  const last = found.at(-1)?.id ?? state.watermark;
  if (!trackHoles) return { ...state, watermark: Math.max(state.watermark, last) };
  const arrived = new Set(late.map((t) => t.id));
  const holes = state.holes.filter(([id, seenAt]) => !arrived.has(id) && now - seenAt < HOLE_GRACE_MS);
  let expected = state.watermark + 1;
  for (const t of found) {
    if (t.id > expected && t.id - expected <= MAX_HOLE) {
      for (let id = expected; id < t.id; id++) holes.push([id, now]);
    }
    expected = t.id + 1;
  }
  return { ...state, watermark: Math.max(state.watermark, last), holes: holes.slice(-MAX_HOLES) };
}

async function lastId(db: Executor): Promise<number> {
  const row = await db.selectFrom('transactions').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

async function readAfter(db: Executor, watermark: number, end: number, limit: number): Promise<TransactionFact[]> {
  const rows = await db
    .selectFrom('transactions')
    .select(['id', 'member_id', 'amount', 'type', 'created_at'])
    .where('id', '>', watermark)
    .where('id', '<=', end)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(fact);
}

async function readIds(db: Executor, ids: number[]): Promise<TransactionFact[]> {
  const out: TransactionFact[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('transactions')
      .select(['id', 'member_id', 'amount', 'type', 'created_at'])
      .where('id', 'in', ids.slice(i, i + 1000))
      .orderBy('id')
      .execute();
    out.push(...rows.map(fact));
  }
  return out;
}

const fact = (r: { id: number; member_id: number; amount: number; type: string; created_at: number }): TransactionFact => ({
  id: Number(r.id),
  member_id: Number(r.member_id),
  amount: Number(r.amount),
  type: r.type,
  created_at: Number(r.created_at),
});

/** Every rollup row goes (a rebuild): SQLite's DELETE without WHERE drops the pages at once, PostgreSQL truncates. */
async function emptyRollups(trx: Executor, dialect: Storage['dialect']): Promise<void> {
  if (dialect === 'postgres') {
    await sql`truncate ${sql.join(ROLLUP_TABLES.map((t) => sql.table(t)))}`.execute(trx);
    return;
  }
  for (const table of ROLLUP_TABLES) await trx.deleteFrom(table).execute();
}
