/**
 * Admin tokens for the HTTP API (issue 13): each row is one bearer token tied to the admin
 * it acts for, stored only as the SHA-256 of the secret (hex), so a copy of the database
 * gives nobody a working token. `kind` 'api' is a bearer token for /api/v1; 'login' is the
 * one-time link `npm start` prints while no token exists (single use: redeeming it sets
 * `revoked_at`; it expires at `expires_at`). Tokens are revoked, never deleted, so the list
 * keeps who made and who revoked each one.
 */
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../connect.js';
import { columnTypes } from './dialect-types.js';

export function apiTokens(dialect: Dialect) {
  const { int64, identity } = columnTypes(dialect);
  return {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable('api_tokens')
        .addColumn('id', int64, identity)
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('api', 'login')`))
        .addColumn('admin_id', int64, (c) => c.notNull().check(sql`admin_id > 0`))
        .addColumn('name', 'text')
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('hint', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', int64, (c) => c.notNull())
        .addColumn('expires_at', int64)
        .addColumn('last_used_at', int64)
        .addColumn('revoked_at', int64)
        .addColumn('revoked_by', 'text')
        .execute();
      // The lookup of every request: by the hash of the token presented.
      await db.schema.createIndex('api_tokens_hash_idx').on('api_tokens').column('token_hash').unique().execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('api_tokens').execute();
    },
  };
}
