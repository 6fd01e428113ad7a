/**
 * Leaderboards and the metrics' rollups (SPEC §8, §9, §11; issue 12).
 *
 * Nothing here is written on the path of a movement: the jobs roll the transactions up after
 * a watermark (`stats_state`), so the earn path keeps its one guarded UPDATE and INSERT and
 * `profiles` keeps no index on `balance` or `total_earned`.
 *
 * - `leaderboard_optins`: who chose to appear on the boards (a row while opted in), with the
 *   audit of every choice in `leaderboard_optin_changes`.
 * - `member_totals`: each member's sums as of the watermark (balance, earned, spent, refunded,
 *   movements, first and last movement) and their score on each board with when it was
 *   reached (time and transaction id of the last earning that counted, for ties): the
 *   boards, the balance distribution (median, Gini, top holders) and the active members.
 * - `economy_day_totals`: movements and their signed sum per economy day and type (faucets
 *   against sinks, circulation, lifetime totals).
 * - `leaderboard_ranks_0` / `_1`: the ranked snapshot, two slots: the jobs build the idle one
 *   and flip; a position is one indexed lookup, not a count of the members above.
 * - `leaderboard_gaps`: ranks of members who opted out since their slot was built (they leave
 *   every board at once; positions below close up by counting these few rows).
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

const RANK_TABLES = ['leaderboard_ranks_0', 'leaderboard_ranks_1'] as const;

export function leaderboards(dialect: Dialect) {
  const { int64, identity } = columnTypes(dialect);
  // SQLite: the table is its key's B-tree (no rowid table beside it).
  const withoutRowid = (t: CreateTableBuilder<string, string>) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('leaderboard_optins')
        .addColumn('member_id', int64, (c) => c.primaryKey().references('members.id'))
        .addColumn('opted_in_at', int64, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('leaderboard_optin_changes')
        .addColumn('id', int64, identity)
        .addColumn('member_id', int64, (c) => c.notNull())
        .addColumn('opted_in', 'integer', (c) => c.notNull())
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('changed_at', int64, (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('leaderboard_optin_changes_member_idx')
        .on('leaderboard_optin_changes')
        .columns(['member_id', 'id'])
        .execute();

      await db.schema
        .createTable('stats_state')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('version', int64, (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', int64, (c) => c.notNull())
        .execute();

      // One row per member holds everything the rollups keep of them: lifetime sums and
      // their score on each board (all time = earned; this week's and this month's, with the
      // period they belong to). A batch of movements thus touches one row per member in one
      // B-tree, and no index but the key: an index on a column that changes with every batch
      // (balance, a score) costs each rolled-up member a move in a large random B-tree, and on
      // SQLite every commit rewrites the pages a batch touched (measured 3–4× the upserts
      // themselves at 1M members). The refresh sorts once instead (SPEC §11, one level down).
      await db.schema
        .createTable('member_totals')
        .addColumn('member_id', int64, (c) => c.primaryKey())
        .addColumn('balance', int64, (c) => c.notNull())
        .addColumn('earned', int64, (c) => c.notNull())
        .addColumn('spent', int64, (c) => c.notNull())
        .addColumn('refunded', int64, (c) => c.notNull())
        .addColumn('movements', int64, (c) => c.notNull())
        .addColumn('first_at', int64, (c) => c.notNull())
        .addColumn('last_at', int64, (c) => c.notNull())
        // The earning that reached the all-time score (ties: earlier first); 0 before any.
        .addColumn('earned_at', int64, (c) => c.notNull().defaultTo(0))
        .addColumn('earned_id', int64, (c) => c.notNull().defaultTo(0))
        // The member's latest week with earnings (Monday-based week number; 0: none) and its score.
        .addColumn('week', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('week_score', int64, (c) => c.notNull().defaultTo(0))
        .addColumn('week_at', int64, (c) => c.notNull().defaultTo(0))
        .addColumn('week_id', int64, (c) => c.notNull().defaultTo(0))
        // The same for the month (year × 12 + month − 1).
        .addColumn('month', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('month_score', int64, (c) => c.notNull().defaultTo(0))
        .addColumn('month_at', int64, (c) => c.notNull().defaultTo(0))
        .addColumn('month_id', int64, (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('economy_day_totals')
        .addColumn('day', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('movements', int64, (c) => c.notNull())
        .addColumn('amount', int64, (c) => c.notNull())
        .addPrimaryKeyConstraint('economy_day_totals_pk', ['day', 'type'])
        .execute();

      for (const table of RANK_TABLES) {
        const create = db.schema
          .createTable(table)
          .addColumn('board', 'text', (c) => c.notNull())
          .addColumn('rank', 'integer', (c) => c.notNull())
          .addColumn('member_id', int64, (c) => c.notNull())
          .addColumn('score', int64, (c) => c.notNull())
          .addColumn('reached_at', int64, (c) => c.notNull())
          .addColumn('reached_id', int64, (c) => c.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['board', 'rank']);
        // Rows in rank order on SQLite: a page is one range of the table itself.
        await create.$call(withoutRowid).execute();
        await db.schema.createIndex(`${table}_member_idx`).unique().on(table).columns(['board', 'member_id']).execute();
        // Where a member who is not listed would be: the first entry behind them.
        await db.schema.createIndex(`${table}_order_idx`).on(table).columns(['board', 'score desc', 'reached_at', 'reached_id']).execute();
      }
      await db.schema
        .createTable('leaderboard_gaps')
        .addColumn('slot', 'integer', (c) => c.notNull())
        .addColumn('board', 'text', (c) => c.notNull())
        .addColumn('rank', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('leaderboard_gaps_pk', ['slot', 'board', 'rank'])
        .execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const table of [
        'leaderboard_gaps',
        ...RANK_TABLES,
        'economy_day_totals',
        'member_totals',
        'stats_state',
        'leaderboard_optin_changes',
        'leaderboard_optins',
      ]) {
        await db.schema.dropTable(table).execute();
      }
    },
  };
}
