/**
 * A snapshot slot built without stalling presses (issue 12), the same way on both databases.
 * On SQLite every statement runs on the process's one thread and every write holds the
 * database's one writer lock; on PostgreSQL the server's two cores are the presses' too. So
 * the build is cut into slices of a few milliseconds with a pause between (`between`: the
 * refresh's pacer), and nothing long happens in SQL:
 * 1. read: the opted-in members with besitos, in member order, rows as
 *    arrays (SQLite by key ranges, PostgreSQL by a cursor: pg-cursor-batches.ts; only the
 *    refresher writes `member_totals`, so ranges agree);
 * 2. sort: each board in memory, by a merge sort that stops every few milliseconds;
 * 3. write: the slot's previous content goes at once (emptySlot), then each board's lines
 *    in rank blocks, then every member's places in place blocks (line-blocks.ts): ~100k rows
 *    at 1M members, in short write transactions whose size adapts to `sizing.targetMs`.
 *    Readers never read the slot until the flip.
 */
import type { Statement as SqliteStatement } from 'better-sqlite3';
import { sql } from 'kysely';
import { pgCursorBatches } from '../../storage/pg-cursor-batches.js';
import { sqliteReads } from '../../storage/sqlite-range-reads.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { resize } from '../stats/rollup.js';
import { BOARDS, type Board } from './boards.js';
import { applyUpdates, boardKeys, TOTALS_RETURNING, type BoardCache, type BoardLines, type TotalsRow } from './board-lines.js';
import { sortSteps, type SortKeys } from './line-sort.js';
import type { BuildDeps } from './snapshot-builder.js';
import { encodeLines, PLACE_LINES, PLACE_WIDTH, placeBlocks, placeRankAt, RANK_LINES, RANK_WIDTH, rankBlocks } from './line-blocks.js';
import type { Slot } from './snapshot.js';

/** A slot built: each board's size (for the flip), and its lines and orders (for the next build). */
export interface FilledSlot {
  sizes: Record<Board, number>;
  lines: BoardLines;
  orders: Record<Board, Uint32Array>;
}

/** Starting from the last build's lines: the cache and each changed member's totals (null: off every board). */
export interface FromCache {
  cache: BoardCache;
  updates: ReadonlyMap<number, TotalsRow | null>;
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

interface Read extends BoardLines {
  /** Per board, the rows on it. */
  rows: Record<Board, Uint32Array>;
}

/**
 * What readLines reads of `member_totals`, in this order, for opted-in members with besitos,
 * in member order. SQLite reads it by ranges of the key (`after`, `limit`): its table is its
 * key's B-tree, so a range is a run of neighbouring pages. PostgreSQL reads it whole through
 * a cursor (pgCursorBatches, which says why).
 */
const TOTALS_COLUMNS = `
  select ${TOTALS_RETURNING.map((c) => `t.${c}`).join(', ')}
    from member_totals t
   where t.earned > 0
     and exists (select 1 from leaderboard_optins o where o.member_id = t.member_id)`;
const TOTALS_RANGE = `${TOTALS_COLUMNS} and t.member_id > ? order by t.member_id limit ?`;
const TOTALS_ALL = `${TOTALS_COLUMNS} order by t.member_id`;

/** The rows of TOTALS_COLUMNS in member order, in batches sized towards `sizing.targetMs`. */
async function* totalsBatches(deps: BuildDeps): AsyncGenerator<unknown[][], void, void> {
  let rows = Math.min(deps.sizing.rows, deps.sizing.maxRows);
  let started = performance.now();
  const next = () => {
    rows = resize(rows, performance.now() - started, deps.sizing);
    started = performance.now();
  };
  const pool = deps.storage.pgPool;
  if (deps.storage.dialect === 'postgres' && pool) {
    for await (const batch of pgCursorBatches(pool, TOTALS_ALL, () => rows)) {
      next();
      yield batch;
      await deps.between();
      started = performance.now();
    }
    return;
  }
  const raw = deps.storage.sqlite;
  if (!raw) throw new Error('reading the totals by ranges needs the SQLite handle');
  const reads = sqliteReads(deps.storage.db, raw);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const found = await reads.all(TOTALS_RANGE, [after, rows]);
    const full = found.length === rows;
    next();
    yield found;
    if (!full) return;
    after = Number(found.at(-1)![0]);
    await deps.between();
    started = performance.now();
  }
}

