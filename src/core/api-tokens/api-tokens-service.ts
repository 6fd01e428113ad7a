/**
 * Admin tokens of the HTTP API (issue 13, SPEC §10: "admin REST API behind a bearer
 * token"). A token is issued to an admin and acts as that admin: every write made with it
 * is audited under the admin's id, as in the bot. It is shown once, when issued; the
 * database keeps only its SHA-256 (token-secret.ts). `authenticate` answers who a token
 * acts for, and asks on every use whether that member is still an admin, so a demoted
 * admin's tokens stop working at once without being revoked.
 *
 * A one-time login link (`kind` login) is what `npm start` prints while no token exists:
 * redeemed once, before it expires, it names the admin it was made for.
 */
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { checkStorableText } from '../storable-text.js';
import * as repo from './api-tokens-repository.js';
import { hashToken, looksLikeToken, newTokenSecret, sameHash } from './token-secret.js';

export const MAX_TOKEN_NAME_LENGTH = 64;
/** How long a login link printed at start may be used. */
export const LOGIN_LINK_TTL_MS = 60 * 60 * 1000;
/** `last_used_at` is written at most this often per token (not a write per request). */
const TOUCH_EVERY_MS = 60 * 1000;

export interface ApiTokenInfo {
  id: number;
  adminId: number;
  name: string | null;
  /** The token's first characters (`bst_AbCd`), to recognise it. */
  hint: string;
  createdBy: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
  revokedBy: string | null;
}

export interface IssuedToken {
  /** The secret: shown once, never stored. */
  token: string;
  info: ApiTokenInfo;
}

export interface OperatorIssueInput {
  /** Who issues it, as the list shows it (`cli`). */
  by: string;
  adminId: number;
  name?: string | null | undefined;
}

/** Whom a token acts for. */
export interface TokenPrincipal {
  tokenId: number;
  adminId: number;
}

export class ApiTokensService {
  readonly #ctx: EngineContext;
  readonly #touched = new Map<number, number>();

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /** An admin issues a token for themselves (the bot's /admin, the dashboard): checked as an admin. */
  async issue(adminIdInput: number, options: { name?: string | null } = {}): Promise<IssuedToken> {
    const adminId = await this.#ctx.admins.require(adminIdInput);
    return this.#issue(adminId, checkName(options.name), `admin:${adminId}`);
  }

  /**
   * The operator (whoever holds the database: the CLI) issues a token for an admin. The id
   * is not required to be an admin yet (ADMIN_IDS may be set only where the server runs):
   * `authenticate` refuses the token for as long as it is not one.
   */
  async operatorIssue(input: OperatorIssueInput): Promise<IssuedToken> {
    return this.#issue(checkMemberId(input.adminId, 'adminId'), checkName(input.name), checkBy(input.by));
  }

