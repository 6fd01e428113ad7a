/**
 * PostgreSQL: vacuum the ledger after every 1 % of new rows instead of 20 %. The ledger
 * only grows, and a member's history counts its rows with an index-only scan, which visits
 * the table for every row on a page the visibility map does not mark all-visible; only a
 * vacuum marks them. With the default, a ledger of 10M rows is vacuumed after 2M inserts,
 * so an active member's recent rows were heap visits: at 1M members the first history
 * page's p99 was 4.8–6.7 ms, 3.9–4.0 ms after a vacuum (DEVELOPERS.md, "The ledger's
 * indexes at scale"). An insert-only vacuum reads only the pages not yet all-visible (3.3M
 * new rows in 1.5 s here). SQLite has no visibility map: nothing to do there.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';

/** Of the table's rows, the share of new ones after which autovacuum runs. */
export const LEDGER_INSERT_VACUUM_SHARE = 0.01;

export function ledgerInsertVacuum(dialect: Dialect) {
  return {
    async up(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`alter table transactions set (autovacuum_vacuum_insert_scale_factor = ${sql.lit(LEDGER_INSERT_VACUUM_SHARE)})`.execute(db);
    },
    async down(db: Kysely<any>): Promise<void> {
      if (dialect !== 'postgres') return;
      await sql`alter table transactions reset (autovacuum_vacuum_insert_scale_factor)`.execute(db);
    },
  };
}
