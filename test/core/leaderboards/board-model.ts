/**
 * A naive model of the leaderboards (SPEC §9) for the property tests: every earning kept in
 * a list, windows computed from calendar dates (Intl, Monday-based weeks, `YYYY-MM`), boards
 * recomputed from scratch at each refresh. It shares no code with the engine's rollups.
 */
import type { Board } from '../../../src/core/leaderboards/boards.js';

export interface Earning {
  member: number;
  amount: number;
  at: number;
  /** Order of the earning (the transaction id's order in these sequential tests). */
  seq: number;
}

export interface Line {
  member: number;
  score: number;
  at: number;
  seq: number;
}

export interface ExpectedPosition {
  listed: boolean;
  score: number;
  position: number | null;
  outOf: number;
  ahead: { position: number; score: number; gap: number } | null;
  topPercent: number | null;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD` of an instant in a time zone. */
export function localDate(ms: number, timeZone: string): string {
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, f);
  }
  return f.format(new Date(ms));
}

/** Which window of the board an instant falls in: '' for all time, the Monday of its week, its `YYYY-MM`. */
export function windowKey(board: Board, ms: number, timeZone: string): string {
  const date = localDate(ms, timeZone);
  if (board === 'all') return '';
  if (board === 'month') return date.slice(0, 7);
  const t = Date.parse(`${date}T00:00:00Z`);
  const sinceMonday = (new Date(t).getUTCDay() + 6) % 7;
  return new Date(t - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

const ahead = (a: Line, b: { score: number; at: number; seq: number }) =>
  a.score > b.score || (a.score === b.score && (a.at < b.at || (a.at === b.at && a.seq < b.seq)));

interface BoardState {
  key: string;
  /** Every member's score in the window as of the refresh. */
  scores: Map<number, Line>;
  /** Opted-in members with a score, in order; opt-outs since the refresh removed. */
  ranked: Line[];
}

export class BoardModel {
  readonly earnings: Earning[] = [];
  readonly optedIn = new Set<number>();
  #snapshot: Record<Board, BoardState> | null = null;
  #seq = 0;
  readonly timeZone: string;

  constructor(timeZone: string) {
    this.timeZone = timeZone;
  }

  earn(member: number, amount: number, at: number): void {
    this.earnings.push({ member, amount, at, seq: this.#seq++ });
  }

  optIn(member: number): void {
    this.optedIn.add(member);
  }

  optOut(member: number): void {
    this.optedIn.delete(member);
    if (!this.#snapshot) return;
    for (const state of Object.values(this.#snapshot)) state.ranked = state.ranked.filter((l) => l.member !== member);
  }

  refresh(at: number): void {
    const boards = {} as Record<Board, BoardState>;
    for (const board of ['all', 'week', 'month'] as const) {
      const key = windowKey(board, at, this.timeZone);
      const scores = new Map<number, Line>();
      for (const e of this.earnings) {
        if (windowKey(board, e.at, this.timeZone) !== key) continue;
        const line = scores.get(e.member) ?? { member: e.member, score: 0, at: 0, seq: -1 };
        scores.set(e.member, { member: e.member, score: line.score + e.amount, at: e.at, seq: e.seq });
      }
      const ranked = [...scores.values()].filter((l) => this.optedIn.has(l.member)).sort((a, b) => (ahead(a, b) ? -1 : ahead(b, a) ? 1 : 0));
      boards[board] = { key, scores, ranked };
    }
    this.#snapshot = boards;
  }

  /** The board as shown at `now`: empty before the first refresh or once a new week or month began. */
  board(board: Board, now: number): Line[] {
    const state = this.#snapshot?.[board];
    if (!state || state.key !== windowKey(board, now, this.timeZone)) return [];
    return state.ranked;
  }

  position(board: Board, member: number, now: number): ExpectedPosition {
    const state = this.#snapshot?.[board];
    const current = state && state.key === windowKey(board, now, this.timeZone) ? state : null;
    const ranked = current?.ranked ?? [];
    const n = ranked.length;
    const answer = (listed: boolean, score: number, position: number | null, outOf: number): ExpectedPosition => {
      const above = position !== null && position > 1 ? ranked[position - 2]! : null;
      return {
        listed,
        score,
        position,
        outOf,
        ahead: above ? { position: position! - 1, score: above.score, gap: above.score - score } : null,
        topPercent: position !== null && outOf >= 100 ? Math.max(1, Math.ceil((position * 100) / outOf)) : null,
      };
    };
    const index = ranked.findIndex((l) => l.member === member);
    if (index >= 0) return answer(true, ranked[index]!.score, index + 1, n);
    const mine = current?.scores.get(member);
    if (!mine || mine.score <= 0) return answer(false, 0, null, n);
    const before = ranked.filter((l) => ahead(l, mine)).length;
    return answer(false, mine.score, before + 1, n + 1);
  }
}
