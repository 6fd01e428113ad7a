/**
 * The writes of membership (SPEC §7), for use inside a write transaction: the member's
 * role and VIP expiry change by one relative, guarded UPDATE (the new expiry is computed by
 * the database from the stored one, never from a value read earlier), and the audit row in
 * `role_changes` commits with it. The row is read first only to tell the audit what the role
 * was, and under the write lock (BEGIN IMMEDIATE on SQLite, FOR UPDATE on PostgreSQL).
 */
import { sql } from 'kysely';
import type { Dialect } from '../../storage/connect.js';
import type { MemberRow, Role, RoleChangesTable } from '../../storage/database.js';
import type { Executor } from '../../storage/write-transaction.js';
import { EconomyError } from '../errors.js';
import type { Selectable } from 'kysely';
import { effectiveRole } from '../members/roles.js';
import { MAX_VIP_EXPIRY, MS_PER_DAY } from './membership-input.js';
import { recordEndsIn, recordGrantIn } from '../vip-access/vip-access-repository.js';

export type RoleChangeRow = Selectable<RoleChangesTable>;

/** One audited change of a member's role or VIP expiry. */
/**
 * What the shop (VIP_DAYS products) and the rewards (VIP_DAYS rewards) need of the
 * membership service: extend VIP inside their own transaction, announce after commit.
 */
export interface VipGranter {
  grantVipIn(
    trx: Executor,
    input: { memberId: number; days: number; by: string; reason?: string },
  ): Promise<{ change: RoleChange | null }>;
  announce(changes: Iterable<RoleChange | null>): Promise<void>;
}

export interface RoleChange {
  id: number;
  memberId: number;
  /** The member's effective role just before the change (an expired VIP was already FREE). */
  from: Role;
  /** The effective role right after it. */
  to: Role;
  /** The VIP expiry after the change (for an expiry: the instant the membership ended). */
  vipExpiresAt: Date | null;
  changedBy: string;
  reason: string;
  changedAt: Date;
}

export function toRoleChange(row: RoleChangeRow): RoleChange {
  return {
    id: Number(row.id),
    memberId: Number(row.member_id),
    from: row.old_role,
    to: row.new_role,
    vipExpiresAt: row.vip_expires_at === null ? null : new Date(Number(row.vip_expires_at)),
    changedBy: row.changed_by,
    reason: row.reason,
    changedAt: new Date(Number(row.changed_at)),
  };
}

/** What a role update does to the stored row. */
export type RoleUpdate =
  /** Adds whole days from max(now, expiry); the stored role becomes VIP, or stays ADMIN (`keepAdmin`). */
  | { kind: 'extend'; days: number; keepAdmin: boolean }
  /** Stored role ADMIN; the expiry is kept. */
  | { kind: 'admin' }
  /** Stored role FREE; the expiry is cleared. */
  | { kind: 'free' };

export interface RoleUpdateInput {
  memberId: number;
  update: RoleUpdate;
  changedBy: string;
  reason: string;
  at: number;
  /** Listed in configuration as an admin (their effective role is ADMIN whatever is stored). */
  configuredAdmin: boolean;
}

export interface RoleUpdateResult {
  member: MemberRow;
  /** The audit row, or null when the stored role and expiry did not change. */
  change: RoleChange | null;
}

type RoleFacts = Pick<MemberRow, 'role' | 'vip_expires_at'>;

async function lockRole(trx: Executor, dialect: Dialect, memberId: number): Promise<RoleFacts | undefined> {
  let q = trx.selectFrom('members').select(['role', 'vip_expires_at']).where('id', '=', memberId);
  // SQLite needs no row lock: BEGIN IMMEDIATE already holds the database's write lock.
  if (dialect === 'postgres') q = q.forUpdate();
  return q.executeTakeFirst();
}

/**
 * Applies one role update to a member, creating the member row when the id was never seen
 * (an admin may grant VIP to someone the bot has not met yet; ids are stable).
 */
