/**
 * Reading the boards (SPEC §9) from the current snapshot slot: a page is a range of ranks,
 * a listed member's position is one lookup by member, an unlisted member's (opted out, or
 * opted in since the last refresh) is one lookup of the first line behind their score. Gaps
 * left by opt-outs since the slot was built are few (they go at the next refresh) and are
 * counted off in memory.
 */
import { sql } from 'kysely';
import { dayNumber } from '../economy-day.js';
import type { Executor } from '../../storage/write-transaction.js';
import { boardColumns, onBoard } from './board-columns.js';
import { periodLabel, periodOf, type Board, type BoardPeriod } from './boards.js';
import { placesTable, rankTable, type BoardsSnapshot, type Slot } from './snapshot.js';

export interface LeaderboardEntry {
  /** 1 for the first; ties are ordered by who reached the score first. */
  position: number;
  memberId: number;
  /** What to call the member: `@username`, else the first name; null when neither is known. */
  name: string | null;
  username: string | null;
  firstName: string | null;
  /** Besitos earned on this board (all time, this week, this month). */
  score: number;
  level: number;
}

export interface LeaderboardPage {
  board: Board;
  /** The calendar days the board covers (economy time zone), null for all time. */
  period: BoardPeriod | null;
  /** When the snapshot was taken: the board shows the economy as of then (null before the first refresh). */
  asOf: Date | null;
  /** Members on the board. */
  members: number;
  entries: LeaderboardEntry[];
  /** Pass as `cursor` for the next or previous page; null at either end. */
  nextCursor: string | null;
  prevCursor: string | null;
}

export interface PlaceAhead {
  position: number;
  score: number;
  /** Besitos between the member and that place (0 when tied: they got there first). */
  gap: number;
}

export interface MemberPosition {
  board: Board;
  period: BoardPeriod | null;
  asOf: Date | null;
  memberId: number;
  /** The member chose to appear on the boards. */
  optedIn: boolean;
  /** The member is on the board as shown (opted in at the last refresh, with besitos on it). */
  listed: boolean;
  /** Besitos earned on this board. */
  score: number;
  /** Where the member is, or would be if listed; null without besitos on this board. */
  position: number | null;
  /** Members on the board, the member counted in when they would be. */
  outOf: number;
  /** The next place up; null for the first (or without a position). */
  ahead: PlaceAhead | null;
  /** "Top N %" (rounded up, at least 1) once the board has 100 members or more; else null. */
  topPercent: number | null;
}

/** What a board shows now: the snapshot's slot when it holds the current period, else an empty board. */
export interface BoardView {
  board: Board;
  slot: Slot | null;
  size: number;
  period: number;
  asOf: number | null;
}

export const TOP_PERCENT_FROM = 100;

export function boardView(snapshot: BoardsSnapshot | null, board: Board, now: number, timezone: string): BoardView {
  const period = periodOf(board, dayNumber(now, snapshot?.timezone ?? timezone));
  if (!snapshot) return { board, slot: null, size: 0, period, asOf: null };
  const built = snapshot.boards[board];
  // A week or month that began after the snapshot has nobody on it as of the snapshot.
  if (built.period !== period) return { board, slot: null, size: 0, period, asOf: snapshot.asOf };
  return { board, slot: snapshot.slot, size: built.size, period, asOf: snapshot.asOf };
}

/** Ranks taken out since the slot was built, ascending. */
async function gaps(db: Executor, view: BoardView): Promise<number[]> {
  if (view.slot === null) return [];
  const rows = await db.selectFrom('leaderboard_gaps').select('rank').where('slot', '=', view.slot).where('board', '=', view.board).orderBy('rank').execute();
  return rows.map((r) => Number(r.rank));
}

