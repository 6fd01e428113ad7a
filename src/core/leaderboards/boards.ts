/**
 * The three boards of SPEC §9 and their periods, in economy days (calendar days in the
 * economy's time zone, DST included: economy-day.ts). A week starts on Monday; a month is
 * the calendar month. A period is a number so it can key rows: 0 for the all-time board,
 * the Monday-based week number, year × 12 + month − 1.
 */
import { dayLabel } from '../economy-day.js';
import { EconomyError } from '../errors.js';

export const BOARDS = ['all', 'week', 'month'] as const;
export type Board = (typeof BOARDS)[number];

/** The calendar days a board's period covers, both included (`YYYY-MM-DD`); null for all time. */
export interface BoardPeriod {
  from: string;
  to: string;
}

const MS_PER_DAY = 86_400_000;

// Day 0 (1970-01-01) was a Thursday: day 4 is the first Monday, the start of week 1.
export const weekOf = (day: number): number => Math.floor((day + 3) / 7);
export const weekStart = (week: number): number => week * 7 - 3;

export function monthOf(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
export const monthStart = (month: number): number => Date.UTC(Math.floor(month / 12), month % 12, 1) / MS_PER_DAY;

/** The board's period holding economy day `day`. */
export function periodOf(board: Board, day: number): number {
  if (board === 'week') return weekOf(day);
  if (board === 'month') return monthOf(day);
  return 0;
}

/** First and last economy day of a period. */
export function periodDays(board: Board, period: number): { first: number; last: number } | null {
  if (board === 'week') return { first: weekStart(period), last: weekStart(period) + 6 };
  if (board === 'month') return { first: monthStart(period), last: monthStart(period + 1) - 1 };
  return null;
}

export function periodLabel(board: Board, period: number): BoardPeriod | null {
  const days = periodDays(board, period);
  return days ? { from: dayLabel(days.first), to: dayLabel(days.last) } : null;
}

export function isBoard(value: unknown): value is Board {
  return typeof value === 'string' && (BOARDS as readonly string[]).includes(value);
}

export function checkBoard(value: unknown): Board {
  if (!isBoard(value)) {
    throw new EconomyError('INVALID_INPUT', `board must be one of ${BOARDS.join(', ')}, got ${JSON.stringify(value) ?? String(value)}`, {
      field: 'board',
    });
  }
  return value;
}
