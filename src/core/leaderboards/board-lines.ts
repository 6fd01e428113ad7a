/**
 * The boards' lines in memory while a slot is built (issue 12): every opted-in member with
 * besitos, in member order, with their key on each board (score, then when it was reached:
 * time and transaction id; 0 off the board), and each board's order, best first.
 *
 * The refresher keeps the last build's lines (BoardCache) and the next build starts from
 * them: the rollup hands over the new totals of the members it changed (`returning` on its
 * upserts), the opt-in changes since are read by key, and only those members are sorted and
 * merged into each board's order (applyUpdates). A full read and sort of 1M members cost
 * 4–9 s of a refresh; 100k changed members cost a fraction. Whenever the cache may not be
 * the database's state (another instance refreshed, a refresh failed, a round resumed, new
 * period or zone) the build reads everything again.
 */
import { BOARDS, type Board } from './boards.js';
import { lineBefore, type SortKeys } from './line-sort.js';

export interface BoardLines {
  /** Member ids, ascending (the rows). */
  members: Float64Array;
  /** Per board, each row's key (0 off the board). */
  keys: Record<Board, SortKeys>;
}

/**
 * One member's totals as the build reads them (slot-fill.ts's read and the rollup's
 * `returning`, both from TOTALS_RETURNING): member, earned, earned_at, earned_id, week, week_score, week_at, week_id,
 * month, month_score, month_at, month_id.
 */
export type TotalsRow = readonly unknown[];

export const TOTALS_RETURNING = [
  'member_id',
  'earned',
  'earned_at',
  'earned_id',
  'week',
  'week_score',
  'week_at',
  'week_id',
  'month',
  'month_score',
  'month_at',
  'month_id',
] as const;

/** A member's key on each board from their totals, for the boards' periods; null off a board. */
export function boardKeys(r: TotalsRow, periods: Record<Board, number>): Record<Board, [number, number, number] | null> {
  const n = (i: number) => Number(r[i]);
  return {
    all: n(1) > 0 ? [n(1), n(2), n(3)] : null,
    week: n(4) === periods.week && n(5) > 0 ? [n(5), n(6), n(7)] : null,
    month: n(8) === periods.month && n(9) > 0 ? [n(9), n(10), n(11)] : null,
  };
}

/** The last build's lines, and what they were built from. */
export interface BoardCache {
  /** The rollup's watermark the lines agree with. */
  watermark: number;
  /** The last opt-in change they include. */
  mark: number;
  timezone: string;
  periods: Record<Board, number>;
  lines: BoardLines;
  orders: Record<Board, Uint32Array>;
}

/** Collects the rollup's new totals of the members it changed, up to `cap` (then gives up: a full read is cheaper). */
export class TotalsChanges {
  readonly rows = new Map<number, TotalsRow>();
  overflow = false;
  constructor(readonly cap: number) {}
  add(row: TotalsRow): void {
    if (this.overflow) return;
    this.rows.set(Number(row[0]), row);
    if (this.rows.size > this.cap) {
      this.overflow = true;
      this.rows.clear();
    }
  }
}

/** Lines merged between two pauses (a few ms of work). */
const PAUSE_EVERY = 50_000;

/**
 * The lines and orders after `updates` (member → their totals, or null: off every board),
 * with `sort` sorting the changed rows of a board (the caller's stepped sort). Rows of members
 * not updated keep their relative order on each board; the changed ones are merged in.
 */
export async function applyUpdates(
  prev: BoardLines,
  orders: Record<Board, Uint32Array>,
  updates: ReadonlyMap<number, TotalsRow | null>,
  periods: Record<Board, number>,
  sort: (rows: Uint32Array, keys: SortKeys) => Promise<Uint32Array>,
  pause: () => Promise<void> = async () => {},
): Promise<{ lines: BoardLines; orders: Record<Board, Uint32Array> }> {
  // A pass over 1M lines takes a few hundred ms: it lets other work in every PAUSE_EVERY lines.
  let steps = 0;
  const changedIds = Float64Array.from(updates.keys()).sort();
  const old = prev.members;
  // The new rows in member order: the old ones not updated, and the updated ones still on a board.
  const members: number[] = [];
  const source: number[] = []; // ≥ 0: old row; < 0: −(index in changedIds) − 1
  let i = 0;
  let j = 0;
  while (i < old.length || j < changedIds.length) {
    if (++steps % PAUSE_EVERY === 0) await pause();
    const takeOld = j >= changedIds.length || (i < old.length && old[i]! < changedIds[j]!);
    if (takeOld) {
      members.push(old[i]!);
      source.push(i++);
      continue;
    }
    const id = changedIds[j]!;
    if (i < old.length && old[i] === id) i++; // replaced by the update
    const row = updates.get(id);
    // On the lines as a full read would have them: opted in with besitos earned.
    if (row && boardKeys(row, periods).all) {
      members.push(id);
      source.push(-j - 1);
    }
    j++;
  }
  const n = members.length;
  const keys = {} as Record<Board, SortKeys>;
  for (const b of BOARDS) keys[b] = { score: new Float64Array(n), at: new Float64Array(n), id: new Float64Array(n) };
  const oldToNew = new Int32Array(old.length).fill(-1);
  const changedRows: number[] = [];
  for (let row = 0; row < n; row++) {
    if (++steps % PAUSE_EVERY === 0) await pause();
    const from = source[row]!;
    if (from >= 0) {
      oldToNew[from] = row;
      for (const b of BOARDS) {
        keys[b].score[row] = prev.keys[b].score[from]!;
        keys[b].at[row] = prev.keys[b].at[from]!;
        keys[b].id[row] = prev.keys[b].id[from]!;
      }
    } else {
      changedRows.push(row);
      const on = boardKeys(updates.get(changedIds[-from - 1]!)!, periods);
      for (const b of BOARDS) {
        const k = on[b];
        if (!k) continue;
        keys[b].score[row] = k[0];
        keys[b].at[row] = k[1];
        keys[b].id[row] = k[2];
      }
    }
  }
  const next = {} as Record<Board, Uint32Array>;
  for (const b of BOARDS) {
    const k = keys[b];
    const moved = await sort(Uint32Array.from(changedRows.filter((row) => k.score[row]! > 0)), k);
    const kept = orders[b];
    const out = new Uint32Array(kept.length + moved.length);
    let o = 0;
    let m = 0;
    for (let x = 0; x < kept.length; x++) {
      if (++steps % PAUSE_EVERY === 0) await pause();
      const row = oldToNew[kept[x]!]!;
      if (row < 0) continue; // updated or gone: among `moved` if still on the board
      while (m < moved.length && lineBefore(k, moved[m]!, row)) out[o++] = moved[m++]!;
      out[o++] = row;
    }
    while (m < moved.length) out[o++] = moved[m++]!;
    next[b] = out.slice(0, o);
  }
  return { lines: { members: Float64Array.from(members), keys }, orders: next };
}
