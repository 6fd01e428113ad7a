/**
 * The ranked snapshot of the boards (SPEC §9): two slots, the current one named in
 * `stats_state` ('leaderboards'), with what each board holds. A slot is two tables of
 * blocks (line-blocks.ts): its ranks by board and rank (pages) and its members' places by
 * member (positions).
 */
import type { Executor } from '../../storage/write-transaction.js';
import { BOARDS_STATE, readState } from '../stats/stats-state.js';
import type { Board } from './boards.js';

export type Slot = 0 | 1;
export const SLOTS: readonly Slot[] = [0, 1];

export interface BoardSnapshot {
  /** The period the board was built for (0 for all time). */
  period: number;
  /** Ranks built (opt-outs since then are gaps). */
  size: number;
}

export interface BoardsSnapshot {
  slot: Slot;
  /** The rollups' time when the slot was built. */
  asOf: number;
  timezone: string;
  boards: Record<Board, BoardSnapshot>;
  /** The last opt-in change the slot was built after. */
  mark: number;
}

export async function readSnapshot(db: Executor): Promise<{ value: BoardsSnapshot; version: number } | null> {
  return readState<BoardsSnapshot>(db, BOARDS_STATE);
}
