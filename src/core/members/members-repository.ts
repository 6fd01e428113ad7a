import type { Executor } from '../../storage/write-transaction.js';
import type { MemberRow } from '../../storage/database.js';

/**
 * Creates the member row when the id was never seen (SPEC §1: crediting an unknown id
 * creates the member; the bot fills in the names when it meets the person).
 */
export async function ensureMember(db: Executor, id: number, at: number): Promise<void> {
  await db
    .insertInto('members')
    .values({ id, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function findMember(db: Executor, id: number): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
}
