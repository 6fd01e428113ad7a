/** The `bot_state` table: JSON text by key, written by one upsert. */
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';

export async function readState(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('bot_state').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

export async function writeState(db: Kysely<Database>, key: string, value: string, at: number): Promise<void> {
  await db
    .insertInto('bot_state')
    .values({ key, value, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
    .execute();
}

export async function deleteState(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('bot_state').where('key', '=', key).execute();
}
