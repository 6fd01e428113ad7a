/**
 * Who appears on the leaderboards (SPEC §9): nobody until they choose to. A choice is one
 * transaction: the `leaderboard_optins` row (present while opted in), its audit row in
 * `leaderboard_optin_changes`, and on opting out the member's lines (ranks and place)
 * taken out of both snapshot slots, so they leave every board at once (the ranks left behind are gaps that
 * positions below close up over). Opting in shows the member from the next refresh.
 */
import type { Dialect, Storage } from '../../storage/connect.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { BOARDS_STATE } from '../stats/stats-state.js';
import { BOARDS } from './boards.js';
import { blockOfRank, encodeLines, PLACE_WIDTH, placeBlocks, placeIndex, placeRankAt, RANK_LINES, RANK_WIDTH, rankBlocks, readPlaceBlock, readRankBlocks } from './line-blocks.js';
import { SLOTS, type Slot } from './snapshot.js';

export interface LeaderboardOptIn {
  memberId: number;
  optedIn: boolean;
  /** When the member last opted in (null while opted out). */
  since: Date | null;
}

export interface OptInChange {
  id: number;
  memberId: number;
  optedIn: boolean;
  changedBy: string;
  changedAt: Date;
}

export async function readOptIn(db: Executor, memberId: number): Promise<LeaderboardOptIn> {
  const row = await db.selectFrom('leaderboard_optins').select('opted_in_at').where('member_id', '=', memberId).executeTakeFirst();
  return { memberId, optedIn: row !== undefined, since: row ? new Date(Number(row.opted_in_at)) : null };
}

/** Sets the choice; an unchanged choice writes nothing (no audit row). Creates the member row when new. */
export async function setOptIn(storage: Storage, memberId: number, on: boolean, by: string, at: number): Promise<LeaderboardOptIn> {
  return writeTransaction(storage, async (trx) => {
    await trx
      .insertInto('members')
      .values({ id: memberId, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const current = await readOptIn(trx, memberId);
    if (current.optedIn === on) return current;
    if (on) {
      await trx.insertInto('leaderboard_optins').values({ member_id: memberId, opted_in_at: at }).execute();
    } else {
      // Shares the lock the snapshot's flip takes, so a slot built meanwhile cannot bring
      // this member back (see snapshot-builder.ts).
      if (storage.dialect === 'postgres') {
        await trx.selectFrom('stats_state').select('version').where('name', '=', BOARDS_STATE).forShare().execute();
      }
      await trx.deleteFrom('leaderboard_optins').where('member_id', '=', memberId).execute();
      for (const slot of SLOTS) await removeFromSlot(trx, storage.dialect, slot, memberId);
    }
    await trx
      .insertInto('leaderboard_optin_changes')
      .values({ member_id: memberId, opted_in: on ? 1 : 0, changed_by: by, changed_at: at })
      .execute();
    return { memberId, optedIn: on, since: on ? new Date(at) : null };
  });
}

/**
 * Takes the member's lines out of one slot, leaving gaps: their place block says where they
 * are; their line in each rank block is marked taken out (member 0, its score and time kept,
 * so the block stays in order for the search of where others would stand), and the place
 * block loses their line. PostgreSQL: the blocks are locked while rewritten, so two
 * opt-outs in one block do not lose each other's change (SQLite has one writer at a time).
 */
export async function removeFromSlot(trx: Executor, dialect: Dialect, slot: Slot, memberId: number): Promise<void> {
  const lock = dialect === 'postgres';
  const block = await readPlaceBlock(trx, slot, memberId, lock);
  const at = block ? placeIndex(block.lines, memberId) : -1;
  if (!block || at < 0) return;
  const places = placeBlocks(slot) as 'leaderboard_place_blocks_0';
  const rest = new Float64Array(block.lines.length - PLACE_WIDTH);
  rest.set(block.lines.subarray(0, at));
  rest.set(block.lines.subarray(at + PLACE_WIDTH), at);
  // The block keeps its first id: it still starts the range of ids it covers.
  if (rest.length === 0) await trx.deleteFrom(places).where('first_member', '=', block.first).execute();
  else await trx.updateTable(places).set({ lines: encodeLines(rest) }).where('first_member', '=', block.first).execute();
  const ranks = rankBlocks(slot) as 'leaderboard_rank_blocks_0';
  for (const [i, board] of BOARDS.entries()) {
    const rank = block.lines[placeRankAt(at, i)]!;
    if (rank === 0) continue;
    const number = blockOfRank(rank);
    const lines = (await readRankBlocks(trx, slot, board, number, number, lock)).get(number);
    const line = ((rank - 1) % RANK_LINES) * RANK_WIDTH;
    if (lines && lines[line] === memberId) {
      lines[line] = 0;
      await trx.updateTable(ranks).set({ lines: encodeLines(lines) }).where('board', '=', board).where('block', '=', number).execute();
    }
    await trx.insertInto('leaderboard_gaps').values({ slot, board, rank }).onConflict((oc) => oc.doNothing()).execute();
  }
}

export async function optInChanges(db: Executor, memberId: number, limit: number): Promise<OptInChange[]> {
  const rows = await db
    .selectFrom('leaderboard_optin_changes')
    .selectAll()
    .where('member_id', '=', memberId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    memberId: Number(r.member_id),
    optedIn: Number(r.opted_in) === 1,
    changedBy: r.changed_by,
    changedAt: new Date(Number(r.changed_at)),
  }));
}
