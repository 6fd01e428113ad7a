/**
 * The metrics' distributions kept by the rollups (issue 12; core/stats/distributions.ts).
 * Until now a metrics snapshot walked `member_totals` (1M rows: ~0.6 s a refresh on either
 * database) for the balances (mean, median, Gini, top holders), the active members and the
 * levels. Now each rollup batch moves its members between the buckets of three small tables,
 * in the same transaction as their totals:
 * - `balance_counts`: members per balance (a few thousand distinct values at 1M members);
 * - `earned_counts`: members per lifetime earnings, so the level distribution follows any
 *   level formula without reading the profiles;
 * - `active_minutes`: members per minute of their last movement (active 7/30 days);
 * - `top_balances`: every member at or above a boundary in the top holders' order (balance
 *   descending, member id ascending): ~100 rows, refilled from `member_totals` only when
 *   the top holders spent below it;
 * - `member_totals.prev_last_at`: the member's last movement before the batch that last
 *   touched them (the upsert sets it from the row it replaces), so the batch knows which
 *   minute the member leaves.
 * Up fills the counts from `member_totals`; the top holders fill at the next refresh.
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

const COUNT_TABLES = ['balance_counts', 'earned_counts', 'active_minutes'] as const;
const KEYS = { balance_counts: 'balance', earned_counts: 'earned', active_minutes: 'minute' } as const;

export function metricsDistributions(dialect: Dialect) {
  const { int64 } = columnTypes(dialect);
  const withoutRowid = (t: CreateTableBuilder<string, string>) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema.alterTable('member_totals').addColumn('prev_last_at', int64).execute();
      for (const table of COUNT_TABLES) {
        await db.schema
          .createTable(table)
          .addColumn(KEYS[table], int64, (c) => c.primaryKey())
          .addColumn('members', int64, (c) => c.notNull())
          .$call(withoutRowid)
          .execute();
      }
      await db.schema
        .createTable('top_balances')
        .addColumn('member_id', int64, (c) => c.primaryKey())
        .addColumn('balance', int64, (c) => c.notNull())
        .$call(withoutRowid)
        .execute();
      await sql`insert into balance_counts (balance, members) select balance, count(*) from member_totals group by balance`.execute(db);
      await sql`insert into earned_counts (earned, members) select earned, count(*) from member_totals group by earned`.execute(db);
      await sql`insert into active_minutes (minute, members) select last_at / 60000, count(*) from member_totals group by last_at / 60000`.execute(db);
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.deleteFrom('stats_state').where('name', '=', 'top-holders').execute();
      for (const table of ['top_balances', ...COUNT_TABLES]) await db.schema.dropTable(table).execute();
      await db.schema.alterTable('member_totals').dropColumn('prev_last_at').execute();
    },
  };
}