  /** Tokens in force (with `includeRevoked`, every token ever issued), oldest first. */
  async list(options: { includeRevoked?: boolean } = {}): Promise<ApiTokenInfo[]> {
    const rows = await repo.listTokens(this.#ctx.storage.db, { includeRevoked: options.includeRevoked === true });
    return rows.map(toInfo);
  }

  /** An admin's own tokens in force (the bot's list). */
  async listFor(adminIdInput: number): Promise<ApiTokenInfo[]> {
    const adminId = await this.#ctx.admins.require(adminIdInput);
    return (await repo.listTokens(this.#ctx.storage.db, { includeRevoked: false, adminId })).map(toInfo);
  }

  /** How many tokens are in force (none: `npm start` prints a login link). */
  activeCount(): Promise<number> {
    return repo.countActive(this.#ctx.storage.db);
  }

  /** The operator revokes a token: NOT_FOUND when no token in force has that id. */
  async revoke(tokenIdInput: number, by: string): Promise<ApiTokenInfo> {
    const tokenId = checkTokenId(tokenIdInput);
    const row = await repo.revokeToken(this.#ctx.storage.db, tokenId, checkBy(by), this.#ctx.clock.now());
    if (!row) throw new EconomyError('NOT_FOUND', `no token ${tokenId} in force`, { tokenId });
    return toInfo(row);
  }

  /** An admin revokes a token (any admin's: a leaked token is everyone's problem). */
  async adminRevoke(adminIdInput: number, tokenIdInput: number): Promise<ApiTokenInfo> {
    const adminId = await this.#ctx.admins.require(adminIdInput);
    return this.revoke(tokenIdInput, `admin:${adminId}`);
  }

  /**
   * Whom `token` acts for, or null: not a token, unknown, revoked, or its admin is no
   * longer one. Never says which (a caller learns nothing by trying).
   */
  async authenticate(token: unknown): Promise<TokenPrincipal | null> {
    if (!looksLikeToken(token, 'api')) return null;
    const hash = hashToken(token);
    const row = await repo.findByHash(this.#ctx.storage.db, hash);
    // The row was found by its hash; the comparison is kept constant-time all the same.
    if (!row || row.kind !== 'api' || row.revoked_at !== null || !sameHash(row.token_hash, hash)) return null;
    if (!(await this.#ctx.admins.isAdmin(row.admin_id))) return null;
    await this.#touch(row.id);
    return { tokenId: row.id, adminId: row.admin_id };
  }

  /** A one-time login link's token for an admin (`npm start` prints it while no token exists). */
  async createLoginToken(input: { adminId: number; by: string; ttlMs?: number }): Promise<{ token: string; expiresAt: number }> {
    const adminId = checkMemberId(input.adminId, 'adminId');
    const ttl = input.ttlMs ?? LOGIN_LINK_TTL_MS;
    if (!Number.isSafeInteger(ttl) || ttl < 1000) throw new EconomyError('INVALID_INPUT', 'ttlMs must be at least 1000', { field: 'ttlMs' });
    const secret = newTokenSecret('login');
    const at = this.#ctx.clock.now();
    await repo.insertToken(this.#ctx.storage.db, {
      kind: 'login',
      admin_id: adminId,
      name: null,
      token_hash: secret.hash,
      hint: secret.hint,
      created_by: checkBy(input.by),
      created_at: at,
      expires_at: at + ttl,
    });
    return { token: secret.token, expiresAt: at + ttl };
  }

  /**
   * Uses up a login token: the admin it was made for, or null (unknown, used, expired, or
   * its admin is no longer one). Of two redemptions at once exactly one succeeds.
   */
  async redeemLogin(token: unknown): Promise<{ adminId: number } | null> {
    if (!looksLikeToken(token, 'login')) return null;
    const row = await repo.redeemLogin(this.#ctx.storage.db, hashToken(token), this.#ctx.clock.now());
    if (!row || !(await this.#ctx.admins.isAdmin(row.admin_id))) return null;
    return { adminId: row.admin_id };
  }

  async #issue(adminId: number, name: string | null, by: string): Promise<IssuedToken> {
    const secret = newTokenSecret('api');
    const row = await repo.insertToken(this.#ctx.storage.db, {
      kind: 'api',
      admin_id: adminId,
      name,
      token_hash: secret.hash,
      hint: secret.hint,
      created_by: by,
      created_at: this.#ctx.clock.now(),
      expires_at: null,
    });
    return { token: secret.token, info: toInfo(row) };
  }

  /** Records the last use, at most once a minute per token and process. */
  async #touch(id: number): Promise<void> {
    const now = this.#ctx.clock.now();
    const last = this.#touched.get(id);
    if (last !== undefined && now - last < TOUCH_EVERY_MS && now >= last) return;
    if (this.#touched.size > 10_000) this.#touched.clear();
    this.#touched.set(id, now);
    await repo.touchToken(this.#ctx.storage.db, id, now);
  }
}

function toInfo(row: repo.ApiTokenRow): ApiTokenInfo {
  return {
    id: Number(row.id),
    adminId: Number(row.admin_id),
    name: row.name,
    hint: row.hint,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : Number(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    revokedBy: row.revoked_by,
  };
}

function checkName(name: unknown): string | null {
  if (name === undefined || name === null) return null;
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_TOKEN_NAME_LENGTH) {
    throw new EconomyError('INVALID_INPUT', `a token's name is a text of 1 to ${MAX_TOKEN_NAME_LENGTH} characters`, { field: 'name', max: MAX_TOKEN_NAME_LENGTH });
  }
  return checkStorableText(name.trim(), 'name');
}

function checkBy(by: unknown): string {
  if (typeof by !== 'string' || by.trim() === '' || by.length > 64) {
    throw new EconomyError('INVALID_INPUT', 'who issues or revokes a token is a text of 1 to 64 characters', { field: 'by' });
  }
  return checkStorableText(by, 'by');
}

function checkTokenId(id: unknown): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
    throw new EconomyError('INVALID_INPUT', 'a token id is a positive whole number', { field: 'tokenId' });
  }
  return id;
}
