/**
 * Builds the boards' ranked snapshot into the idle slot, then flips to it (SPEC §9, §11).
 *
 * Ranks come from the scores in `member_totals` of the members opted in: most besitos first,
 * then whoever reached the score first (time, then transaction id, of the earning that
 * reached it). Stored ranks make a position one lookup by member instead of a count of the
 * members above. The scores carry no index (every rolled-up member would move in it): each
 * build sorts its boards once.
 *
 * - Both databases (slot-fill.ts): read in ranges, sorted in memory in steps, the slot
 *   emptied at once, then written in blocks of lines (line-blocks.ts) in short write
 *   transactions with the refresh's pauses between: presses keep their turns.
 * - Nothing new (no movement rolled up, no opt-in change, same periods and zone): the
 *   current slot stays, only its time moves on; unless, on PostgreSQL, its unlogged tables
 *   came back empty from a server crash (0014): then it is built again.
 * - Opt-outs while building: an opt-out takes the member out of both slots (gap rows), but
 *   one that came before the member's blocks were written found nothing to take. So the
 *   flip takes every member who opted out since the build began out of the new slot again
 *   (a no-op where the opt-out already did), holding on PostgreSQL the lock every opt-out
 *   shares (`for update` on the snapshot's state row against their `for share`): no opt-out
 *   is left half-seen.
 */
import type { Storage } from '../../storage/connect.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import type { BatchSizing } from '../stats/rollup.js';
import { BOARDS_STATE, writeState } from '../stats/stats-state.js';
import { BOARDS, periodOf, type Board } from './boards.js';
import { removeFromSlot } from './optins.js';
import { rankBlocks } from './line-blocks.js';
import { readSnapshot, type BoardSnapshot, type BoardsSnapshot, type Slot } from './snapshot.js';
import { fillSlot } from './slot-fill.js';

export interface BuildDeps {
  storage: Storage;
  now: () => number;
  /** SQLite: rows per read or write transaction, adapting to its target duration. */
  sizing: BatchSizing;
  /** Between slices of work: the refresh's pause (and lease renewal). */
  between: () => Promise<void>;
}

/** `changed`: movements were rolled up since the last build (else it may be kept). */
export async function buildSnapshot(deps: BuildDeps, asOf: number, day: number, timezone: string, changed: boolean): Promise<BoardsSnapshot> {
  const { storage } = deps;
  const current = await readSnapshot(storage.db);
  const mark = await lastChange(storage.db);
  const periods = Object.fromEntries(BOARDS.map((b) => [b, periodOf(b, day)])) as Record<Board, number>;
  const prev = current?.value;
  const same = prev && prev.mark === mark && prev.timezone === timezone && BOARDS.every((b) => prev.boards[b].period === periods[b]);
  if (!changed && prev && same && !(await lostSlot(storage, prev))) {
    const kept: BoardsSnapshot = { ...prev, asOf };
    await writeTransaction(storage, (trx) => writeState(trx, BOARDS_STATE, kept, current.version, deps.now()));
    return kept;
  }
  const slot: Slot = prev?.slot === 0 ? 1 : 0;
  const filled = await fillSlot(deps, slot, periods);
  const boards = Object.fromEntries(BOARDS.map((b) => [b, { period: periods[b], size: filled.sizes[b] }])) as Record<Board, BoardSnapshot>;
  const next: BoardsSnapshot = { slot, asOf, timezone, boards, mark };
  await writeTransaction(storage, async (trx) => {
    if (storage.dialect === 'postgres') await trx.selectFrom('stats_state').select('version').where('name', '=', BOARDS_STATE).forUpdate().execute();
    for (const member of await optedOutSince(trx, mark)) await removeFromSlot(trx, storage.dialect, slot, member);
    await writeState(trx, BOARDS_STATE, next, current?.version ?? null, deps.now());
  });
  return next;
}

/** PostgreSQL: the slot's unlogged tables came back empty after a server crash (0015), yet it should hold ranks. */
async function lostSlot(storage: Storage, snapshot: BoardsSnapshot): Promise<boolean> {
  if (storage.dialect !== 'postgres' || BOARDS.every((b) => snapshot.boards[b].size === 0)) return false;
  const row = await storage.db.selectFrom(rankBlocks(snapshot.slot)).select('block').limit(1).executeTakeFirst();
  return row === undefined;
}

async function lastChange(db: Executor): Promise<number> {
  const row = await db.selectFrom('leaderboard_optin_changes').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Members who opted out after `mark`. */
async function optedOutSince(trx: Executor, mark: number): Promise<number[]> {
  const rows = await trx.selectFrom('leaderboard_optin_changes').select('member_id').distinct().where('id', '>', mark).where('opted_in', '=', 0).execute();
  return rows.map((r) => Number(r.member_id));
}
