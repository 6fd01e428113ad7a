/**
 * Earning (SPEC §3, §4, §7): channels and their posts, reactions (one per member and
 * post, enforced by the key), per-member reaction and daily-gift state (the guarded rows
 * that hold cooldown, daily count and streaks), role changes, and the bookkeeping of
 * day-boundary jobs (a lease so one instance runs them, and the periods already done).
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

/** The reactions table's columns and constraints under `key` (0004; 0017 rebuilds it keyed by post). */
export function reactionsTable(db: Kysely<any>, name: string, int64: ReturnType<typeof columnTypes>['int64'], key: ReadonlyArray<'member_id' | 'channel_id' | 'message_id'>) {
  return db.schema
    .createTable(name)
    .addColumn('member_id', int64, (c) => c.notNull().references('members.id'))
    .addColumn('channel_id', int64, (c) => c.notNull())
    .addColumn('message_id', int64, (c) => c.notNull())
    .addColumn('emoji', 'text', (c) => c.notNull())
    .addColumn('transaction_id', int64, (c) => c.notNull().references('transactions.id'))
    .addColumn('created_at', int64, (c) => c.notNull())
    .addPrimaryKeyConstraint('reactions_pk', [...key])
    .addForeignKeyConstraint('reactions_post_fk', ['channel_id', 'message_id'], 'posts', ['channel_id', 'message_id']);
}

export function earning(dialect: Dialect) {
  const { int64, identity } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      // Opt-in to streak-at-risk reminders (SPEC §4).
      await db.schema
        .alterTable('members')
        .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('channels')
        .addColumn('id', int64, (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('FREE', 'VIP', 'OTHER')`))
        .addColumn('title', 'text')
        .addColumn('created_at', int64, (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('posts')
        .addColumn('channel_id', int64, (c) => c.notNull().references('channels.id'))
        .addColumn('message_id', int64, (c) => c.notNull())
        .addColumn('created_at', int64, (c) => c.notNull())
        .addPrimaryKeyConstraint('posts_pk', ['channel_id', 'message_id'])
        .execute();

      // The key is the one-per-post rule: a second reaction of a member on a post cannot exist.
      await reactionsTable(db, 'reactions', int64, ['member_id', 'channel_id', 'message_id']).execute();
      // Count labels under a post: counts by emoji, from the index alone.
      await db.schema
        .createIndex('reactions_post_emoji_idx')
        .on('reactions')
        .columns(['channel_id', 'message_id', 'emoji'])
        .execute();

      // One row per member: the guarded UPDATE of this row decides cooldown and daily limit.
      await db.schema
        .createTable('reaction_state')
        .addColumn('member_id', int64, (c) => c.primaryKey().references('members.id'))
        .addColumn('last_at', int64)
        .addColumn('day', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('day_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('streak', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('longest', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('streak_day', 'integer')
        .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      // One row per member: the guarded UPDATE of this row is the one-claim-per-day rule.
      await db.schema
        .createTable('daily_state')
        .addColumn('member_id', int64, (c) => c.primaryKey().references('members.id'))
        .addColumn('last_day', 'integer')
        .addColumn('streak', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('longest', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('claims', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_claimed_at', int64)
        .execute();

      await db.schema
        .createTable('role_changes')
        .addColumn('id', int64, identity)
        .addColumn('member_id', int64, (c) => c.notNull().references('members.id'))
        .addColumn('old_role', 'text', (c) => c.notNull())
        .addColumn('new_role', 'text', (c) => c.notNull())
        .addColumn('vip_expires_at', int64)
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('changed_at', int64, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('role_changes_member_idx').on('role_changes').columns(['member_id', 'id']).execute();

      // A lease per job: the instance holding it runs the job; it expires if that one dies.
      await db.schema
        .createTable('job_leases')
        .addColumn('job', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', int64, (c) => c.notNull())
        .execute();
      // The periods (economy days, reminder slots) a job has completed: runs are idempotent.
      await db.schema
        .createTable('job_runs')
        .addColumn('job', 'text', (c) => c.notNull())
        .addColumn('period', int64, (c) => c.notNull())
        .addColumn('ran_at', int64, (c) => c.notNull())
        .addColumn('result', 'text', (c) => c.notNull().defaultTo('{}'))
        .addPrimaryKeyConstraint('job_runs_pk', ['job', 'period'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const table of ['job_runs', 'job_leases', 'role_changes', 'daily_state', 'reaction_state', 'reactions', 'posts', 'channels']) {
        await db.schema.dropTable(table).execute();
      }
      await db.schema.alterTable('members').dropColumn('reminders').execute();
    },
  };
}
