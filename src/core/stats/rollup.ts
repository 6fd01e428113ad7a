/**
 * The rollups catch up with the ledger: transactions after the watermark, in id order, are
 * folded in batches (rollup-batch.ts), each batch one short write transaction holding its
 * upserts and the new watermark, so a crash loses nothing and counts nothing twice.
 *
 * - SQLite: writers are serialised and an id is taken inside the write lock, so once id N is
 *   visible no smaller id can still appear: the watermark is the last id read. The movements
 *   are folded in rounds (up to `roundRows`), then written along `member_totals`' key: each
 *   commit writes every B-tree page it touched into the WAL, and batches of movements in id
 *   order touch members, so pages, at random: at 1M members 100k movements from 100k members
 *   rewrote ~100k pages (2.5 s of commits measured here), written in member order each page
 *   is written about once. A round's slices each commit their members' upserts with the
 *   round's progress (`round`: its last id, the last member written); its last slice commits
 *   the day totals and moves the watermark, so a crash mid-round resumes after the members
 *   already written and counts nothing twice (the movements up to `round.to` cannot change).
 *   Every read and write slice is kept short (its size adapts towards `targetMs`) and the
 *   refresh pauses between them (pacer.ts): it never holds the thread or the write lock
 *   long enough to stall presses.
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
import type { TotalsChanges } from '../leaderboards/board-lines.js';
import { RollupBatch, type TransactionFact } from './rollup-batch.js';
import { readState, ROLLUP_STATE, writeState } from './stats-state.js';
import { DISTRIBUTION_TABLES, readTopBoundary, TOP_STATE, type TopBoundary } from './distributions.js';

/** A hole younger than this is looked for again (a transaction in flight commits well within it). */
export const HOLE_GRACE_MS = 2 * 60_000;
/** Holes bigger than this are sequence jumps (PostgreSQL skips ids after a crash), not transactions in flight. */
const MAX_HOLE = 1000;
const MAX_HOLES = 5000;

export const ROLLUP_TABLES = ['member_totals', 'economy_day_totals', ...DISTRIBUTION_TABLES] as const;

export interface RollupState {
  /** Every transaction with an id up to this one is rolled up (but the holes). */
  watermark: number;
  /** The time zone the days and periods were computed in. */
  timezone: string;
  /** PostgreSQL: ids not seen below the watermark, with the time they were first missed. */
  holes: Array<[id: number, seenAt: number]>;
  /** SQLite: a round being written: movements up to `to` folded, members up to `done` written. */
  round?: { to: number; done: number };
}

export interface BatchSizing {
  /** Transactions in the first batch. */
  rows: number;
  /** Largest batch. */
  maxRows: number;
  /** SQLite: a batch's write transaction aims at this duration; the size halves or doubles. */
  targetMs: number;
  /** SQLite: most movements folded in one round before it is written (default 10 × maxRows). */
  roundRows?: number;
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
  /** The watermark it started from; −1 when it finished a round a failed refresh left (members written then are not in `changes`). */
  from: number;
}

/** `changes`: collects the new totals of the members rolled up (board-lines.ts). */
export async function catchUp(deps: RollupDeps, timezone: string, changes: TotalsChanges | null = null): Promise<RollupReport> {
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
  // Only this refresher writes it, and only after catching up (distributions.ts).
  const top = await readTopBoundary(storage.db);
  const from = state.round ? -1 : state.watermark;
  const days = new DayCache(timezone);
  let rows = Math.min(deps.sizing.rows, deps.sizing.maxRows);
  let movements = 0;
  let holesChecked = false;
  // The refresh rolls up to the ledger's end as it finds it: beside presses it yields most of
  // the time (pacer.ts), and chasing the movements made meanwhile it could never finish.
  const end = await lastId(storage.db);
  if (storage.dialect === 'sqlite') {
    const done = await inRounds(deps, days, top, state, version, end, changes);
    return { movements: done.movements, rebuilt, watermark: done.state.watermark, from };
  }
  // PostgreSQL: each batch is read, folded and written with the watermark and the holes.
  for (;;) {
    const limit = rows;
    const found = await readAfter(storage.db, state.watermark, end, limit);
    let late: TransactionFact[] = [];
    if (!holesChecked && state.holes.length > 0) {
      late = await readIds(storage.db, state.holes.map(([id]) => id));
      holesChecked = true;
    }
    if (found.length === 0 && late.length === 0) break;
    const next = advance(state, found, late, deps.now());
    const batch = new RollupBatch(days, top);
    for (const t of late) batch.add(t);
    for (const t of found) batch.add(t);
    version = await writeTransaction(storage, async (trx) => {
      await batch.write(trx, storage.dialect, changes);
      return writeState(trx, ROLLUP_STATE, next, version, deps.now());
    });
    state = next;
    movements += batch.count;
    rows = deps.sizing.maxRows;
    if (found.length < limit) break; // the end of the ledger for now: the next refresh takes what comes after
    await deps.between();
  }
  return { movements, rebuilt, watermark: state.watermark, from };
}

