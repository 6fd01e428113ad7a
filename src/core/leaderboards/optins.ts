/**
 * Who appears on the leaderboards (SPEC §9): nobody until they choose to. A choice is one
 * transaction: the `leaderboard_optins` row (present while opted in), its audit row in
 * `leaderboard_optin_changes`, and on opting out the member's lines (ranks and places)
 * taken out of both snapshot slots, so they leave every board at once (the ranks left behind are gaps that
 * positions below close up over). Opting in shows the member from the next refresh.
 */
import type { Storage } from '../../storage/connect.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { BOARDS_STATE } from '../stats/stats-state.js';
import { BOARDS } from './boards.js';
import { placesTable, rankTable, SLOTS, type Slot } from './snapshot.js';

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
      for (const slot of SLOTS) await removeFromSlot(trx, slot, memberId);
    }
    await trx
      .insertInto('leaderboard_optin_changes')
      .values({ member_id: memberId, opted_in: on ? 1 : 0, changed_by: by, changed_at: at })
      .execute();
    return { memberId, optedIn: on, since: on ? new Date(at) : null };
  });
}

/** Takes the member's lines out of one slot (their places row says where they are), leaving gaps. */
export async function removeFromSlot(trx: Executor, slot: Slot, memberId: number): Promise<void> {
  const place = await trx.deleteFrom(placesTable(slot)).where('member_id', '=', memberId).returningAll().executeTakeFirst();
  if (!place) return;
  for (const board of BOARDS) {
    const rank = place[`${board}_rank`];
    if (rank === null || rank === undefined) continue;
    await trx.deleteFrom(rankTable(slot)).where('board', '=', board).where('rank', '=', Number(rank)).where('member_id', '=', memberId).execute();
    await trx.insertInto('leaderboard_gaps').values({ slot, board, rank: Number(rank) }).onConflict((oc) => oc.doNothing()).execute();
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
