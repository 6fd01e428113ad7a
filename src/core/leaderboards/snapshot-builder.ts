/**
 * Builds the boards' ranked snapshot into the idle slot, then flips to it (SPEC §9, §11).
 *
 * Ranks come from the scores in `member_totals` of the members opted in: most besitos first,
 * then whoever reached the score first (time, then transaction id, of the earning that
 * reached it). Stored ranks make a position one lookup by member instead of a count of the
 * members above. The scores carry no index (every rolled-up member would move in it): each
 * build sorts its boards once.
 *
 * - SQLite (sqlite-slot-fill.ts): read in ranges, sorted in memory in steps, the slot
 *   emptied at once, then written in short write transactions with the refresh's pauses
 *   between: presses keep their turns.
 * - PostgreSQL: the slot is emptied, then one INSERT … SELECT per board in rank order and
 *   one for the places in member order (no database-wide write lock to share; the pauses
 *   between statements leave the server's CPU to presses), then ANALYZE so the readers'
 *   plans know the new tables.
 * - Nothing new (no movement rolled up, no opt-in change, same periods and zone): the
 *   current slot stays, only its time moves on; unless, on PostgreSQL, its unlogged tables
 *   came back empty from a server crash (0014): then it is built again.
 * - Opt-outs while building: an opt-out deletes the member from both slots (gap rows). The
 *   flip then takes every member who opted out since the build began out of the new slot
 *   and sets its gaps: on SQLite from the ranks the builder kept in memory (an opt-out
 *   during the build may have come before the member's rows were written);
 *   on PostgreSQL a build statement may not see an opt-out's delete, so the flip removes the
 *   members still out, holding the lock every opt-out shares (`for share` on the
 *   snapshot's state row).
 */
import { sql } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import type { BatchSizing } from '../stats/rollup.js';
import { BOARDS_STATE, writeState } from '../stats/stats-state.js';
import { boardColumns, onBoard } from './board-columns.js';
import { BOARDS, periodOf, type Board } from './boards.js';
import { removeFromSlot } from './optins.js';
import { placesTable, rankTable, readSnapshot, type BoardSnapshot, type BoardsSnapshot, type Slot } from './snapshot.js';
import { fillSqliteSlot, type FilledSlot } from './sqlite-slot-fill.js';

export interface BuildDeps {
  storage: Storage;
  now: () => number;
  /** SQLite: rows per read or write transaction, adapting to its target duration. */
  sizing: BatchSizing;
  /** Between slices of work: the refresh's pause (and lease renewal). */
  between: () => Promise<void>;
}

/** `changed`: movements were rolled up since the last build (else it may be kept). */
export async function buildSnapshot(deps: BuildDeps, asOf: number, day: number, timezone: string, changed: boolean): Promise<BoardsSnapshot> {
  const { storage } = deps;
  const current = await readSnapshot(storage.db);
  const mark = await lastChange(storage.db);
  const periods = Object.fromEntries(BOARDS.map((b) => [b, periodOf(b, day)])) as Record<Board, number>;
  const prev = current?.value;
  const same = prev && prev.mark === mark && prev.timezone === timezone && BOARDS.every((b) => prev.boards[b].period === periods[b]);
  if (!changed && prev && same && !(await lostSlot(storage, prev))) {
    const kept: BoardsSnapshot = { ...prev, asOf };
    await writeTransaction(storage, (trx) => writeState(trx, BOARDS_STATE, kept, current.version, deps.now()));
    return kept;
  }
  const slot: Slot = prev?.slot === 0 ? 1 : 0;
  const boardsOf = (sizes: Record<Board, number>) =>
    Object.fromEntries(BOARDS.map((b) => [b, { period: periods[b], size: sizes[b] }])) as Record<Board, BoardSnapshot>;
  if (storage.dialect === 'postgres') {
    const sizes = await fillPostgresSlot(deps, slot, periods);
    const next: BoardsSnapshot = { slot, asOf, timezone, boards: boardsOf(sizes), mark };
    await writeTransaction(storage, async (trx) => {
      await trx.selectFrom('stats_state').select('version').where('name', '=', BOARDS_STATE).forUpdate().execute();
      for (const member of await optedOutSince(trx, mark, true)) await removeFromSlot(trx, slot, member);
      await writeState(trx, BOARDS_STATE, next, current?.version ?? null, deps.now());
    });
    return next;
  }
  const filled = await fillSqliteSlot(deps, slot, periods);
  const next: BoardsSnapshot = { slot, asOf, timezone, boards: boardsOf(filled.sizes), mark };
  await writeTransaction(storage, async (trx) => {
    await trx.deleteFrom('leaderboard_gaps').where('slot', '=', slot).execute();
    for (const member of await optedOutSince(trx, mark, false)) await takeOut(trx, slot, filled, member);
    await writeState(trx, BOARDS_STATE, next, current?.version ?? null, deps.now());
  });
  return next;
}

