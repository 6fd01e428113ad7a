/** The `bot_state` table: JSON text by key, written by one upsert. */
import { sql, type Kysely } from 'kysely';
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

/**
 * Deletes the rows whose key starts with `prefix`, written before `before`. The prefix is
 * compared with substr, not LIKE: SQLite's LIKE ignores ASCII case and both would read `_`
 * and `%` in the prefix as wildcards.
 */
export async function sweepState(db: Kysely<Database>, prefix: string, before: number): Promise<number> {
  const result = await db
    .deleteFrom('bot_state')
    .where(sql<string>`substr(key, 1, ${[...prefix].length})`, '=', prefix)
    .where('updated_at', '<', before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
