/**
 * Who has a private chat with the bot (issue 10, defect 6): Telegram refuses a message to
 * someone who never opened one ("bot can't initiate conversation with a user"), so the
 * engine keeps when the member last opened or used it (`members.private_chat_at`). A member
 * is reachable when they have one and did not block the bot (`blocked_at`, 0007).
 *
 * Backfill: before this migration the bot filled in names only from private chats
 * (member-touch), so a member with a known name, username or language had written to the
 * bot; their `updated_at` is the best date known. Members created by a channel press, a
 * grant or an admin have none and stay unreachable until they write.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export function privateChats(dialect: Dialect) {
  const { int64 } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('members').addColumn('private_chat_at', int64).execute();
      await db
        .updateTable('members')
        .set({ private_chat_at: sql.ref('updated_at') })
        .where((eb) => eb.or([eb('first_name', 'is not', null), eb('username', 'is not', null), eb('language', 'is not', null)]))
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('members').dropColumn('private_chat_at').execute();
    },
  };
}
