import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export function membersAndProfiles(dialect: Dialect) {
  const { int64 } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('members')
        .addColumn('id', int64, (c) => c.primaryKey().check(sql`id > 0`))
        .addColumn('username', 'text')
        .addColumn('first_name', 'text')
        .addColumn('last_name', 'text')
        .addColumn('role', 'text', (c) =>
          c.notNull().defaultTo('FREE').check(sql`role in ('FREE', 'VIP', 'ADMIN')`),
        )
        .addColumn('vip_expires_at', int64)
        .addColumn('language', 'text')
        .addColumn('created_at', int64, (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .execute();
      // Lookup by @username (admins search members by it), case-insensitive.
      await db.schema
        .createIndex('members_username_idx')
        .on('members')
        .expression(sql`lower(username)`)
        .execute();

      // No index on balance or total_earned: they change with every movement, and on
      // PostgreSQL an index on them turns off HOT updates of this row (SPEC §11).
      await db.schema
        .createTable('profiles')
        .addColumn('member_id', int64, (c) => c.primaryKey().references('members.id'))
        .addColumn('balance', int64, (c) => c.notNull().defaultTo(0).check(sql`balance >= 0`))
        .addColumn('total_earned', int64, (c) => c.notNull().defaultTo(0).check(sql`total_earned >= 0`))
        .addColumn('total_spent', int64, (c) => c.notNull().defaultTo(0).check(sql`total_spent >= 0`))
        .addColumn('level', int64, (c) => c.notNull().defaultTo(1).check(sql`level >= 1`))
        .addColumn('next_level_at', int64, (c) => c.notNull())
        .addColumn('created_at', int64, (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .execute();
      // level changes rarely, so indexing it keeps HOT updates (level distribution, rewards).
      await db.schema.createIndex('profiles_level_idx').on('profiles').column('level').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('profiles').execute();
      await db.schema.dropTable('members').execute();
    },
  };
}
