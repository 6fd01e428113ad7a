/**
 * What the Telegram bot keeps (issue 5): the language a member chose in the bot (kept apart
 * from Telegram's own `language`, which every visit refreshes), when a member blocked the
 * bot (notifications skip them until they write again), and a small key/value table for
 * state that must survive restarts and be shared by instances: admin flows in progress
 * (@grammyjs/conversations) and pending confirmations.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export function bot(dialect: Dialect) {
  const { int64 } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('members').addColumn('locale', 'text').execute();
      await db.schema.alterTable('members').addColumn('blocked_at', int64).execute();
      await db.schema
        .createTable('bot_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('bot_state').execute();
      await db.schema.alterTable('members').dropColumn('blocked_at').execute();
      await db.schema.alterTable('members').dropColumn('locale').execute();
    },
  };
}
