/**
 * Builds the boards' ranked snapshot into the idle slot, then flips to it (SPEC §9, §11).
 *
 * Ranks come from `leaderboard_scores` of the members opted in: most besitos first, then
 * whoever reached the score first (time, then transaction id, of the earning that reached
 * it). Stored ranks make a position one indexed lookup instead of a count of the members
 * above.
 *
 * - SQLite: the slot is filled in short write transactions of `chunk` ranks each, by keyset
 *   over the scores' index (within a tie, then below it), so presses are never stalled.
 * - PostgreSQL: one INSERT … SELECT per board (no database-wide write lock to share).
 * - Opt-outs while building: an opt-out deletes the member from both slots (gap rows); on
 *   PostgreSQL a build statement may not see that delete, so the flip takes the members who
 *   opted out since the build began out of the new slot, holding the lock every opt-out
 *   shares (`for share` on the snapshot's state row).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { BOARDS_STATE, writeState } from '../stats/stats-state.js';
import { BOARDS, periodOf, type Board } from './boards.js';
import { rankTable, readSnapshot, type BoardSnapshot, type BoardsSnapshot, type RankTable, type Slot } from './snapshot.js';
import { removeFromSlot } from './optins.js';

export interface BuildDeps {
  storage: Storage;
  now: () => number;
  /** SQLite: ranks per write transaction. */
  chunk: number;
  between: () => Promise<void>;
}

export async function buildSnapshot(deps: BuildDeps, asOf: number, day: number, timezone: string): Promise<BoardsSnapshot> {
  const { storage } = deps;
  const current = await readSnapshot(storage.db);
  const slot: Slot = current?.value.slot === 0 ? 1 : 0;
  const table = rankTable(slot);
  await writeTransaction(storage, async (trx) => {
    if (storage.dialect === 'postgres') await sql`truncate ${sql.table(table)}`.execute(trx);
    else await trx.deleteFrom(table).execute();
    await trx.deleteFrom('leaderboard_gaps').where('slot', '=', slot).execute();
  });
  const mark = await lastChange(storage.db);
  const boards = {} as Record<Board, BoardSnapshot>;
  for (const board of BOARDS) {
    const period = periodOf(board, day);
    const size = storage.dialect === 'postgres' ? await fillAtOnce(storage.db, table, board, period) : await fillInChunks(deps, table, board, period);
    boards[board] = { period, size };
  }
  const next: BoardsSnapshot = { slot, asOf, timezone, boards };
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

const optedIn = sql`exists (select 1 from leaderboard_optins o where o.member_id = s.member_id)`;

async function fillAtOnce(db: Executor, table: RankTable, board: Board, period: number): Promise<number> {
  const result = await sql`
    insert into ${sql.table(table)} (board, rank, member_id, score, reached_at, reached_id)
    select ${board}, row_number() over (order by s.score desc, s.reached_at, s.reached_id), s.member_id, s.score, s.reached_at, s.reached_id
      from leaderboard_scores s
     where s.board = ${board} and s.period = ${period} and s.score > 0 and ${optedIn}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

interface Key {
  score: number;
  reached_at: number;
  reached_id: number;
}

async function fillInChunks(deps: BuildDeps, table: RankTable, board: Board, period: number): Promise<number> {
  let rank = 0;
  let key: Key | null = null;
  for (;;) {
    const from: Key | null = key;
    const base = rank;
    const inserted = await writeTransaction(deps.storage, async (trx) => {
      if (from === null) return insertRanks(trx, table, board, base, sql`s.board = ${board} and s.period = ${period}`, deps.chunk);
      // The rest of the tie first (an index range on score, then time and id), then below it.
      const tied = await insertRanks(
        trx,
        table,
        board,
        base,
        sql`s.board = ${board} and s.period = ${period} and s.score = ${from.score} and (s.reached_at, s.reached_id) > (${from.reached_at}, ${from.reached_id})`,
        deps.chunk,
      );
      if (tied === deps.chunk) return tied;
      const below = await insertRanks(
        trx,
        table,
        board,
        base + tied,
        sql`s.board = ${board} and s.period = ${period} and s.score < ${from.score}`,
        deps.chunk - tied,
      );
      return tied + below;
    });
    rank += inserted;
    if (inserted < deps.chunk) return rank;
    const last = await deps.storage.db
      .selectFrom(table)
      .select(['score', 'reached_at', 'reached_id'])
      .where('board', '=', board)
      .where('rank', '=', rank)
      .executeTakeFirstOrThrow();
    key = { score: Number(last.score), reached_at: Number(last.reached_at), reached_id: Number(last.reached_id) };
    await deps.between();
  }
}

async function insertRanks(trx: Executor, table: RankTable, board: Board, base: number, where: RawBuilder<unknown>, limit: number): Promise<number> {
  // The LIMIT sits inside, so row_number() numbers this chunk only (not every row after it).
  const result = await sql`
    insert into ${sql.table(table)} (board, rank, member_id, score, reached_at, reached_id)
    select ${board}, ${base} + row_number() over (order by c.score desc, c.reached_at, c.reached_id), c.member_id, c.score, c.reached_at, c.reached_id
      from (select s.member_id, s.score, s.reached_at, s.reached_id
              from leaderboard_scores s
             where ${where} and s.score > 0 and ${optedIn}
             order by s.score desc, s.reached_at, s.reached_id
             limit ${limit}) as c`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
