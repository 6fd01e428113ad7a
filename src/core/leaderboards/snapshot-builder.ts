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
import type { BatchSizing, RollupReport } from '../stats/rollup.js';
import { BOARDS_STATE, writeState } from '../stats/stats-state.js';
import { BOARDS, periodOf, type Board } from './boards.js';
import { removeFromSlot } from './optins.js';
import { rankBlocks } from './line-blocks.js';
import { readSnapshot, type BoardSnapshot, type BoardsSnapshot, type Slot } from './snapshot.js';
import { fillSlot, type FromCache } from './slot-fill.js';
import { countBelow } from './line-sort.js';
import { TOTALS_RETURNING, type BoardCache, type TotalsChanges, type TotalsRow } from './board-lines.js';

export interface BuildDeps {
  storage: Storage;
  now: () => number;
  /** SQLite: rows per read or write transaction, adapting to its target duration. */
  sizing: BatchSizing;
  /** Between slices of work: the refresh's pause (and lease renewal). */
  between: () => Promise<void>;
}

/** What the refresher carries from build to build (board-lines.ts); absent: every build reads everything. */
export interface BuildCarry {
  /** The last build's lines (null: none, or not to be trusted). */
  cache: BoardCache | null;
  /** The new totals of the members this refresh's rollup changed (null: not collected). */
  changes: TotalsChanges | null;
  /** The rollup's report: where it started and ended, whether it rebuilt. */
  rollup: RollupReport;
  /** Set by the build: the lines to start the next build from. */
  next?: BoardCache;
}

/** `changed`: movements were rolled up since the last build (else it may be kept). */
export async function buildSnapshot(deps: BuildDeps, asOf: number, day: number, timezone: string, changed: boolean, carry?: BuildCarry): Promise<BoardsSnapshot> {
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
  const start = carry ? await fromCache(storage.db, carry, mark, timezone, periods) : null;
  const filled = await fillSlot(deps, slot, periods, start);
  if (carry) carry.next = { watermark: carry.rollup.watermark, mark, timezone, periods, lines: filled.lines, orders: filled.orders };
  const boards = Object.fromEntries(BOARDS.map((b) => [b, { period: periods[b], size: filled.sizes[b] }])) as Record<Board, BoardSnapshot>;
  const next: BoardsSnapshot = { slot, asOf, timezone, boards, mark };
  await writeTransaction(storage, async (trx) => {
    if (storage.dialect === 'postgres') await trx.selectFrom('stats_state').select('version').where('name', '=', BOARDS_STATE).forUpdate().execute();
    for (const member of await optedOutSince(trx, mark)) await removeFromSlot(trx, storage.dialect, slot, member);
    await writeState(trx, BOARDS_STATE, next, current?.version ?? null, deps.now());
  });
  return next;
}

/**
 * The last build's lines and the members changed since, when the lines are what the database
 * held at the rollup's start: same zone and periods, the rollup started where they ended and
 * rebuilt nothing, its changes all collected. Changed since: the members the rollup touched
 * (their new totals), and those whose choice changed after the lines' last opt-in change
 * (read again, by key). A member the rollup touched who was not on the lines is kept only
 * when opted in (they may have earned their first besitos).
 */
async function fromCache(db: Executor, carry: BuildCarry, mark: number, timezone: string, periods: Record<Board, number>): Promise<FromCache | null> {
  const { cache, changes, rollup } = carry;
  if (!cache || !changes || changes.overflow || rollup.rebuilt || rollup.from !== cache.watermark) return null;
  if (cache.timezone !== timezone || BOARDS.some((b) => cache.periods[b] !== periods[b])) return null;
  const updates = new Map<number, TotalsRow | null>(changes.rows);
  const chose = (
    await db.selectFrom('leaderboard_optin_changes').select('member_id').distinct().where('id', '>', cache.mark).where('id', '<=', mark).execute()
  ).map((r) => Number(r.member_id));
  const listed = new Set<number>();
  const ids = cache.lines.members;
  const isListed = (id: number) => {
    const at = countBelow(ids, id);
    return at < ids.length && ids[at] === id;
  };
  for (const id of changes.rows.keys()) if (isListed(id)) listed.add(id);
  // Opted in? Asked for everyone whose choice changed and every newcomer to the lines.
  const ask = [...new Set([...chose, ...[...changes.rows.keys()].filter((id) => !listed.has(id))])];
  const optedIn = new Set<number>();
  for (let i = 0; i < ask.length; i += 1000) {
    const rows = await db.selectFrom('leaderboard_optins').select('member_id').where('member_id', 'in', ask.slice(i, i + 1000)).execute();
    for (const r of rows) optedIn.add(Number(r.member_id));
  }
  for (const id of ask) if (!optedIn.has(id)) updates.set(id, null);
  // Opted in again (or newly) without a movement since: their totals as they are.
  const reread = chose.filter((id) => optedIn.has(id) && !changes.rows.has(id));
  for (let i = 0; i < reread.length; i += 1000) {
    const rows = await db
      .selectFrom('member_totals')
      .select([...TOTALS_RETURNING])
      .where('member_id', 'in', reread.slice(i, i + 1000))
      .execute();
    for (const r of rows) updates.set(Number(r.member_id), TOTALS_RETURNING.map((c) => r[c]));
  }
  return { cache, updates };
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
