/**
 * Every table of the schema, in an order that empties them without breaking a foreign key
 * (rows that reference come before the rows they reference). One list for every fixture:
 * the compile-time check below fails when a table is added to `Database` and not here, and
 * test/storage/tables.test.ts fails when a migration creates a table this list lacks.
 */
import type { Storage } from '../../src/storage/connect.js';
import type { Database } from '../../src/storage/database.js';

export const TABLES_CHILDREN_FIRST = [
  'api_tokens',
  'leaderboard_gaps',
  'leaderboard_rank_blocks_0',
  'leaderboard_rank_blocks_1',
  'leaderboard_place_blocks_0',
  'leaderboard_place_blocks_1',
  'top_balances',
  'balance_counts',
  'earned_counts',
  'active_minutes',
  'economy_day_totals',
  'member_totals',
  'stats_state',
  'leaderboard_optin_changes',
  'leaderboard_optins',
  'bot_state',
  'vip_access_tasks',
  'vip_access_alerts',
  'translations',
  'member_rewards',
  'reward_member_facts',
  'reward_conditions',
  'rewards',
  'product_holdings',
  'purchases',
  'products',
  'content_sets',
  'role_changes',
  'job_runs',
  'job_leases',
  'daily_state',
  'reaction_state',
  'reactions',
  'posts',
  'channels',
  'transactions',
  'profiles',
  'members',
  'settings_audit',
  'settings',
] as const satisfies ReadonlyArray<keyof Database>;

// Every table of Database is listed: `never` when none is missing, a type error otherwise.
type Missing = Exclude<keyof Database, (typeof TABLES_CHILDREN_FIRST)[number]>;
const everyTableListed: [Missing] extends [never] ? true : Missing = true;
void everyTableListed;

/** The example rewards a new install starts with (SPEC §6), seeded by a migration. */
const SEEDED = new Set<string>(['rewards', 'reward_conditions', 'translations']);

/** Deletes every row of every table; `keepSeeds` leaves the seeded example rewards. */
export async function emptyAllTables(storage: Storage, options: { keepSeeds?: boolean } = {}): Promise<void> {
  for (const table of TABLES_CHILDREN_FIRST) {
    if (options.keepSeeds && SEEDED.has(table)) continue;
    await storage.db.deleteFrom(table).execute();
  }
}