/** PostgreSQL: the slot's unlogged tables came back empty after a server crash (0014), yet it should hold ranks. */
async function lostSlot(storage: Storage, snapshot: BoardsSnapshot): Promise<boolean> {
  if (storage.dialect !== 'postgres' || BOARDS.every((b) => snapshot.boards[b].size === 0)) return false;
  const row = await storage.db.selectFrom(rankTable(snapshot.slot)).select('rank').limit(1).executeTakeFirst();
  return row === undefined;
}

async function lastChange(db: Executor): Promise<number> {
  const row = await db.selectFrom('leaderboard_optin_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Members who opted out after `mark` (only those still out when `stillOut`). */
async function optedOutSince(trx: Executor, mark: number, stillOut: boolean): Promise<number[]> {
  let q = trx.selectFrom('leaderboard_optin_changes as c').select('c.member_id').distinct().where('c.id', '>', mark).where('c.opted_in', '=', 0);
  if (stillOut) {
    q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('leaderboard_optins as o').select('o.member_id').whereRef('o.member_id', '=', 'c.member_id'))));
  }
  return (await q.execute()).map((r) => Number(r.member_id));
}

/** SQLite: a member who opted out during the build leaves the new slot; their ranks (as built) become gaps. */
async function takeOut(trx: Executor, slot: Slot, filled: FilledSlot, member: number): Promise<void> {
  const row = findRow(filled.members, member);
  if (row < 0) return;
  const ranks = rankTable(slot);
  for (const board of BOARDS) {
    const rank = filled.ranks[board][row]!;
    if (rank === 0) continue;
    await trx.deleteFrom(ranks).where('board', '=', board).where('rank', '=', rank).where('member_id', '=', member).execute();
    await trx.insertInto('leaderboard_gaps').values({ slot, board, rank }).onConflict((oc) => oc.doNothing()).execute();
  }
  await trx.deleteFrom(placesTable(slot)).where('member_id', '=', member).execute();
}

function findRow(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] === value ? lo : -1;
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

/** PostgreSQL: the slot emptied, then each board in rank order, then the places in member order. */
async function fillPostgresSlot(deps: BuildDeps, slot: Slot, periods: Record<Board, number>): Promise<Record<Board, number>> {
  const { storage } = deps;
  const ranks = sql.table(rankTable(slot));
  const places = sql.table(placesTable(slot));
  await writeTransaction(storage, async (trx) => {
    await sql`truncate ${ranks}, ${places}`.execute(trx);
    await trx.deleteFrom('leaderboard_gaps').where('slot', '=', slot).execute();
  });
  const sizes = {} as Record<Board, number>;
  for (const board of BOARDS) {
    await deps.between();
    const result = await sql`
      insert into ${ranks} (board, rank, member_id, score, reached_at, reached_id)
      select ${board}, row_number() over (order by b.s desc, b.a, b.i), b.m, b.s, b.a, b.i
        from (${boardLines(board, periods[board])}) as b`.execute(storage.db);
    sizes[board] = Number(result.numAffectedRows ?? 0);
  }
  await deps.between();
  const cols = BOARDS.flatMap((b) => [sql`max(case when board = ${sql.lit(b)} then rank end)`, sql`max(case when board = ${sql.lit(b)} then score end)`]);
  await sql`insert into ${places} (member_id, all_rank, all_score, week_rank, week_score, month_rank, month_score)
            select member_id, ${sql.join(cols)} from ${ranks} group by member_id order by member_id`.execute(storage.db);
  await deps.between();
  // The tables were emptied and refilled: without fresh statistics the planner may scan them.
  await sql`analyze ${ranks}, ${places}`.execute(storage.db);
  return sizes;
}
