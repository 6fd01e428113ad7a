/**
 * The one ordered list of migrations, for both dialects. Names sort in order; add new
 * ones at the end with the next number. Each has an up and a down.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../connect.js';
import { membersAndProfiles } from './0001-members-and-profiles.js';
import { transactions } from './0002-transactions.js';
import { settings } from './0003-settings.js';
import { earning } from './0004-earning.js';
import { shop } from './0005-shop.js';
import { rewards } from './0006-rewards.js';
import { bot } from './0007-bot.js';
import { vipExpiryIndex } from './0008-vip-expiry-index.js';
import { translations } from './0009-translations.js';
import { privateChats } from './0010-private-chats.js';
import { vipAccess } from './0011-vip-access.js';
import { leaderboards } from './0012-leaderboards.js';
import { apiTokens } from './0013-api-tokens.js';
import { leaderboardPlaces } from './0014-leaderboard-places.js';
import { leaderboardBlocks } from './0015-leaderboard-blocks.js';
import { metricsDistributions } from './0016-metrics-distributions.js';
import { reactionsByPost } from './0017-reactions-by-post.js';
import { memberHistoryIndex } from './0018-member-history-index.js';
import { ledgerInsertVacuum } from './0019-ledger-insert-vacuum.js';
import { compactBoardLines } from './0020-compact-board-lines.js';

type MigrationFactory = (dialect: Dialect) => Migration;

const ALL: ReadonlyArray<readonly [string, MigrationFactory]> = [
  ['0001-members-and-profiles', membersAndProfiles],
  ['0002-transactions', transactions],
  ['0003-settings', settings],
  ['0004-earning', earning],
  ['0005-shop', shop],
  ['0006-rewards', rewards],
  ['0007-bot', bot],
  ['0008-vip-expiry-index', vipExpiryIndex],
  ['0009-translations', translations],
  ['0010-private-chats', privateChats],
  ['0011-vip-access', vipAccess],
  ['0012-leaderboards', leaderboards],
  ['0013-api-tokens', apiTokens],
  ['0014-leaderboard-places', leaderboardPlaces],
  ['0015-leaderboard-blocks', leaderboardBlocks],
  ['0016-metrics-distributions', metricsDistributions],
  ['0017-reactions-by-post', reactionsByPost],
  ['0018-member-history-index', memberHistoryIndex],
  ['0019-ledger-insert-vacuum', ledgerInsertVacuum],
  ['0020-compact-board-lines', compactBoardLines],
];

export function migrationsFor(dialect: Dialect): Record<string, Migration> {
  const out: Record<string, Migration> = {};
  for (const [name, factory] of ALL) {
    const m = factory(dialect);
    out[name] = dialect === 'sqlite' ? atomicOnSqlite(name, m) : m;
  }
  return out;
}

/**
 * Kysely runs each migration in a transaction only where DDL is transactional
 * (PostgreSQL). SQLite's DDL is transactional too, but Kysely does not wrap it, so each
 * migration runs inside a savepoint: a failing migration leaves nothing half-done. A
 * savepoint (not BEGIN) because the whole run already sits in a BEGIN IMMEDIATE that
 * keeps other processes out while migrating (see migrate.ts).
 */
function atomicOnSqlite(name: string, m: Migration): Migration {
  const sp = sql.id(`migration_${name.replace(/\W/g, '_')}`);
  const wrap = (step: (db: Kysely<any>) => Promise<void>) => async (db: Kysely<any>) => {
    await sql`savepoint ${sp}`.execute(db);
    try {
      await step(db);
      await sql`release ${sp}`.execute(db);
    } catch (err) {
      await sql`rollback to ${sp}`.execute(db);
      await sql`release ${sp}`.execute(db);
      throw err;
    }
  };
  return { up: wrap(m.up), ...(m.down ? { down: wrap(m.down) } : {}) };
}
