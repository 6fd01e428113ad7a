/**
 * VIP channel access (SPEC §7, issue 10): what the jobs did or must do about a member's way
 * into the VIP channel, one row per duty, so a restart or a second instance never sends two
 * links or two reminders for the same grant or expiry. `vip_access_alerts` remembers which
 * admin right the bot was found to lack in which channel, so admins are told once.
 */
import type { Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export function vipAccess(dialect: Dialect) {
  const { int64, identity } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('vip_access_tasks')
        .addColumn('id', int64, identity)
        .addColumn('member_id', int64, (c) => c.notNull())
        // invite | reminder | removal | ended
        .addColumn('kind', 'text', (c) => c.notNull())
        // What the duty is for: `<role change id>` (invite), `<expiry ms>:<days>` (reminder)...
        .addColumn('due_key', 'text', (c) => c.notNull())
        .addColumn('channel_id', int64)
        // pending | sending | done | skipped | failed
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_at', int64, (c) => c.notNull())
        .addColumn('vip_expires_at', int64)
        .addColumn('result', 'text')
        .addColumn('created_at', int64, (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('vip_access_tasks_duty_idx')
        .unique()
        .on('vip_access_tasks')
        .columns(['member_id', 'kind', 'due_key'])
        .execute();
      await db.schema.createIndex('vip_access_tasks_due_idx').on('vip_access_tasks').columns(['status', 'next_at']).execute();
      await db.schema
        .createTable('vip_access_alerts')
        .addColumn('channel_id', int64, (c) => c.notNull())
        .addColumn('right_name', 'text', (c) => c.notNull())
        .addColumn('told_at', int64, (c) => c.notNull())
        .addPrimaryKeyConstraint('vip_access_alerts_pk', ['channel_id', 'right_name'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('vip_access_alerts').execute();
      await db.schema.dropTable('vip_access_tasks').execute();
    },
  };
}
