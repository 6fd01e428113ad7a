/**
 * Reading the boards (SPEC §9) from the current snapshot slot, stored in blocks of lines
 * (line-blocks.ts): a page is one or two rank blocks, a listed member's position is their
 * place block, an unlisted member's (opted out, or opted in since the last refresh) is one
 * lookup of the block their score falls in and a binary search in it. Gaps left by
 * opt-outs since the slot was built are few (they go at the next refresh) and are counted
 * off in memory.
 *
 * The snapshot's state (which slot, what each board holds) may come from the caller's cache
 * (leaderboards-service.ts): every read checks its version in the same statement that reads
 * the gaps, and answers `null` when the snapshot moved on, to be read again. On PostgreSQL this
 * saves a page or a position one round trip of the two or three it takes.
 */
import { sql } from 'kysely';
import { dayNumber } from '../economy-day.js';
import type { Executor } from '../../storage/write-transaction.js';
import { boardColumns, onBoard } from './board-columns.js';
import { periodLabel, periodOf, type Board, type BoardPeriod } from './boards.js';
import { countBelow } from './line-sort.js';
import { lastRankAhead, readPlace, walkLines, type RankLine } from './line-blocks.js';
import { BOARDS_STATE } from '../stats/stats-state.js';
import type { BoardsSnapshot, Slot } from './snapshot.js';

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
  /** The version of the snapshot's state it was taken from; null before the first refresh. */
  version: number | null;
}

export const TOP_PERCENT_FROM = 100;

export function boardView(stored: { value: BoardsSnapshot; version: number } | null, board: Board, now: number, timezone: string): BoardView {
  const snapshot = stored?.value;
  const period = periodOf(board, dayNumber(now, snapshot?.timezone ?? timezone));
  if (!stored || !snapshot) return { board, slot: null, size: 0, period, asOf: null, version: null };
  const built = snapshot.boards[board];
  const { version } = stored;
  // A week or month that began after the snapshot has nobody on it as of the snapshot.
  if (built.period !== period) return { board, slot: null, size: 0, period, asOf: snapshot.asOf, version };
  return { board, slot: snapshot.slot, size: built.size, period, asOf: snapshot.asOf, version };
}

/**
 * Ranks taken out since the slot was built, ascending; null when the snapshot's state is no
 * longer the version the view was taken from (one statement: the check costs no round trip).
 */
async function gaps(db: Executor, view: BoardView): Promise<number[] | null> {
  const rows = await db
    .selectFrom('stats_state as s')
    .leftJoin('leaderboard_gaps as g', (join) => join.on('g.slot', '=', view.slot ?? -1).on('g.board', '=', view.board))
    .select(['s.version', 'g.rank'])
    .where('s.name', '=', BOARDS_STATE)
    .orderBy('g.rank')
    .execute();
  const version = rows.length === 0 ? null : Number(rows[0]!.version);
  if (version !== view.version) return null;
  return rows.flatMap((r) => (r.rank === null ? [] : [Number(r.rank)]));
}


export type Cursor = { after: number } | { before: number };

export function encodeCursor(cursor: Cursor): string {
  return 'after' in cursor ? `a${cursor.after}` : `b${cursor.before}`;
}

/** A page of the board; null when the view's snapshot moved on (take a new view and read again). */
export async function readPage(db: Executor, view: BoardView, cursor: Cursor | null, limit: number): Promise<LeaderboardPage | null> {
  const empty: LeaderboardPage = {
    board: view.board,
    period: periodLabel(view.board, view.period),
    asOf: view.asOf === null ? null : new Date(view.asOf),
    members: 0,
    entries: [],
    nextCursor: null,
    prevCursor: null,
  };
  const backwards = cursor !== null && 'before' in cursor;
  const start = cursor === null ? 1 : 'after' in cursor ? cursor.after + 1 : cursor.before - 1;
  // In parallel: on PostgreSQL each read is a round trip of its own.
  const [taken, lines] = await Promise.all([
    gaps(db, view),
    view.slot === null ? Promise.resolve([]) : walkLines(db, view.slot, view.board, view.size, start, backwards ? -1 : 1, limit + 1),
  ]);
  if (taken === null) return null;
  if (view.slot === null) return empty;
  const more = lines.length > limit;
  const shown = lines.slice(0, limit);
  if (backwards) shown.reverse();
  const names = await memberNames(db, shown);
  const entries = shown.map((line) => {
    const who = names.get(line.memberId);
    const username = who?.username ?? null;
    const firstName = who?.first_name ?? null;
    return {
      position: line.rank - countBelow(taken, line.rank),
      memberId: line.memberId,
      name: username ? `@${username}` : firstName,
      username,
      firstName,
      score: line.score,
      level: who?.level === null || who?.level === undefined ? 1 : Number(who.level),
      rank: line.rank,
    };
  });
  const first = entries[0];
  const last = entries.at(-1);
  // Backwards, a next page exists when a line below the last shown is still on the board.
  const hasNext = backwards ? last !== undefined && view.size - last.rank > taken.length - countBelow(taken, last.rank + 1) : more;
  return {
    ...empty,
    members: view.size - taken.length,
    entries: entries.map(({ rank: _rank, ...entry }) => entry),
    nextCursor: hasNext && last ? encodeCursor({ after: last.rank }) : null,
    prevCursor: first && first.position > 1 ? encodeCursor({ before: first.rank }) : null,
  };
}

