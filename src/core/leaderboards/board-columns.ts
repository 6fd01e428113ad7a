/**
 * Where each board's score lives in `member_totals` (one row per member holds them all):
 * the score, when it was reached (time and transaction id, for ties) and, for the week and
 * month, which period that score belongs to.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Board } from './boards.js';

export interface BoardColumns {
  score: RawBuilder<number>;
  at: RawBuilder<number>;
  id: RawBuilder<number>;
  /** The period column (null for all time). */
  period: RawBuilder<number> | null;
}

const col = (alias: string, name: string) => sql.ref<number>(`${alias}.${name}`);

export function boardColumns(board: Board, alias = 't'): BoardColumns {
  if (board === 'all') return { score: col(alias, 'earned'), at: col(alias, 'earned_at'), id: col(alias, 'earned_id'), period: null };
  return { score: col(alias, `${board}_score`), at: col(alias, `${board}_at`), id: col(alias, `${board}_id`), period: col(alias, board) };
}

/** `score > 0`, and for the week and month boards: in this period. */
export function onBoard(board: Board, period: number, alias = 't'): RawBuilder<boolean> {
  const c = boardColumns(board, alias);
  return c.period === null ? sql<boolean>`${c.score} > 0` : sql<boolean>`${c.period} = ${period} and ${c.score} > 0`;
}
