/**
 * The leaderboards as adapters use them (SPEC §9): the opt-in (off by default, stored and
 * audited), pages of a board, a member's own position (opted in or not), and `top` — a page
 * with the member's own line — for the bot's /top screen. Reads come from the snapshot the
 * jobs refresh every `leaderboard.refresh_seconds` (`economy.stats`); every answer says
 * what time it shows (`asOf`).
 */
import { EconomyError } from '../errors.js';
import type { EngineContext } from '../engine-context.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { checkActor, checkBoolean } from '../membership/membership-input.js';
import { boardView, readPage, readPosition, type BoardView, type Cursor, type LeaderboardPage, type MemberPosition } from './board-reads.js';
import { checkBoard, type Board } from './boards.js';
import { optInChanges, readOptIn, setOptIn, type LeaderboardOptIn, type OptInChange } from './optins.js';
import { readSnapshot, type BoardsSnapshot } from './snapshot.js';

export const MIN_LEADERBOARD_PAGE = 10;
export const MAX_LEADERBOARD_PAGE = 25;
export const DEFAULT_LEADERBOARD_PAGE = 10;
const MAX_CHANGES = 100;
/** Reads of a snapshot that moved on meanwhile are done again with the new one, this many times at most. */
const MAX_READS = 3;

export interface LeaderboardQuery {
  /** Entries per page, 10 to 25 (default 10). */
  limit?: number;
  /** `nextCursor` or `prevCursor` of a page; absent: the first page. */
  cursor?: string | null;
}

export interface TopView {
  page: LeaderboardPage;
  /** The member's own line, shown under every page. */
  me: MemberPosition;
}

function checkLimit(value: unknown): number {
  if (value === undefined) return DEFAULT_LEADERBOARD_PAGE;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_LEADERBOARD_PAGE || value > MAX_LEADERBOARD_PAGE) {
    throw new EconomyError('INVALID_INPUT', `limit must be a whole number from ${MIN_LEADERBOARD_PAGE} to ${MAX_LEADERBOARD_PAGE}`, {
      field: 'limit',
      min: MIN_LEADERBOARD_PAGE,
      max: MAX_LEADERBOARD_PAGE,
    });
  }
  return value;
}

const CURSOR = /^([ab])([1-9]\d{0,14})$/;

function checkCursor(value: unknown): Cursor | null {
  if (value === undefined || value === null) return null;
  const m = typeof value === 'string' ? CURSOR.exec(value) : null;
  if (!m) throw new EconomyError('INVALID_INPUT', 'cursor must be a nextCursor or prevCursor of a page', { field: 'cursor' });
  const rank = Number(m[2]);
  return m[1] === 'a' ? { after: rank } : { before: rank };
}

export class LeaderboardsService {
  readonly #ctx: EngineContext;
  /** The snapshot's state as last read: each read checks its version (board-reads.ts), so it never serves a stale one. */
  #snapshot: { value: BoardsSnapshot; version: number } | null = null;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /** The member's choice; off for a member who never chose. */
  async optIn(memberId: number): Promise<LeaderboardOptIn> {
    return readOptIn(this.#ctx.storage.db, checkMemberId(memberId));
  }

  /**
   * Opts in (`true`) or out. Out takes the member off every board at once; in shows them
   * from the next refresh. `by` is who decided, as the audit records it (default `member`).
   */
  async setOptIn(memberId: number, on: boolean, by = 'member'): Promise<LeaderboardOptIn> {
    const id = checkMemberId(memberId);
    const choice = checkBoolean(on, 'on');
    const actor = checkActor(by);
    return setOptIn(this.#ctx.storage, id, choice, actor, this.#ctx.clock.now());
  }

  /** The member's choices, newest first (at most 100). */
  async optInChanges(memberId: number, limit = 20): Promise<OptInChange[]> {
    const id = checkMemberId(memberId);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES) {
      throw new EconomyError('INVALID_INPUT', `limit must be a whole number from 1 to ${MAX_CHANGES}`, { field: 'limit', min: 1, max: MAX_CHANGES });
    }
    return optInChanges(this.#ctx.storage.db, id, limit);
  }

  /** A page of a board ('all', 'week', 'month'), 10 to 25 entries, as of the last refresh. */
  async page(board: string, query: LeaderboardQuery = {}): Promise<LeaderboardPage> {
    const name = checkBoard(board);
    const limit = checkLimit(query?.limit);
    const cursor = checkCursor(query?.cursor);
    return this.#read(name, (view) => readPage(this.#ctx.storage.db, view, cursor, limit));
  }

  /** Where the member stands on a board, opted in or not: position, score, the gap to the next place. */
  async position(board: string, memberId: number): Promise<MemberPosition> {
    const name = checkBoard(board);
    const id = checkMemberId(memberId);
    const db = this.#ctx.storage.db;
    return this.#read(name, (view) => readPosition(db, view, id, readOptIn(db, id).then((choice) => choice.optedIn)));
  }

  /** A page and the member's own line: what the bot's /top shows. */
  async top(board: string, memberId: number, query: LeaderboardQuery = {}): Promise<TopView> {
    const [page, me] = await Promise.all([this.page(board, query), this.position(board, memberId)]);
    return { page, me };
  }

  /** Reads with the cached snapshot; when it moved on, reads the snapshot again and retries. */
  async #read<T>(board: Board, read: (view: BoardView) => Promise<T | null>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const snapshot = this.#snapshot ?? (this.#snapshot = await readSnapshot(this.#ctx.storage.db));
      const timezone = (await this.#ctx.settings.all())['economy.timezone'];
      const answer = await read(boardView(snapshot, board, this.#ctx.clock.now(), timezone));
      if (answer !== null) return answer;
      this.#snapshot = null;
      if (attempt === MAX_READS) throw new Error('the leaderboard snapshot kept changing while it was read');
    }
  }
}