/** The names and levels of the members on a page, by id. */
async function memberNames(db: Executor, lines: RankLine[]) {
  if (lines.length === 0) return new Map<number, { username: string | null; first_name: string | null; level: number | null }>();
  const rows = await db
    .selectFrom('members as m')
    .leftJoin('profiles as p', 'p.member_id', 'm.id')
    .select(['m.id', 'm.username', 'm.first_name', 'p.level'])
    .where(
      'm.id',
      'in',
      lines.map((l) => l.memberId),
    )
    .execute();
  return new Map(rows.map((r) => [Number(r.id), { username: r.username ?? null, first_name: r.first_name ?? null, level: r.level ?? null }]));
}

interface Line {
  rank: number;
  score: number;
}

/** `optedIn`: the member's choice, read beside the rest. Null when the view's snapshot moved on (take a new view and read again). */
export async function readPosition(db: Executor, view: BoardView, memberId: number, optedIn: Promise<boolean>): Promise<MemberPosition | null> {
  const slot = view.slot;
  // In parallel (round trips on PostgreSQL): the choice, the gaps, the member's places, their own score.
  const [chose, taken, places, mine] = await Promise.all([
    optedIn,
    gaps(db, view),
    slot === null ? Promise.resolve(undefined) : readPlace(db, slot, memberId),
    ownScore(db, view, memberId),
  ]);
  if (taken === null) return null;
  const base = {
    board: view.board,
    period: periodLabel(view.board, view.period),
    asOf: view.asOf === null ? null : new Date(view.asOf),
    memberId,
    optedIn: chose,
  };
  const members = view.size - taken.length;
  const place = (rank: number) => rank - countBelow(taken, rank);
  const answer = (score: number, position: number | null, outOf: number, listed: boolean, above: Line | null): MemberPosition => ({
    ...base,
    listed,
    score,
    position,
    outOf,
    ahead: position !== null && above ? { position: place(above.rank), score: above.score, gap: above.score - score } : null,
    topPercent: position !== null && outOf >= TOP_PERCENT_FROM ? Math.max(1, Math.ceil((position * 100) / outOf)) : null,
  });
  // The nearest line still on the board at or above `rank`.
  const lineFrom = async (rank: number): Promise<Line | null> => (slot === null ? null : ((await walkLines(db, slot, view.board, view.size, rank, -1, 1))[0] ?? null));

  const own = places?.[view.board];
  if (own) {
    // The line above as built, unless it was taken out since (then the nearest one still on).
    const aboveGone = countBelow(taken, own.rank) - countBelow(taken, own.rank - 1) === 1;
    const above = own.rank === 1 ? null : aboveGone ? await lineFrom(own.rank - 1) : { rank: own.rank - 1, score: own.aboveScore };
    return answer(own.score, place(own.rank), members, true, above);
  }
  // Not listed: where the member's own score would put them among the listed.
  if (!mine) return answer(0, null, members, false, null);
  const { score, at, id } = mine;
  if (slot === null) return answer(score, 1, 1, false, null);
  // The last line ahead of the member (its block by the blocks' first lines, then a binary
  // search), then the nearest one still on the board.
  const ahead = await lastRankAhead(db, slot, view.board, score, at, id);
  const line = ahead === null ? null : ahead.memberId !== 0 ? ahead : await lineFrom(ahead.rank);
  if (!line) return answer(score, 1, members + 1, false, null);
  return answer(score, place(line.rank) + 1, members + 1, false, line);
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
