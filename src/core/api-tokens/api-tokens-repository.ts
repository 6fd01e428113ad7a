/** The `api_tokens` table (0013-api-tokens): rows in, rows out; the rules are in api-tokens-service.ts. */
import type { Kysely, Selectable } from 'kysely';
import type { ApiTokensTable, Database } from '../../storage/database.js';

export type ApiTokenRow = Selectable<ApiTokensTable>;

export async function insertToken(
  db: Kysely<Database>,
  row: Omit<ApiTokenRow, 'id' | 'last_used_at' | 'revoked_at' | 'revoked_by'>,
): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findByHash(db: Kysely<Database>, hash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export function findById(db: Kysely<Database>, id: number): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listTokens(db: Kysely<Database>, options: { includeRevoked: boolean; adminId?: number }): Promise<ApiTokenRow[]> {
  let q = db.selectFrom('api_tokens').selectAll().where('kind', '=', 'api');
  if (!options.includeRevoked) q = q.where('revoked_at', 'is', null);
  if (options.adminId !== undefined) q = q.where('admin_id', '=', options.adminId);
  return q.orderBy('id', 'asc').execute();
}

export async function countActive(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', 'api')
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Revokes a token still in force; the row as revoked, or undefined when there was none to revoke. */
export function revokeToken(db: Kysely<Database>, id: number, by: string, at: number): Promise<ApiTokenRow | undefined> {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', id)
    .where('kind', '=', 'api')
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Uses up a one-time login token: one guarded UPDATE, so of two redemptions at once exactly
 * one gets the row (the other finds it revoked).
 */
export function redeemLogin(db: Kysely<Database>, hash: string, at: number): Promise<ApiTokenRow | undefined> {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: at, revoked_by: 'login' })
    .where('token_hash', '=', hash)
    .where('kind', '=', 'login')
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .returningAll()
    .executeTakeFirst();
}

export async function touchToken(db: Kysely<Database>, id: number, at: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}