/** How many of the sorted gaps lie below `rank`. */
function gapsBelow(sorted: number[], rank: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type Cursor = { after: number } | { before: number };

export function encodeCursor(cursor: Cursor): string {
  return 'after' in cursor ? `a${cursor.after}` : `b${cursor.before}`;
}

export async function readPage(db: Executor, view: BoardView, cursor: Cursor | null, limit: number): Promise<LeaderboardPage> {
  const empty: LeaderboardPage = {
    board: view.board,
    period: periodLabel(view.board, view.period),
    asOf: view.asOf === null ? null : new Date(view.asOf),
    members: 0,
    entries: [],
    nextCursor: null,
    prevCursor: null,
  };
  if (view.slot === null) return empty;
  // Both slots have the same columns; the type system is shown one of them.
  const table = rankTable(view.slot) as 'leaderboard_ranks_0';
  let q = db
    .selectFrom(`${table} as r`)
    .leftJoin('members as m', 'm.id', 'r.member_id')
    .leftJoin('profiles as p', 'p.member_id', 'r.member_id')
    .select(['r.rank', 'r.member_id', 'r.score', 'm.username', 'm.first_name', 'p.level'])
    .where('r.board', '=', view.board);
  const backwards = cursor !== null && 'before' in cursor;
  if (cursor === null) q = q.orderBy('r.rank');
  else if ('after' in cursor) q = q.where('r.rank', '>', cursor.after).orderBy('r.rank');
  else q = q.where('r.rank', '<', cursor.before).orderBy('r.rank', 'desc');
  // In parallel: on PostgreSQL each read is a round trip of its own.
  const [taken, rows] = await Promise.all([gaps(db, view), q.limit(limit + 1).execute()]);
  const more = rows.length > limit;
  const shown = rows.slice(0, limit);
  if (backwards) shown.reverse();
  const entries = shown.map((r) => {
    const rank = Number(r.rank);
    const username = r.username ?? null;
    const firstName = r.first_name ?? null;
    return {
      position: rank - gapsBelow(taken, rank),
      memberId: Number(r.member_id),
      name: username ? `@${username}` : firstName,
      username,
      firstName,
      score: Number(r.score),
      level: r.level === null || r.level === undefined ? 1 : Number(r.level),
      rank,
    };
  });
  const first = entries[0];
  const last = entries.at(-1);
  let hasNext = !backwards && more;
  if (backwards && last) {
    hasNext = (await db.selectFrom(table).select('rank').where('board', '=', view.board).where('rank', '>', last.rank).limit(1).executeTakeFirst()) !== undefined;
  }
  return {
    ...empty,
    members: view.size - taken.length,
    entries: entries.map(({ rank: _rank, ...entry }) => entry),
    nextCursor: hasNext && last ? encodeCursor({ after: last.rank }) : null,
    prevCursor: first && first.position > 1 ? encodeCursor({ before: first.rank }) : null,
  };
}

interface Line {
  rank: number;
  score: number;
}

export async function readPosition(db: Executor, view: BoardView, memberId: number, optedIn: boolean): Promise<MemberPosition> {
  const base = {
    board: view.board,
    period: periodLabel(view.board, view.period),
    asOf: view.asOf === null ? null : new Date(view.asOf),
    memberId,
    optedIn,
  };
  const table = view.slot === null ? null : (rankTable(view.slot) as 'leaderboard_ranks_0');
  // In parallel (round trips on PostgreSQL): the gaps, the member's line with the one above, their own score.
  const [taken, own, mine] = await Promise.all([gaps(db, view), view.slot === null ? Promise.resolve(undefined) : listedLine(db, view.slot, view.board, memberId), ownScore(db, view, memberId)]);
  const members = view.size - taken.length;
  const place = (rank: number) => rank - gapsBelow(taken, rank);
  const answer = (score: number, position: number | null, outOf: number, listed: boolean, above: Line | null): MemberPosition => ({
    ...base,
    listed,
    score,
    position,
    outOf,
    ahead: position !== null && above ? { position: place(above.rank), score: above.score, gap: above.score - score } : null,
    topPercent: position !== null && outOf >= TOP_PERCENT_FROM ? Math.max(1, Math.ceil((position * 100) / outOf)) : null,
  });

  if (own) return answer(own.score, place(own.rank), members, true, own.above);
  // Not listed: where the member's own score would put them among the listed.
  if (!mine) return answer(0, null, members, false, null);
  const { score, at, id } = mine;
  if (table === null) return answer(score, 1, 1, false, null);
  // The last line ahead of the member: earlier within the tie, else the lowest above the score
  // (the order index read backwards). One round trip for both.
  const [tiedAhead, above] = await Promise.all([
    db
      .selectFrom(table)
      .select(['rank', 'score'])
      .where('board', '=', view.board)
      .where('score', '=', score)
      .where(sql<boolean>`(reached_at, reached_id) < (${at}, ${id})`)
      .orderBy('reached_at', 'desc')
      .orderBy('reached_id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom(table)
      .select(['rank', 'score'])
      .where('board', '=', view.board)
      .where('score', '>', score)
      .orderBy('score', 'asc')
      .orderBy('reached_at', 'desc')
      .orderBy('reached_id', 'desc')
      .limit(1)
      .executeTakeFirst(),
  ]);
  const ahead = tiedAhead ?? above;
  if (!ahead) return answer(score, 1, members + 1, false, null);
  const line = { rank: Number(ahead.rank), score: Number(ahead.score) };
  return answer(score, place(line.rank) + 1, members + 1, false, line);
}

/** The member's line on the slot's board (their places row, by key) and the line above it (by key, backwards); undefined when not listed. */
async function listedLine(db: Executor, slot: Slot, board: BoardView['board'], memberId: number): Promise<{ rank: number; score: number; above: Line | null } | undefined> {
  const ranks = sql.table(rankTable(slot));
  const [rank, score] = [sql.ref(`p.${board}_rank`), sql.ref(`p.${board}_score`)];
  const row = (
    await sql<{ rank: number | null; score: number; above_rank: number | null; above_score: number | null }>`
      select ${rank} as rank, ${score} as score, a.rank as above_rank, a.score as above_score
        from ${sql.table(placesTable(slot))} p
        left join ${ranks} a on a.board = ${board}
                            and a.rank = (select max(r.rank) from ${ranks} r where r.board = ${board} and r.rank < ${rank})
       where p.member_id = ${memberId}`.execute(db)
  ).rows[0];
  if (!row || row.rank === null) return undefined;
  const above = row.above_rank === null ? null : { rank: Number(row.above_rank), score: Number(row.above_score) };
  return { rank: Number(row.rank), score: Number(row.score), above };
}

/** The member's score on the board's period as rolled up, with when it was reached; null without one. */
async function ownScore(db: Executor, view: BoardView, memberId: number): Promise<{ score: number; at: number; id: number } | null> {
  const c = boardColumns(view.board, 't');
  const row = (
    await sql<{ s: number; a: number; i: number }>`
      select ${c.score} as s, ${c.at} as a, ${c.id} as i
        from member_totals t
       where t.member_id = ${memberId} and ${onBoard(view.board, view.period, 't')}`.execute(db)
  ).rows[0];
  return row ? { score: Number(row.s), at: Number(row.a), id: Number(row.i) } : null;
}
