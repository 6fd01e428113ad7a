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
import { countBelow, lineBefore, type SortKeys } from './line-sort.js';

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
 * `prev` is the caller's to give up: when no row comes or goes its key columns are changed
 * in place and returned (sameRows).
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
  const { members, keys, oldToNew, changedRows } = sameRows(prev, changedIds, updates, periods) ?? (await newRows(prev, changedIds, updates, periods, pause));
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
  return { lines: { members, keys }, orders: next };
}

/** The rows after the updates, and where each old row went (−1: updated or gone). */
interface Rows {
  members: Float64Array;
  keys: Record<Board, SortKeys>;
  oldToNew: Int32Array;
  /** The rows of the updated members still on the lines. */
  changedRows: number[];
}

/**
 * The common case beside a hot post: every updated member is already on the lines and stays
 * there (members earn again; nobody opts in or out). The rows do not move, so the keys are
 * changed where they are, in the last build's arrays (the refresher drops its cache before a
 * build and keeps only what a build that ended well returns, so nobody reads them after):
 * at 1M lines copying the key columns for a few thousand changes cost ~150 ms. Updates of
 * members off the lines who stay off (not opted in, no besitos) change nothing. Null when any
 * update adds or removes a row.
 */
function sameRows(prev: BoardLines, changedIds: Float64Array, updates: ReadonlyMap<number, TotalsRow | null>, periods: Record<Board, number>): Rows | null {
  const old = prev.members;
  const rows: number[] = [];
  const on: Array<Record<Board, [number, number, number] | null>> = [];
  for (const id of changedIds) {
    const at = countBelow(old, id);
    const listed = at < old.length && old[at] === id;
    const row = updates.get(id);
    const keys = row ? boardKeys(row, periods) : null;
    if (!keys?.all) {
      if (listed) return null; // leaves the lines
      continue; // was not on them and is not now (not opted in, no besitos)
    }
    if (!listed) return null; // joins the lines
    rows.push(at);
    on.push(keys);
  }
  const oldToNew = new Int32Array(old.length);
  for (let row = 0; row < old.length; row++) oldToNew[row] = row;
  rows.forEach((row, i) => {
    oldToNew[row] = -1; // among the moved rows
    for (const b of BOARDS) {
      const k = on[i]![b];
      prev.keys[b].score[row] = k ? k[0] : 0;
      prev.keys[b].at[row] = k ? k[1] : 0;
      prev.keys[b].id[row] = k ? k[2] : 0;
    }
  });
  return { members: old, keys: prev.keys, oldToNew, changedRows: rows };
}

/** The rows when updates add or remove some: the old ones not updated, and the updated ones still on a board, in member order. */
async function newRows(prev: BoardLines, changedIds: Float64Array, updates: ReadonlyMap<number, TotalsRow | null>, periods: Record<Board, number>, pause: () => Promise<void>): Promise<Rows> {
  let steps = 0;
  const old = prev.members;
  // Typed arrays, not pushes: at 1M lines the arrays' growth was a good part of the pass.
  const all = new Float64Array(old.length + changedIds.length);
  const source = new Int32Array(all.length); // ≥ 0: old row; < 0: −(index in changedIds) − 1
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < old.length || j < changedIds.length) {
    if (++steps % PAUSE_EVERY === 0) await pause();
    const takeOld = j >= changedIds.length || (i < old.length && old[i]! < changedIds[j]!);
    if (takeOld) {
      all[n] = old[i]!;
      source[n++] = i++;
      continue;
    }
    const id = changedIds[j]!;
    if (i < old.length && old[i] === id) i++; // replaced by the update
    const row = updates.get(id);
    // On the lines as a full read would have them: opted in with besitos earned.
    if (row && boardKeys(row, periods).all) {
      all[n] = id;
      source[n++] = -j - 1;
    }
    j++;
  }
  const keys = {} as Record<Board, SortKeys>;
  for (const b of BOARDS) keys[b] = { score: new Float64Array(n), at: new Float64Array(n), id: new Float64Array(n) };
  const oldToNew = new Int32Array(old.length).fill(-1);
  const changedRows: number[] = [];
  for (let row = 0; row < n; ) {
    const from = source[row]!;
    if (from < 0) {
      if (++steps % PAUSE_EVERY === 0) await pause();
      changedRows.push(row);
      const on = boardKeys(updates.get(changedIds[-from - 1]!)!, periods);
      for (const b of BOARDS) {
        const k = on[b];
        if (!k) continue;
        keys[b].score[row] = k[0];
        keys[b].at[row] = k[1];
        keys[b].id[row] = k[2];
      }
      row++;
      continue;
    }
    // A run of old rows that follow each other (all of them between two changed members):
    // their keys are copied as blocks of memory, not one number at a time.
    let end = row + 1;
    while (end < n && source[end] === from + (end - row) && end - row < PAUSE_EVERY) end++;
    const count = end - row;
    for (const b of BOARDS) {
      keys[b].score.set(prev.keys[b].score.subarray(from, from + count), row);
      keys[b].at.set(prev.keys[b].at.subarray(from, from + count), row);
      keys[b].id.set(prev.keys[b].id.subarray(from, from + count), row);
    }
    for (let r = 0; r < count; r++) oldToNew[from + r] = row + r;
    const before = steps;
    steps += count;
    if (Math.floor(steps / PAUSE_EVERY) > Math.floor(before / PAUSE_EVERY)) await pause();
    row = end;
  }
  return { members: all.slice(0, n), keys, oldToNew, changedRows };
}
