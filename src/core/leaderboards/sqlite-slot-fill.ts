/**
 * SQLite: a snapshot slot built without stalling presses (issue 12). Every statement runs
 * on the process's one thread, and every write holds the database's one writer lock, so the
 * build is cut into slices of a few milliseconds with a pause between (`between`: the
 * refresh's pacer), and nothing long happens in SQL:
 * 1. read: the opted-in members with besitos, in member order, by ranges of the key
 *    (plain reads; only the refresher writes `member_totals`, so the ranges agree);
 * 2. sort: each board in memory, by a merge sort that stops every few milliseconds;
 * 3. write: the slot's previous content goes at once (one short DELETE per table, see
 *    emptySlot), then each board's ranks in rank order (`leaderboard_ranks_<slot>`, keyed by
 *    board and rank, whose order index follows the same order), then every member's places
 *    in member order (`leaderboard_places_<slot>`, keyed by member): each table grows along
 *    its keys, never at random places in a large B-tree, in short write transactions whose
 *    size adapts to `sizing.targetMs`. Readers never read the slot until the flip.
 */
import type SqliteDatabase from 'better-sqlite3';
import { sqliteReads } from '../../storage/sqlite-range-reads.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { resize } from '../stats/rollup.js';
import { BOARDS, type Board } from './boards.js';
import { sortSteps, type SortKeys } from './line-sort.js';
import type { BuildDeps } from './snapshot-builder.js';
import { placesTable, rankTable, type Slot } from './snapshot.js';

/** What the builder keeps of a slot it wrote: each board's size and every member's rank on it. */
export interface FilledSlot {
  sizes: Record<Board, number>;
  /** Member ids in ascending order (the rows of `ranks`). */
  members: Float64Array;
  /** Per board, the rank of each row (0: not on that board). */
  ranks: Record<Board, Uint32Array>;
  /** Per board, each row's score (meaningful where ranked). */
  scores: Record<Board, Float64Array>;
}

const BLOCK = 64;

/** Inserts rows given flat (`columns.length` values a row) by statements prepared once. */
class BlockInsert {
  readonly #one: SqliteDatabase.Statement;
  readonly #block: SqliteDatabase.Statement;
  readonly #width: number;

  constructor(db: SqliteDatabase.Database, table: string, columns: readonly string[]) {
    const row = `(${columns.map(() => '?').join(', ')})`;
    const head = `insert into "${table}" (${columns.join(', ')}) values `;
    this.#one = db.prepare(head + row);
    this.#block = db.prepare(head + Array(BLOCK).fill(row).join(', '));
    this.#width = columns.length;
  }

  run(values: ReadonlyArray<number | string | null>): void {
    const w = this.#width;
    const rows = values.length / w;
    let i = 0;
    for (; i + BLOCK <= rows; i += BLOCK) this.#block.run(values.slice(i * w, (i + BLOCK) * w));
    for (; i < rows; i++) this.#one.run(values.slice(i * w, (i + 1) * w));
  }
}