export async function updateRoleIn(trx: Executor, dialect: Dialect, input: RoleUpdateInput): Promise<RoleUpdateResult> {
  const { memberId, update, at } = input;
  await trx
    .insertInto('members')
    .values({ id: memberId, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const before = await lockRole(trx, dialect, memberId);
  if (!before) throw new Error(`member ${memberId} vanished after creation`);

  let query = trx.updateTable('members').where('id', '=', memberId);
  if (update.kind === 'extend') {
    const ms = update.days * MS_PER_DAY;
    // max(now, expiry) + days, computed by the database from the stored expiry.
    const from = sql<number>`(case when vip_expires_at > ${at} then vip_expires_at else ${at} end)`;
    query = query
      .set({
        vip_expires_at: sql<number>`${from} + ${ms}`,
        role: update.keepAdmin ? sql<Role>`(case when role = 'ADMIN' then 'ADMIN' else 'VIP' end)` : 'VIP',
        updated_at: at,
      })
      .where(sql<boolean>`${from} <= ${MAX_VIP_EXPIRY - ms}`);
  } else if (update.kind === 'admin') {
    query = query.set({ role: 'ADMIN', updated_at: at });
  } else {
    query = query.set({ role: 'FREE', vip_expires_at: null, updated_at: at });
  }
  const after = await query.returningAll().executeTakeFirst();
  if (!after) {
    // Only the extension has a guard: the expiry would pass the end of year 9999.
    throw new EconomyError('INVALID_INPUT', 'this extension would push the VIP expiry past the year 9999', {
      field: 'days',
      vipExpiresAt: before.vip_expires_at,
    });
  }
  const member = normaliseMember(after);
  if (member.role === before.role && member.vip_expires_at === (before.vip_expires_at === null ? null : Number(before.vip_expires_at))) {
    return { member, change: null };
  }
  const row = await trx
    .insertInto('role_changes')
    .values({
      member_id: memberId,
      old_role: effectiveRole(before, at, input.configuredAdmin),
      new_role: effectiveRole(member, at, input.configuredAdmin),
      vip_expires_at: member.vip_expires_at,
      changed_by: input.changedBy,
      reason: input.reason,
      changed_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const change = toRoleChange(row);
  // VIP channel access (SPEC §7): the duties this change causes commit with it.
  if (update.kind === 'extend' && change.to === 'VIP' && member.vip_expires_at !== null) {
    await recordGrantIn(trx, { memberId, changeId: change.id, vipExpiresAt: member.vip_expires_at, at });
  } else if (update.kind === 'free' && change.from === 'VIP') {
    await recordEndsIn(trx, [{ memberId, key: `change:${change.id}` }], at);
  }
  return { member, change };
}

export const EXPIRY_CHANGED_BY = 'job';
export const EXPIRY_REASON = 'VIP membership ended';
const INSERT_CHUNK = 500;

/**
 * Every VIP whose membership ended at or before `at` becomes FREE (one guarded UPDATE: a
 * concurrent extension that moved the expiry past `at` is not matched), each audited as
 * VIP → FREE by `job`, with the expiry that ended. The expiry stays on the row, so the
 * member's view can say when VIP ended; a later extension starts from now.
 */
export async function expireVipsIn(
  trx: Executor,
  at: number,
  isConfiguredAdmin: (memberId: number) => boolean,
): Promise<RoleChange[]> {
  const ended = await trx
    .updateTable('members')
    .set({ role: 'FREE', updated_at: at })
    .where('role', '=', 'VIP')
    .where((eb) => eb.or([eb('vip_expires_at', 'is', null), eb('vip_expires_at', '<=', at)]))
    .returning(['id', 'vip_expires_at'])
    .execute();
  ended.sort((a, b) => Number(a.id) - Number(b.id));
  const changes: RoleChange[] = [];
  for (let i = 0; i < ended.length; i += INSERT_CHUNK) {
    const rows = await trx
      .insertInto('role_changes')
      .values(
        ended.slice(i, i + INSERT_CHUNK).map((m) => {
          // A configured admin stays ADMIN: only the stored membership ended.
          const admin = isConfiguredAdmin(Number(m.id));
          return {
            member_id: Number(m.id),
            old_role: admin ? ('ADMIN' as const) : ('VIP' as const),
            new_role: admin ? ('ADMIN' as const) : ('FREE' as const),
            vip_expires_at: m.vip_expires_at === null ? null : Number(m.vip_expires_at),
            changed_by: EXPIRY_CHANGED_BY,
            reason: EXPIRY_REASON,
            changed_at: at,
          };
        }),
      )
      .returningAll()
      .execute();
    changes.push(...rows.map(toRoleChange).sort((a, b) => a.memberId - b.memberId));
  }
  // Out of the VIP channel (SPEC §7), once per ended expiry; configured admins stay.
  await recordEndsIn(
    trx,
    changes.filter((c) => c.to === 'FREE').map((c) => ({ memberId: c.memberId, key: String(c.vipExpiresAt?.getTime() ?? 0) })),
    at,
  );
  return changes;
}

/** int8 columns arrive as numbers from both drivers; this only pins the types. */
export function normaliseMember(row: MemberRow): MemberRow {
  return {
    ...row,
    id: Number(row.id),
    vip_expires_at: row.vip_expires_at === null ? null : Number(row.vip_expires_at),
    reminders: Number(row.reminders),
    blocked_at: row.blocked_at === null || row.blocked_at === undefined ? null : Number(row.blocked_at),
    locale: row.locale ?? null,
    private_chat_at: row.private_chat_at === null || row.private_chat_at === undefined ? null : Number(row.private_chat_at),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}