/**
 * Step 1: the opted-in members with besitos, with their score on each board (0 off a board).
 * Rows come as arrays: on SQLite as Kysely's row objects the read was ~2.5× slower at 1M
 * members (7.8 s measured here).
 */
async function readLines(deps: BuildDeps, periods: Record<Board, number>): Promise<Read> {
  const member = new Column();
  const cols = Object.fromEntries(BOARDS.map((b) => [b, { score: new Column(), at: new Column(), id: new Column() }])) as Record<
    Board,
    { score: Column; at: Column; id: Column }
  >;
  const onBoard = Object.fromEntries(BOARDS.map((b) => [b, [] as number[]])) as Record<Board, number[]>;
  for await (const found of totalsBatches(deps)) {
    for (const r of found) {
      const row = member.length;
      member.push(Number(r[0]));
      const on = boardKeys(r, periods);
      for (const b of BOARDS) {
        const k = on[b];
        cols[b].score.push(k ? k[0] : 0);
        cols[b].at.push(k ? k[1] : 0);
        cols[b].id.push(k ? k[2] : 0);
        if (k) onBoard[b].push(row);
      }
    }
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
 * Writes `count` blocks of `lines` lines each in slices: `write(trx, from, to)` writes blocks
 * `from`…`to − 1` in one write transaction; the slice's lines adapt to its duration.
 */
async function inSlices(deps: BuildDeps, count: number, lines: number, write: (trx: Executor, from: number, to: number) => Promise<unknown>): Promise<void> {
  let rows = Math.min(deps.sizing.rows, deps.sizing.maxRows);
  for (let from = 0; from < count; ) {
    const to = Math.min(count, from + Math.max(1, Math.floor(rows / lines)));
    const started = performance.now();
    await writeTransaction(deps.storage, (trx) => write(trx, from, to));
    rows = resize(rows, performance.now() - started, deps.sizing);
    from = to;
    await deps.between();
  }
}

/** Fills the slot (see the header); returns what the flip needs. */
export async function fillSlot(deps: BuildDeps, slot: Slot, periods: Record<Board, number>, start: FromCache | null): Promise<FilledSlot> {
  let read: BoardLines;
  let orders = {} as Record<Board, Uint32Array>;
  if (start) {
    ({ lines: read, orders } = await applyUpdates(start.cache.lines, start.cache.orders, start.updates, periods, (rows, keys) => sortBoard(deps, rows, keys), deps.between));
  } else {
    const all = await readLines(deps, periods);
    for (const board of BOARDS) orders[board] = await sortBoard(deps, all.rows[board], all.keys[board]);
    read = all;
  }
  const n = read.members.length;
  await emptySlot(deps, slot);
  const sizes = {} as Record<Board, number>;
  // Per board (in BOARDS' order): each row's rank and the score of the line above it.
  const ranks: Uint32Array[] = [];
  const aboves: Float64Array[] = [];
  const insert = blockInserter(deps);
  for (const board of BOARDS) {
    const order = orders[board];
    const { score, at, id } = read.keys[board];
    // Each row's rank and the score of the line above it, walked in rank order once: the
    // place blocks below then read every array in row order (looking the line above up
    // from each row was two dependent random reads per row and board).
    const rankOf = new Uint32Array(n);
    const aboveOf = new Float64Array(n);
    let above = 0;
    for (let i = 0; i < order.length; i++) {
      // Random writes over 1M rows take ~50 ms: let presses in on the way.
      if (i > 0 && i % WALK_PAUSE_EVERY === 0) await deps.between();
      const row = order[i]!;
      rankOf[row] = i + 1;
      aboveOf[row] = above;
      above = score[row]!;
    }
    ranks.push(rankOf);
    aboves.push(aboveOf);
    sizes[board] = order.length;
    await inSlices(deps, Math.ceil(order.length / RANK_LINES), RANK_LINES, async (trx, from, to) => {
      const rows: unknown[][] = [];
      for (let block = from; block < to; block++) {
        const first = block * RANK_LINES;
        const last = Math.min(order.length, first + RANK_LINES);
        const lines = new Float64Array((last - first) * RANK_WIDTH);
        for (let i = first, o = 0; i < last; i++, o += RANK_WIDTH) {
          const row = order[i]!;
          lines[o] = read.members[row]!;
          lines[o + 1] = score[row]!;
          lines[o + 2] = at[row]!;
          lines[o + 3] = id[row]!;
        }
        rows.push([board, block, lines[1]!, lines[2]!, lines[3]!, encodeLines(lines)]);
      }
      await insert(trx, rankBlocks(slot), RANK_COLUMNS, rows);
    });
  }
  const scores = BOARDS.map((b) => read.keys[b].score);
  await inSlices(deps, Math.ceil(n / PLACE_LINES), PLACE_LINES, async (trx, from, to) => {
    const rows: unknown[][] = [];
    for (let block = from; block < to; block++) {
      const first = block * PLACE_LINES;
      const last = Math.min(n, first + PLACE_LINES);
      const lines = new Float64Array((last - first) * PLACE_WIDTH);
      for (let row = first, o = 0; row < last; row++, o += PLACE_WIDTH) {
        lines[o] = read.members[row]!;
        for (let i = 0; i < BOARDS.length; i++) {
          const rank = ranks[i]![row]!;
          const r = placeRankAt(o, i);
          lines[r] = rank;
          if (rank === 0) continue; // off this board: its score and the one above stay 0
          lines[r + 1] = scores[i]![row]!;
          lines[r + 2] = aboves[i]![row]!; // 0 for the first
        }
      }
      rows.push([lines[0]!, encodeLines(lines)]);
    }
    await insert(trx, placeBlocks(slot), PLACE_COLUMNS, rows);
  });
  if (deps.storage.dialect === 'postgres') {
    // The tables were emptied and refilled: without fresh statistics the planner may scan them.
    await deps.between();
    await sql`analyze ${sql.table(rankBlocks(slot))}, ${sql.table(placeBlocks(slot))}`.execute(deps.storage.db);
  }
  return { sizes, lines: { members: read.members, keys: read.keys }, orders };
}

/** Lines walked in rank order between two pauses. */
const WALK_PAUSE_EVERY = 200_000;

const RANK_COLUMNS = ['board', 'block', 'first_score', 'first_at', 'first_id', 'lines'] as const;
const PLACE_COLUMNS = ['first_member', 'lines'] as const;

type BlockInsert = (trx: Executor, table: string, columns: readonly string[], rows: unknown[][]) => Promise<void>;

/**
 * Writes block rows (values in `columns`' order). SQLite: row by row through one statement
 * per table prepared on the connection the write transaction holds (there is one), as the
 * rollup's upserts do: at 1M members a build writes ~100k rows, and building each slice's
 * multi-row insert in Kysely (parse, compile, a fresh statement for every new row count)
 * cost about as much as SQLite's own work. PostgreSQL: one multi-row insert per slice.
 */
function blockInserter(deps: BuildDeps): BlockInsert {
  const raw = deps.storage.sqlite;
  if (deps.storage.dialect === 'sqlite' && raw) {
    const statements = new Map<string, SqliteStatement>();
    return async (_trx, table, columns, rows) => {
      let statement = statements.get(table);
      if (!statement) {
        statement = raw.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
        statements.set(table, statement);
      }
      for (const row of rows) statement.run(row);
    };
  }
  return async (trx, table, columns, rows) => {
    const objects = rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
    // Both slots' tables have the same columns; the type system is shown one of them.
    await trx.insertInto(table as 'leaderboard_place_blocks_0').values(objects as never).execute();
  };
}

/**
 * The slot's previous content and its gaps go in one write transaction: on SQLite a `DELETE`
 * without `WHERE` frees the tables' pages without visiting rows, on PostgreSQL a TRUNCATE.
 * With blocks it is a few thousand rows (one row a line made it 0.2–1.2 s at 1M members).
 */
async function emptySlot(deps: BuildDeps, slot: Slot): Promise<void> {
  await deps.between();
  await writeTransaction(deps.storage, async (trx) => {
    if (deps.storage.dialect === 'postgres') {
      await sql`truncate ${sql.table(rankBlocks(slot))}, ${sql.table(placeBlocks(slot))}`.execute(trx);
    } else {
      await trx.deleteFrom(rankBlocks(slot)).execute();
      await trx.deleteFrom(placeBlocks(slot)).execute();
    }
    await trx.deleteFrom('leaderboard_gaps').where('slot', '=', slot).execute();
  });
  await deps.between();
}