/** A growable column of numbers. */
class Column {
  data = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  done(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

interface Read {
  members: Float64Array;
  keys: Record<Board, SortKeys>;
  rows: Record<Board, Uint32Array>;
}

/** The columns readLines reads of `member_totals`, in this order. */
const TOTALS_READ = `
  select t.member_id, t.earned, t.earned_at, t.earned_id,
         t.week, t.week_score, t.week_at, t.week_id,
         t.month, t.month_score, t.month_at, t.month_id
    from leaderboard_optins o
    join member_totals t on t.member_id = o.member_id
   where o.member_id > ? and t.earned > 0
   order by o.member_id
   limit ?`;

/**
 * Step 1: the opted-in members with besitos, with their score on each board (0 off a board).
 * Rows come as arrays through a statement prepared once (`sqliteReads`): as Kysely's row
 * objects the read was ~2.5× slower at 1M members (7.8 s measured here).
 */
async function readLines(deps: BuildDeps, periods: Record<Board, number>): Promise<Read> {
  const raw = deps.storage.sqlite;
  if (!raw) throw new Error('readLines needs the SQLite handle');
  const reads = sqliteReads(deps.storage.db, raw);
  const member = new Column();
  const cols = Object.fromEntries(BOARDS.map((b) => [b, { score: new Column(), at: new Column(), id: new Column() }])) as Record<
    Board,
    { score: Column; at: Column; id: Column }
  >;
  const onBoard = Object.fromEntries(BOARDS.map((b) => [b, [] as number[]])) as Record<Board, number[]>;
  let after = Number.MIN_SAFE_INTEGER;
  let rows = Math.min(deps.sizing.rows, deps.sizing.maxRows);
  for (;;) {
    const started = performance.now();
    const found = (await reads.all(TOTALS_READ, [after, rows])) as number[][];
    for (const r of found) {
      const row = member.length;
      member.push(Number(r[0]));
      const put = (b: Board, on: boolean, score: number, at: number, id: number) => {
        cols[b].score.push(on ? score : 0);
        cols[b].at.push(on ? at : 0);
        cols[b].id.push(on ? id : 0);
        if (on) onBoard[b].push(row);
      };
      put('all', true, Number(r[1]), Number(r[2]), Number(r[3]));
      put('week', Number(r[4]) === periods.week && Number(r[5]) > 0, Number(r[5]), Number(r[6]), Number(r[7]));
      put('month', Number(r[8]) === periods.month && Number(r[9]) > 0, Number(r[9]), Number(r[10]), Number(r[11]));
    }
    if (found.length < rows) break;
    after = Number(found.at(-1)![0]);
    rows = resize(rows, performance.now() - started, deps.sizing);
    await deps.between();
  }
  const keys = {} as Record<Board, SortKeys>;
  const lists = {} as Record<Board, Uint32Array>;
  for (const b of BOARDS) {
    keys[b] = { score: cols[b].score.done(), at: cols[b].at.done(), id: cols[b].id.done() };
    lists[b] = Uint32Array.from(onBoard[b]);
  }
  return { members: member.done(), keys, rows: lists };
}

/** Step 2: a board's rows best first, a few milliseconds at a time. */
async function sortBoard(deps: BuildDeps, rows: Uint32Array, keys: SortKeys): Promise<Uint32Array> {
  const steps = sortSteps(rows, keys);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await deps.between();
  }
}

/**
 * Writes `count` rows from `first` in slices: `write(from, to)` replaces one slice in its
 * own write transaction; the slice size adapts to the transaction's duration.
 */
async function inSlices(deps: BuildDeps, count: number, write: (trx: Executor, from: number, to: number) => Promise<unknown>): Promise<void> {
  let rows = Math.min(deps.sizing.rows, deps.sizing.maxRows);
  for (let from = 0; from < count; ) {
    const to = Math.min(count, from + rows);
    const started = performance.now();
    await writeTransaction(deps.storage, (trx) => write(trx, from, to));
    rows = resize(rows, performance.now() - started, deps.sizing);
    from = to;
    await deps.between();
  }
}

/** Fills the slot (see the header); returns what the flip needs. */
export async function fillSqliteSlot(deps: BuildDeps, slot: Slot, periods: Record<Board, number>): Promise<FilledSlot> {
  const read = await readLines(deps, periods);
  const n = read.members.length;
  const ranks = {} as Record<Board, Uint32Array>;
  const sizes = {} as Record<Board, number>;
  const raw = deps.storage.sqlite;
  if (!raw) throw new Error('fillSqliteSlot needs the SQLite handle');
  const orders = {} as Record<Board, Uint32Array>;
  for (const board of BOARDS) orders[board] = await sortBoard(deps, read.rows[board], read.keys[board]);
  await emptySlot(deps, slot);
  const insertRanks = new BlockInsert(raw, rankTable(slot), ['board', 'rank', 'member_id', 'score', 'reached_at', 'reached_id']);
  for (const board of BOARDS) {
    const order = orders[board];
    const rankOf = new Uint32Array(n);
    for (let i = 0; i < order.length; i++) rankOf[order[i]!] = i + 1;
    ranks[board] = rankOf;
    sizes[board] = order.length;
    const { score, at, id } = read.keys[board];
    await inSlices(deps, order.length, async (_trx, from, to) => {
      const values: Array<number | string> = [];
      for (let i = from; i < to; i++) {
        const row = order[i]!;
        values.push(board, i + 1, read.members[row]!, score[row]!, at[row]!, id[row]!);
      }
      insertRanks.run(values);
    });
  }
  const insertPlaces = new BlockInsert(raw, placesTable(slot), ['member_id', 'all_rank', 'all_score', 'week_rank', 'week_score', 'month_rank', 'month_score']);
  await inSlices(deps, n, async (_trx, from, to) => {
    const values: Array<number | null> = [];
    for (let row = from; row < to; row++) {
      values.push(read.members[row]!);
      for (const b of BOARDS) {
        const rank = ranks[b][row]!;
        values.push(rank === 0 ? null : rank, rank === 0 ? null : read.keys[b].score[row]!);
      }
    }
    insertPlaces.run(values);
  });
  return { sizes, members: read.members, ranks, scores: Object.fromEntries(BOARDS.map((b) => [b, read.keys[b].score])) as Record<Board, Float64Array> };
}

/**
 * The slot's previous content goes in one write transaction: a `DELETE` without `WHERE`
 * frees the tables' pages without visiting rows. It is the build's one long slice: 0.2–1.2 s
 * at 1M members with everyone on the boards (it reads every page of the B-trees), once per
 * build; replacing each key range just before rewriting it cost the build ~4 s more in all,
 * in short slices. Presses wait for it once; the credit loop's p99 beside a refresh stayed
 * at 5.8 ms (DEVELOPERS.md, issue 12).
 */
async function emptySlot(deps: BuildDeps, slot: Slot): Promise<void> {
  await deps.between();
  await writeTransaction(deps.storage, async (trx) => {
    await trx.deleteFrom(rankTable(slot)).execute();
    await trx.deleteFrom(placesTable(slot)).execute();
  });
  await deps.between();
}
