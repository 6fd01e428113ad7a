/**
 * Reactions keyed by post, then member (issue 14, goal 5): `(channel_id, message_id,
 * member_id)` instead of `(member_id, channel_id, message_id)`. The key is still the
 * one-per-post rule and every read of it names all three columns, but an accepted press now
 * writes its key where the post's other presses went (a hot post's few pages) instead of at
 * a random member's leaf: at 1M members that leaf was one of the four random pages a press
 * dirtied (with the profile, the reaction state and the member's history index).
 * SQLite: the table is rebuilt WITHOUT ROWID, so the key is the table (one B-tree where
 * there were a rowid table and a key index). PostgreSQL: the key constraint is swapped.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { reactionsTable } from './0004-earning.js';
import { columnTypes } from './dialect-types.js';

type Key = readonly ['member_id', 'channel_id', 'message_id'] | readonly ['channel_id', 'message_id', 'member_id'];
const BY_MEMBER: Key = ['member_id', 'channel_id', 'message_id'];
const BY_POST: Key = ['channel_id', 'message_id', 'member_id'];

export function reactionsByPost(dialect: Dialect) {
  const { int64 } = columnTypes(dialect);
  const rekey = async (db: Kysely<any>, key: Key, withoutRowid: boolean) => {
    if (dialect === 'postgres') {
      await sql`alter table reactions drop constraint reactions_pk`.execute(db);
      await sql`alter table reactions add constraint reactions_pk primary key (${sql.join(key.map((c) => sql.id(c)))})`.execute(db);
      return;
    }
    // SQLite cannot change a key: a new table, the rows in key order, the old one dropped.
    await reactionsTable(db, 'reactions_rekeyed', int64, key)
      .$call((t) => (withoutRowid ? t.modifyEnd(sql`without rowid`) : t))
      .execute();
    await sql`insert into reactions_rekeyed (member_id, channel_id, message_id, emoji, transaction_id, created_at)
              select member_id, channel_id, message_id, emoji, transaction_id, created_at from reactions
              order by ${sql.join(key.map((c) => sql.id(c)))}`.execute(db);
    await db.schema.dropTable('reactions').execute();
    await sql`alter table reactions_rekeyed rename to reactions`.execute(db);
    await db.schema.createIndex('reactions_post_emoji_idx').on('reactions').columns(['channel_id', 'message_id', 'emoji']).execute();
  };
  return {
    up: (db: Kysely<any>) => rekey(db, BY_POST, true),
    down: (db: Kysely<any>) => rekey(db, BY_MEMBER, false),
  };
}
