/**
 * Rewards (SPEC §6): the rewards admins define and their conditions, the members' unlocks
 * and grants (one row per member, reward and occurrence: the unique key makes an unlock
 * happen once however many evaluations race), and facts only events carry (a free
 * purchase). A new install starts with the three example rewards of SPEC §6, inserted
 * here so they exist exactly once; admins edit or delete them like any other.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export const EXAMPLE_REWARDS = [
  {
    name: 'Primera reacción',
    description: '+10 besitos por tu primera reacción a una publicación.',
    kind: 'BESITOS',
    value: 10,
    conditions: [{ type: 'FIRST_REACTION', value: null }],
  },
  {
    name: 'Cien besitos',
    description: 'Insignia por ganar tus primeros 100 besitos.',
    kind: 'BADGE',
    value: null,
    badge_name: 'Cien besitos',
    badge_emoji: '💯',
    conditions: [{ type: 'TOTAL_EARNED', value: 100 }],
  },
  {
    name: 'Racha de 7 días',
    description: '+50 besitos al llegar a una racha de 7 días de regalo diario.',
    kind: 'BESITOS',
    value: 50,
    conditions: [{ type: 'STREAK_LENGTH', value: 7 }],
  },
] as const;

export function rewards(dialect: Dialect) {
  const { int64, identity } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('rewards')
        .addColumn('id', int64, identity)
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('BESITOS', 'CONTENT', 'BADGE', 'VIP_DAYS')`))
        .addColumn('value', int64)
        .addColumn('badge_name', 'text')
        .addColumn('badge_emoji', 'text')
        .addColumn('repeatable', 'integer', (c) => c.notNull().defaultTo(0).check(sql`repeatable in (0, 1)`))
        .addColumn('cooldown_hours', 'integer')
        .addColumn('max_claims', 'integer')
        .addColumn('secret', 'integer', (c) => c.notNull().defaultTo(0).check(sql`secret in (0, 1)`))
        .addColumn('claim_mode', 'text', (c) => c.notNull().defaultTo('auto').check(sql`claim_mode in ('auto', 'manual')`))
        .addColumn('claim_window_hours', 'integer')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1).check(sql`active in (0, 1)`))
        .addColumn('deleted_at', int64)
        .addColumn('created_at', int64, (c) => c.notNull())
        .addColumn('updated_at', int64, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('reward_conditions')
        .addColumn('reward_id', int64, (c) => c.notNull().references('rewards.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('value', int64)
        .addColumn('group_no', 'integer', (c) => c.notNull().defaultTo(0).check(sql`group_no >= 0`))
        .addPrimaryKeyConstraint('reward_conditions_pk', ['reward_id', 'position'])
        .execute();

      await db.schema
        .createTable('member_rewards')
        .addColumn('id', int64, identity)
        .addColumn('member_id', int64, (c) => c.notNull().references('members.id'))
        .addColumn('reward_id', int64, (c) => c.notNull().references('rewards.id'))
        .addColumn('occurrence', 'integer', (c) => c.notNull().check(sql`occurrence >= 1`))
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('UNLOCKED', 'CLAIMED')`))
        .addColumn('unlocked_at', int64, (c) => c.notNull())
        .addColumn('expires_at', int64)
        .addColumn('granted_at', int64)
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('granted_value', int64)
        .addColumn('capped', 'integer', (c) => c.notNull().defaultTo(0).check(sql`capped in (0, 1)`))
        .addColumn('transaction_id', int64, (c) => c.references('transactions.id'))
        .execute();
      // The unlock-once rule: concurrent evaluations of one member insert one row per occurrence.
      await db.schema
        .createIndex('member_rewards_occurrence_idx')
        .on('member_rewards')
        .columns(['member_id', 'reward_id', 'occurrence'])
        .unique()
        .execute();

      await db.schema
        .createTable('reward_member_facts')
        .addColumn('member_id', int64, (c) => c.primaryKey().references('members.id'))
        .addColumn('first_purchase_at', int64)
        .execute();

      const at = Date.now();
      for (const example of EXAMPLE_REWARDS) {
        const { conditions, ...reward } = example;
        const row = await db
          .insertInto('rewards')
          .values({ ...reward, created_at: at, updated_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        await db
          .insertInto('reward_conditions')
          .values(conditions.map((c, position) => ({ reward_id: row.id, position, type: c.type, value: c.value, group_no: 0 })))
          .execute();
      }
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const table of ['reward_member_facts', 'member_rewards', 'reward_conditions', 'rewards']) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