/**
 * SQLite: rounds of movements folded in memory, each written in member order (see the
 * header). Reads and writes go in slices sized towards `targetMs`, with the pauses between.
 */
async function inRounds(deps: RollupDeps, days: DayCache, top: TopBoundary | null, state: RollupState, version: number, end: number, changes: TotalsChanges | null) {
  const { storage, sizing } = deps;
  const roundRows = sizing.roundRows ?? sizing.maxRows * 10;
  let readRows = Math.min(sizing.rows, sizing.maxRows);
  let writeRows = readRows;
  let movements = 0;
  for (;;) {
    // A round left unfinished (a crash) is folded again up to its end; members written go.
    const resumed = state.round;
    const to = resumed?.to ?? end;
    const batch = new RollupBatch(days, top);
    let after = state.watermark;
    for (;;) {
      const limit = resumed ? readRows : Math.min(readRows, roundRows - batch.count);
      const started = performance.now();
      const found = await readAfter(storage.db, after, to, limit);
      for (const t of found) batch.add(t);
      if (found.length > 0) after = found.at(-1)!.id;
      readRows = resize(readRows, performance.now() - started, sizing);
      if (found.length < limit || (!resumed && batch.count >= roundRows)) break;
      await deps.between();
    }
    if (batch.count === 0 && !resumed) break;
    const roundTo = resumed?.to ?? after;
    const members = batch.byMember().filter(([id]) => resumed === undefined || id > resumed.done);
    for (let from = 0; ; ) {
      await deps.between();
      const slice = members.slice(from, from + writeRows);
      const last = from + slice.length >= members.length;
      const next: RollupState = last ? { ...state, watermark: roundTo } : { ...state, round: { to: roundTo, done: slice.at(-1)![0] } };
      if (last) delete next.round;
      const started = performance.now();
      version = await writeTransaction(storage, async (trx) => {
        await batch.writeMembers(trx, storage.dialect, slice, storage.sqlite, changes);
        if (last) await batch.writeDays(trx, storage.dialect);
        return writeState(trx, ROLLUP_STATE, next, version, deps.now());
      });
      writeRows = resize(writeRows, performance.now() - started, sizing);
      state = next;
      from += slice.length;
      if (last) break;
    }
    movements += batch.count;
    if (roundTo >= end) break;
  }
  return { movements, state, version };
}

/**
 * The next batch's size: halved when the last write transaction took too long (not below
 * 50, but never grown: a batch already under 50 keeps its size), doubled when it was quick,
 * never above `maxRows`. (The floor used to lift a slow small batch to 50 rows, past
 * `maxRows`: under load a 3-row sizing read 50.)
 */
export function resize(rows: number, tookMs: number, sizing: BatchSizing): number {
  if (tookMs > sizing.targetMs * 1.5) return Math.min(sizing.maxRows, Math.max(Math.min(rows, 50), Math.floor(rows / 2)));
  if (tookMs < sizing.targetMs / 2) return Math.min(sizing.maxRows, rows * 2);
  return rows;
}

/** PostgreSQL: the state after a batch: the watermark moves to the last id read, the holes are kept. */
function advance(state: RollupState, found: TransactionFact[], late: TransactionFact[], now: number): RollupState {
  const last = found.at(-1)?.id ?? state.watermark;
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
  await trx.deleteFrom('stats_state').where('name', '=', TOP_STATE).execute();
  if (dialect === 'postgres') {
    await sql`truncate ${sql.join(ROLLUP_TABLES.map((t) => sql.table(t)))}`.execute(trx);
    return;
  }
  for (const table of ROLLUP_TABLES) await trx.deleteFrom(table).execute();
}
