/**
 * Members and VIP membership (SPEC §0, §7): who the bot has met, their role and VIP
 * expiry, the audit of every role change, and the reminder opt-in.
 *
 * - `register` is the upsert the bot calls whenever it meets a person: names are filled in
 *   or updated, never overwritten by an unknown (null) value.
 * - `grantVip` is the trusted extension (shop, rewards, the operator; or an admin when
 *   `adminId` is given, checked every time): whole days from max(now, expiry), role VIP
 *   unless ADMIN. `setRole` is the admin's explicit choice of role, checked every time.
 * - Every change is one transaction holding the relative, guarded UPDATE and its
 *   `role_changes` row; `role.changed` is emitted after the commit.
 * - `expireVips` (the job's) turns every VIP whose expiry is ≤ now into FREE; the effective
 *   role (`effectiveRole`) is already FREE from the expiry instant, job or no job.
 */
import { sql } from 'kysely';
import type { MemberRow, Role } from '../../storage/database.js';
import { withReconnects } from '../../storage/connection-loss.js';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { EconomyError } from '../errors.js';
import { checkMemberId, checkReason } from '../ledger/movement-input.js';
import { effectiveRole } from '../members/roles.js';
import {
  checkActor,
  checkBoolean,
  checkDays,
  checkLanguage,
  checkName,
  checkRole,
  checkUsername,
} from './membership-input.js';
import {
  normaliseMember,
  toRoleChange,
  updateRoleIn,
  type RoleChange,
  type RoleUpdate,
} from './membership-repository.js';
import type { EngineContext } from '../engine-context.js';
import { VipGrants } from './vip-grants.js';

export interface MemberView {
  id: number;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  language: string | null;
  /** The language chosen in the bot, or null to follow Telegram's `language`. */
  locale: string | null;
  /** When the member blocked the bot (notifications skip them), or null. */
  blockedAt: Date | null;
  /** When the member last opened or used a private chat with the bot; null: never (the bot may not write first). */
  privateChatAt: Date | null;
  /**
   * The bot may message the member on its own: they have a private chat with it and did not
   * block it. The one answer every proactive message (notifications, reminders) goes by.
   */
  reachable: boolean;
  /** Effective role now: ADMIN (configured or stored) > VIP (expiry in the future) > FREE. */
  role: Role;
  /** The role as stored (a VIP stays stored VIP until the job turns it FREE). */
  storedRole: Role;
  vipExpiresAt: Date | null;
  /** Opted in to streak-at-risk reminders. */
  reminders: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export interface RegisterInput {
  id: number;
  /** With or without the `@`. */
  username?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  /** Telegram's language_code (`es`, `en`). */
  language?: string | null;
  /** Met in a private chat with the bot: the chat is open (and not blocked, since they write). */
  privateChat?: boolean;
}

export interface GrantVipInput {
  memberId: number;
  /** Whole days, 1 to 3650. */
  days: number;
  /** Who grants, as the audit records it (`shop`, `reward:7`, `cli`). Not needed with `adminId`. */
  by?: string;
  /** An admin granting through the bot: checked every time (FORBIDDEN), recorded as `admin:<id>`. */
  adminId?: number;
  reason?: string;
}

export interface SetRoleInput {
  memberId: number;
  role: Role;
  adminId: number;
  reason?: string;
  /** Required with VIP (1 to 3650, added from max(now, expiry)); refused with FREE and ADMIN. */
  days?: number;
}

export interface RoleChangeResult {
  member: MemberView;
  /** The audit entry, or null when nothing changed (FREE set on a FREE member). */
  change: RoleChange | null;
}

export interface RoleChangesQuery {
  /** 1 to 100, default 20. */
  limit?: number;
  /** Entries older than this id (the last id of the previous page). */
  beforeId?: number;
}

const DEFAULT_HISTORY_LIMIT = 20;
const MAX_HISTORY_LIMIT = 100;

/** How an admin shows up in `changed_by`. */
export function adminActor(adminId: number): string {
  return `admin:${adminId}`;
}

export class MembershipService {
  readonly #ctx: EngineContext;
  readonly #vip: VipGrants;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
    this.#vip = new VipGrants(ctx);
  }

