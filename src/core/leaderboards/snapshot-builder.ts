/**
 * Builds the boards' ranked snapshot into the idle slot, then flips to it (SPEC §9, §11).
 *
 * Ranks come from the scores in `member_totals` of the members opted in: most besitos first,
 * then whoever reached the score first (time, then transaction id, of the earning that
 * reached it). Stored ranks make a position one indexed lookup instead of a count of the
 * members above. The scores carry no index (every rolled-up member would move in it): each
 * build sorts its board once.
 *
 * - SQLite: the board is read sorted in one read (no lock), then written in short write
 *   transactions whose size adapts to `sizing.targetMs`, so presses are never stalled.
 * - PostgreSQL: one INSERT … SELECT per board (no database-wide write lock to share).
 * - Nothing new (no movement rolled up, no opt-in change, same periods and zone): the
 *   current slot stays, only its time moves on.
 * - Opt-outs while building: an opt-out deletes the member from both slots (gap rows); on
 *   PostgreSQL a build statement may not see that delete, so the flip takes the members who
 *   opted out since the build began out of the new slot, holding the lock every opt-out
 *   shares (`for share` on the snapshot's state row).
 */
import { sql } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { resize, type BatchSizing } from '../stats/rollup.js';
import { BOARDS_STATE, writeState } from '../stats/stats-state.js';
import { boardColumns, onBoard } from './board-columns.js';
import { BOARDS, periodOf, type Board } from './boards.js';
import { removeFromSlot } from './optins.js';
import { rankTable, readSnapshot, type BoardSnapshot, type BoardsSnapshot, type RankTable, type Slot } from './snapshot.js';

export interface BuildDeps {
  storage: Storage;
  now: () => number;
  /** SQLite: ranks per write transaction, adapting to its target duration. */
  sizing: BatchSizing;
  between: () => Promise<void>;
}

/** `changed`: movements were rolled up since the last build (else it may be kept). */
export async function buildSnapshot(deps: BuildDeps, asOf: number, day: number, timezone: string, changed: boolean): Promise<BoardsSnapshot> {
  const { storage } = deps;
  const current = await readSnapshot(storage.db);
  const mark = await lastChange(storage.db);
  const periods = Object.fromEntries(BOARDS.map((b) => [b, periodOf(b, day)])) as Record<Board, number>;
  const prev = current?.value;
  if (!changed && prev && prev.mark === mark && prev.timezone === timezone && BOARDS.every((b) => prev.boards[b].period === periods[b])) {
    const kept: BoardsSnapshot = { ...prev, asOf };
    await writeTransaction(storage, (trx) => writeState(trx, BOARDS_STATE, kept, current.version, deps.now()));
    return kept;
  }
  const slot: Slot = prev?.slot === 0 ? 1 : 0;
  const table = rankTable(slot);
  await writeTransaction(storage, async (trx) => {
    if (storage.dialect === 'postgres') await sql`truncate ${sql.table(table)}`.execute(trx);
    else await trx.deleteFrom(table).execute();
    await trx.deleteFrom('leaderboard_gaps').where('slot', '=', slot).execute();
  });
  const boards = {} as Record<Board, BoardSnapshot>;
  for (const board of BOARDS) {
    const period = periods[board];
    const size = storage.dialect === 'postgres' ? await fillAtOnce(storage.db, table, board, period) : await fillInChunks(deps, table, board, period);
    boards[board] = { period, size };
  }
  const next: BoardsSnapshot = { slot, asOf, timezone, boards, mark };
  await writeTransaction(storage, async (trx) => {
    if (storage.dialect === 'postgres') {
      await trx.selectFrom('stats_state').select('version').where('name', '=', BOARDS_STATE).forUpdate().execute();
    }
    const left = await trx
      .selectFrom('leaderboard_optin_changes as c')
      .select('c.member_id')
      .distinct()
      .where('c.id', '>', mark)
      .where('c.opted_in', '=', 0)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('leaderboard_optins as o').select('o.member_id').whereRef('o.member_id', '=', 'c.member_id'))))
      .execute();
    for (const row of left) await removeFromSlot(trx, slot, Number(row.member_id));
    await writeState(trx, BOARDS_STATE, next, current?.version ?? null, deps.now());
  });
  return next;
}

async function lastChange(db: Executor): Promise<number> {
  const row = await db.selectFrom('leaderboard_optin_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** The opted-in members on the board, their score and when they reached it, best first. */
function boardLines(board: Board, period: number) {
  const c = boardColumns(board, 't');
  return sql<{ m: number; s: number; a: number; i: number }>`
    select t.member_id as m, ${c.score} as s, ${c.at} as a, ${c.id} as i
      from leaderboard_optins o
      join member_totals t on t.member_id = o.member_id
     where ${onBoard(board, period, 't')}
     order by ${c.score} desc, ${c.at}, ${c.id}`;
}

async function fillAtOnce(db: Executor, table: RankTable, board: Board, period: number): Promise<number> {
  const result = await sql`
    insert into ${sql.table(table)} (board, rank, member_id, score, reached_at, reached_id)
    select ${board}, row_number() over (order by b.s desc, b.a, b.i), b.m, b.s, b.a, b.i
      from (${boardLines(board, period)}) as b`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * SQLite: the board is sorted and numbered in one statement into a temporary table of this
 * connection (its own file: no lock on the economy's database, which is only read), then
 * copied into the slot by ranges of ranks in short write transactions.
 */
async function fillInChunks(deps: BuildDeps, table: RankTable, board: Board, period: number): Promise<number> {
  const db = deps.storage.db;
  await sql`create temp table if not exists leaderboard_sorted (
              rank integer primary key, member_id integer not null, score integer not null, reached_at integer not null, reached_id integer not null)`.execute(db);
  await sql`delete from temp.leaderboard_sorted`.execute(db);
  const sorted = await sql`
    insert into temp.leaderboard_sorted (rank, member_id, score, reached_at, reached_id)
    select row_number() over (order by b.s desc, b.a, b.i), b.m, b.s, b.a, b.i from (${boardLines(board, period)}) as b`.execute(db);
  const total = Number(sorted.numAffectedRows ?? 0);
  let rows = Math.min(deps.sizing.rows, deps.sizing.maxRows);
  for (let from = 1; from <= total; ) {
    const to = Math.min(total, from + rows - 1);
    const started = performance.now();
    await writeTransaction(deps.storage, (trx) =>
      sql`insert into ${sql.table(table)} (board, rank, member_id, score, reached_at, reached_id)
          select ${board}, rank, member_id, score, reached_at, reached_id from temp.leaderboard_sorted where rank between ${from} and ${to}`.execute(trx),
    );
    from = to + 1;
    rows = resize(rows, performance.now() - started, deps.sizing);
    if (from <= total) await deps.between();
  }
  await sql`delete from temp.leaderboard_sorted`.execute(db);
  return total;
}
