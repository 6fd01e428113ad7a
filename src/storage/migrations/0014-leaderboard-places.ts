/**
 * Where each member stands in a leaderboard snapshot slot, keyed by member (issue 12).
 *
 * 0012 found a member's line through a `(board, member_id)` index on the rank tables. A slot
 * is written in rank order, so that index took its entries in random order: at 1M members,
 * with everyone opted in, its random B-tree inserts were the largest cost of a refresh
 * (18–26 s). Now each slot has two tables, each written in its own key order:
 * `leaderboard_ranks_<slot>` by (board, rank) for pages, and `leaderboard_places_<slot>`,
 * one row per member on any board, by member id (the three boards' rank and score side by
 * side; null where the member is not on that board). A position is one primary-key lookup.
 * The current slot's places are filled from its ranks, so a migrated database keeps its
 * snapshot.
 *
 * PostgreSQL: both slots' tables are UNLOGGED. They are derived data, rewritten whole at
 * every build; logged, a build wrote megabytes of WAL, and every press committing meanwhile
 * waited for that WAL to be flushed before its own commit record (the credit rate beside a
 * 100k-member refresh fell to half). The price: after a crash of the server they come back
 * empty (and a standby never has them); the next refresh sees an empty slot that should not
 * be and builds again (snapshot-builder.ts).
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

const SLOTS = [0, 1] as const;
const BOARDS = ['all', 'week', 'month'] as const;

export function leaderboardPlaces(dialect: Dialect) {
  const { int64 } = columnTypes(dialect);
  const withoutRowid = (t: CreateTableBuilder<string, string>) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);
  return {
    async up(db: Kysely<any>): Promise<void> {
      for (const slot of SLOTS) {
        const ranks = `leaderboard_ranks_${slot}`;
        const places = `leaderboard_places_${slot}`;
        await db.schema.dropIndex(`${ranks}_member_idx`).execute();
        let create = db.schema.createTable(places).addColumn('member_id', int64, (c) => c.primaryKey());
        for (const b of BOARDS) create = create.addColumn(`${b}_rank`, 'integer').addColumn(`${b}_score`, int64);
        await create.$call(withoutRowid).execute();
        const cols = BOARDS.flatMap((b) => [
          sql`max(case when board = ${sql.lit(b)} then rank end)`,
          sql`max(case when board = ${sql.lit(b)} then score end)`,
        ]);
        await sql`insert into ${sql.table(places)} (member_id, all_rank, all_score, week_rank, week_score, month_rank, month_score)
                  select member_id, ${sql.join(cols)} from ${sql.table(ranks)} group by member_id order by member_id`.execute(db);
        if (dialect === 'postgres') {
          for (const t of [ranks, places]) await sql`alter table ${sql.table(t)} set unlogged`.execute(db);
        }
      }
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const slot of SLOTS) {
        const ranks = `leaderboard_ranks_${slot}`;
        await db.schema.dropTable(`leaderboard_places_${slot}`).execute();
        if (dialect === 'postgres') await sql`alter table ${sql.table(ranks)} set logged`.execute(db);
        await db.schema.createIndex(`${ranks}_member_idx`).unique().on(ranks).columns(['board', 'member_id']).execute();
      }
    },
  };
}