  /** Creates or updates the member the bot just met; known names are never replaced by null. */
  async register(input: RegisterInput): Promise<MemberView> {
    const id = checkMemberId(input?.id, 'id');
    const username = checkUsername(input.username);
    const firstName = checkName(input.firstName, 'firstName');
    const lastName = checkName(input.lastName, 'lastName');
    const language = checkLanguage(input.language);
    const privateChat = input.privateChat === undefined ? false : checkBoolean(input.privateChat, 'privateChat');
    const at = this.#ctx.clock.now();
    const chat = privateChat ? { private_chat_at: at, blocked_at: null } : {};
    const values = { id, username, first_name: firstName, last_name: lastName, language, ...chat, created_at: at, updated_at: at };
    const upsert = (db: Executor) =>
      db
        .insertInto('members')
        .values(values)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            ...chat,
            username: eb.fn.coalesce(eb.ref('excluded.username'), eb.ref('members.username')),
            first_name: eb.fn.coalesce(eb.ref('excluded.first_name'), eb.ref('members.first_name')),
            last_name: eb.fn.coalesce(eb.ref('excluded.last_name'), eb.ref('members.last_name')),
            language: eb.fn.coalesce(eb.ref('excluded.language'), eb.ref('members.language')),
            updated_at: eb.ref('excluded.updated_at'),
          })),
        )
        .returningAll();
    // Telegram usernames are unique at any moment: one that moved to this member is no
    // longer the other one's, so a lookup by @name finds the person who has it now.
    const steal = (db: Executor, name: string) =>
      db
        .updateTable('members')
        .set({ username: null, updated_at: at })
        .where(sql<string>`lower(username)`, '=', name.toLowerCase())
        .where('id', '<>', id);
    let row: MemberRow;
    if (this.#ctx.storage.dialect === 'postgres') {
      // ONE statement, not BEGIN, update, upsert, COMMIT: the bot registers every member it
      // meets for the first time, so a hot post's first presses paid four round trips each.
      // The CTE and the upsert touch different rows (id <> this one), and the username index
      // is not unique, so running them on one snapshot decides the same. Run again after a
      // lost connection: writing the same names twice is the same as once.
      const db = this.#ctx.storage.db;
      // The CTE's query creator inserts as the database does (its extra table is never read).
      const creator = username === null ? db : (db.with('stolen', (qc) => steal(qc as unknown as Executor, username).returning('id')) as unknown as Executor);
      const statement = upsert(creator);
      row = await withReconnects(() => statement.executeTakeFirstOrThrow(), { repeatable: true });
    } else {
      row = await writeTransaction(this.#ctx.storage, async (trx) => {
        if (username !== null) await steal(trx, username).execute();
        return upsert(trx).executeTakeFirstOrThrow();
      });
    }
    return this.#view(row, at);
  }

  /** The member, or null for an id the bot never met. */
  async get(memberId: number): Promise<MemberView | null> {
    const id = checkMemberId(memberId);
    const row = await this.#ctx.storage.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.#view(row, this.#ctx.clock.now()) : null;
  }

  /** By `@name` or `name`, case-insensitive (index on lower(username)); null when nobody has it. */
  async findByUsername(username: string): Promise<MemberView | null> {
    const name = checkUsername(username);
    if (name === null) throw new EconomyError('INVALID_INPUT', 'a username is required', { field: 'username' });
    const row = await this.#ctx.storage.db
      .selectFrom('members')
      .selectAll()
      .where(sql<string>`lower(username)`, '=', name.toLowerCase())
      .orderBy('updated_at', 'desc')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row ? this.#view(row, this.#ctx.clock.now()) : null;
  }

  /** Extends VIP by whole days from max(now, expiry); ADMIN stays ADMIN. Audited. */
  async grantVip(input: GrantVipInput): Promise<RoleChangeResult> {
    const by = input?.adminId !== undefined ? adminActor(await this.#ctx.admins.require(input.adminId)) : checkActor(input?.by);
    const memberId = checkMemberId(input.memberId);
    const days = checkDays(input.days);
    const reason = checkReason(input.reason, false);
    return this.#change(memberId, { kind: 'extend', days, keepAdmin: true }, by, reason);
  }

  /** An admin sets a member's role (checked every time: FORBIDDEN). FREE clears the expiry. */
  async setRole(input: SetRoleInput): Promise<RoleChangeResult> {
    // Who asks first, as for the ledger's admin movements: a non-admin learns nothing more.
    const adminId = await this.#ctx.admins.require(input?.adminId);
    const memberId = checkMemberId(input.memberId);
    const role = checkRole(input.role);
    const reason = checkReason(input.reason, false);
    let update: RoleUpdate;
    if (role === 'VIP') {
      if (input.days === undefined) {
        throw new EconomyError('INVALID_INPUT', 'days is required to make a member VIP', { field: 'days' });
      }
      update = { kind: 'extend', days: checkDays(input.days), keepAdmin: false };
    } else {
      if (input.days !== undefined) {
        throw new EconomyError('INVALID_INPUT', `days only goes with role VIP, not ${role}`, { field: 'days' });
      }
      update = role === 'ADMIN' ? { kind: 'admin' } : { kind: 'free' };
    }
    return this.#change(memberId, update, adminActor(adminId), reason);
  }

  /**
   * The first admin of an economy that has none (`npm start`'s setup link): `memberId`
   * becomes a stored ADMIN through the same audited update as `setRole`, recorded as `by`.
   * FORBIDDEN when any admin exists (configured or stored), checked inside the write
   * transaction, so it can never add a second admin behind the existing ones' backs.
   */
  async claimFirstAdmin(input: { memberId: number; by: string }): Promise<RoleChangeResult> {
    const memberId = checkMemberId(input?.memberId);
    const by = checkActor(input.by);
    if (this.#ctx.admins.configuredIds().length > 0) {
      throw new EconomyError('FORBIDDEN', 'this community already has an admin', { adminId: memberId });
    }
    return this.#change(memberId, { kind: 'admin' }, by, 'first admin', async (trx) => {
      const stored = await trx.selectFrom('members').select('id').where('role', '=', 'ADMIN').limit(1).executeTakeFirst();
      if (stored) throw new EconomyError('FORBIDDEN', 'this community already has an admin', { adminId: memberId });
    });
  }

  /** Opt in or out of streak-at-risk reminders (creates the member row when new). */
  async setReminders(memberId: number, on: boolean): Promise<MemberView> {
    const id = checkMemberId(memberId);
    return this.#upsert(id, { reminders: checkBoolean(on, 'on') ? 1 : 0 });
  }

  /** The language the member chose in the bot (`es`, `en`), or null to follow Telegram's. */
  async setLocale(memberId: number, locale: string | null): Promise<MemberView> {
    const id = checkMemberId(memberId);
    const value = checkLanguage(locale);
    return this.#upsert(id, { locale: value });
  }

  /**
   * Marks the member as unreachable (they blocked the bot: notifications skip them) or,
   * with `false`, reachable again (they wrote to the bot).
   */
  async setBlocked(memberId: number, blocked: boolean): Promise<MemberView> {
    const id = checkMemberId(memberId);
    return this.#upsert(id, { blocked_at: checkBoolean(blocked, 'blocked') ? this.#ctx.clock.now() : null });
  }

  /**
   * What Telegram says of the member's private chat with the bot (`my_chat_member`): open
   * (they started or unblocked it: reachable at once) or closed (they blocked it: the
   * blocked mark). When the chat was first opened stays known after a block.
   */
  async setPrivateChat(memberId: number, open: boolean): Promise<MemberView> {
    const id = checkMemberId(memberId);
    const at = this.#ctx.clock.now();
    return this.#upsert(id, checkBoolean(open, 'open') ? { private_chat_at: at, blocked_at: null } : { blocked_at: at });
  }

  /** Members whose VIP membership is active now (stored ADMINs with a VIP expiry included). */
  async vipCount(): Promise<number> {
    const row = await this.#ctx.storage.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('vip_expires_at', '>', this.#ctx.clock.now())
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The member's role changes, newest first. */
  async roleChanges(memberId: number, query: RoleChangesQuery = {}): Promise<RoleChange[]> {
    return this.#roleChanges(checkMemberId(memberId), query);
  }

  /** Every member's role changes, newest first: the roles audit (issue 13). */
  async allRoleChanges(query: RoleChangesQuery = {}): Promise<RoleChange[]> {
    return this.#roleChanges(undefined, query);
  }

  async #roleChanges(id: number | undefined, query: RoleChangesQuery): Promise<RoleChange[]> {
    const limit = query.limit ?? DEFAULT_HISTORY_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_HISTORY_LIMIT) {
      throw new EconomyError('INVALID_INPUT', `limit must be an integer from 1 to ${MAX_HISTORY_LIMIT}`, { field: 'limit', limit });
    }
    let q = this.#ctx.storage.db.selectFrom('role_changes').selectAll();
    if (id !== undefined) q = q.where('member_id', '=', id);
    if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toRoleChange);
  }

  /** Every VIP whose expiry is ≤ now becomes FREE, audited by `job`; events after commit. Idempotent. */
  async expireVips(): Promise<RoleChange[]> {
    const at = this.#ctx.clock.now();
    const changes = await writeTransaction(this.#ctx.storage, (trx) => this.#vip.expireVipsIn(trx, at));
    await this.#vip.announce(changes);
    return changes;
  }

  async #upsert(
    id: number,
    patch: { reminders?: number; locale?: string | null; blocked_at?: number | null; private_chat_at?: number },
  ): Promise<MemberView> {
    const at = this.#ctx.clock.now();
    const row = await writeTransaction(this.#ctx.storage, (trx) =>
      trx
        .insertInto('members')
        .values({ id, ...patch, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('id').doUpdateSet({ ...patch, updated_at: at }))
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    return this.#view(row, at);
  }

  /** `guard` runs first in the same transaction (and refuses by throwing). */
  async #change(memberId: number, update: RoleUpdate, by: string, reason: string, guard?: (trx: Executor) => Promise<void>): Promise<RoleChangeResult> {
    const at = this.#ctx.clock.now();
    const result = await writeTransaction(this.#ctx.storage, async (trx) => {
      await guard?.(trx);
      return updateRoleIn(trx, this.#ctx.storage.dialect, {
        memberId,
        update,
        changedBy: by,
        reason,
        at,
        configuredAdmin: this.#ctx.admins.isConfiguredAdmin(memberId),
      });
    });
    await this.#vip.announce([result.change]);
    return { member: this.#view(result.member, at), change: result.change };
  }

  #view(raw: MemberRow, now: number): MemberView {
    const row = normaliseMember(raw);
    return {
      id: row.id,
      username: row.username,
      firstName: row.first_name,
      lastName: row.last_name,
      language: row.language,
      locale: row.locale,
      blockedAt: row.blocked_at === null ? null : new Date(row.blocked_at),
      privateChatAt: row.private_chat_at === null ? null : new Date(row.private_chat_at),
      reachable: row.private_chat_at !== null && row.blocked_at === null,
      role: effectiveRole(row, now, this.#ctx.admins.isConfiguredAdmin(row.id)),
      storedRole: row.role,
      vipExpiresAt: row.vip_expires_at === null ? null : new Date(row.vip_expires_at),
      reminders: row.reminders === 1,
      createdAt: new Date(row.created_at),
      updatedAt: new Date(row.updated_at),
    };
  }
}
