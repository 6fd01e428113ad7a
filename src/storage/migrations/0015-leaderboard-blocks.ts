/**
 * A snapshot slot's lines in blocks (issue 12; core/leaderboards/line-blocks.ts). 0012 and
 * 0014 kept one row per rank and one per member: at 1M members a build inserted ~4M rows,
 * ~3 µs each on SQLite, and PostgreSQL spent 19–23 s on its INSERT … SELECTs. Now each slot
 * has two tables of blocks, a few dozen lines a row (line-blocks.ts):
 * - `leaderboard_rank_blocks_<slot>`: by board and block number (ranks 48·block+1 …), with
 *   the block's first line (score, time, id) indexed in the board's order, so where an
 *   unlisted member would stand is one index lookup and a binary search in one block;
 * - `leaderboard_place_blocks_<slot>`: by the first member id in the block (members in id
 *   order), so a member's line is the last block starting at or before their id.
 * The snapshot is derived data: up and down drop the old layout and the snapshot's state row,
 * and the next refresh (within `leaderboard.refresh_seconds`) builds the boards again.
 *
 * PostgreSQL: UNLOGGED, as 0014 made the old tables (a build writes no WAL; after a server
 * crash they come back empty and the next refresh rebuilds), and the blocks stored without
 * compression (see below).
 */
import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

const SLOTS = [0, 1] as const;
const BOARDS = ['all', 'week', 'month'] as const;

export function leaderboardBlocks(dialect: Dialect) {
  const { int64 } = columnTypes(dialect);
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  const unlogged = (t: CreateTableBuilder<string, string>) => (dialect === 'postgres' ? t.modifyFront(sql`unlogged`) : t);
  const withoutRowid = (t: CreateTableBuilder<string, string>) => (dialect === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t);
  const forgetSnapshot = (db: Kysely<any>) => db.deleteFrom('stats_state').where('name', '=', 'leaderboards').execute();
  return {
    async up(db: Kysely<any>): Promise<void> {
      for (const slot of SLOTS) {
        await db.schema.dropTable(`leaderboard_places_${slot}`).execute();
        await db.schema.dropTable(`leaderboard_ranks_${slot}`).execute();
        const ranks = `leaderboard_rank_blocks_${slot}`;
        await db.schema
          .createTable(ranks)
          .$call(unlogged)
          .addColumn('board', 'text', (c) => c.notNull())
          .addColumn('block', 'integer', (c) => c.notNull())
          .addColumn('first_score', int64, (c) => c.notNull())
          .addColumn('first_at', int64, (c) => c.notNull())
          .addColumn('first_id', int64, (c) => c.notNull())
          .addColumn('lines', bytes, (c) => c.notNull())
          .addPrimaryKeyConstraint(`${ranks}_pk`, ['board', 'block'])
          .execute();
        await db.schema.createIndex(`${ranks}_first_idx`).on(ranks).columns(['board', 'first_score desc', 'first_at', 'first_id']).execute();
        await db.schema
          .createTable(`leaderboard_place_blocks_${slot}`)
          .$call(unlogged)
          .addColumn('first_member', int64, (c) => c.primaryKey())
          .addColumn('lines', bytes, (c) => c.notNull())
          .execute();
        if (dialect === 'postgres') {
          // Never compressed: doubles hardly compress, and pglz on every block cost a 1M build
          // ~1.8 s of its ~3.6 s of writes (blocks of 256 lines; now they stay under ~2 kB).
          for (const t of [ranks, `leaderboard_place_blocks_${slot}`]) await sql`alter table ${sql.table(t)} alter column lines set storage external`.execute(db);
        }
      }
      await db.deleteFrom('leaderboard_gaps').execute();
      await forgetSnapshot(db);
    },
    async down(db: Kysely<any>): Promise<void> {
      for (const slot of SLOTS) {
        await db.schema.dropTable(`leaderboard_place_blocks_${slot}`).execute();
        await db.schema.dropTable(`leaderboard_rank_blocks_${slot}`).execute();
        // The layout 0012 and 0014 left.
        const ranks = `leaderboard_ranks_${slot}`;
        await db.schema
          .createTable(ranks)
          .$call(unlogged)
          .addColumn('board', 'text', (c) => c.notNull())
          .addColumn('rank', 'integer', (c) => c.notNull())
          .addColumn('member_id', int64, (c) => c.notNull())
          .addColumn('score', int64, (c) => c.notNull())
          .addColumn('reached_at', int64, (c) => c.notNull())
          .addColumn('reached_id', int64, (c) => c.notNull())
          .addPrimaryKeyConstraint(`${ranks}_pk`, ['board', 'rank'])
          .$call(withoutRowid)
          .execute();
        await db.schema.createIndex(`${ranks}_order_idx`).on(ranks).columns(['board', 'score desc', 'reached_at', 'reached_id']).execute();
        let places = db.schema.createTable(`leaderboard_places_${slot}`).$call(unlogged).addColumn('member_id', int64, (c) => c.primaryKey());
        for (const b of BOARDS) places = places.addColumn(`${b}_rank`, 'integer').addColumn(`${b}_score`, int64);
        await places.$call(withoutRowid).execute();
      }
      await db.deleteFrom('leaderboard_gaps').execute();
      await forgetSnapshot(db);
    },
  };
}
