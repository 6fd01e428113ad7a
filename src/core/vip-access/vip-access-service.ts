/**
 * VIP channel access (SPEC §7): what is due, recorded, done through the port, once.
 *
 * Duties are rows of `vip_access_tasks`: invites and ends are written by the membership
 * transaction that caused them (vip-access-repository.ts); reminders 3 days and 1 day
 * before an expiry are found by `runDue` for members who opted in to reminders
 * (`members.reminders`) and did not block the bot. `runDue` runs inside the day-boundary
 * jobs' lease (one instance at a time) and only when a port is installed, so a CLI run never
 * uses a duty up.
 *
 * Each task is claimed (pending → sending) by a guarded update before the port is called,
 * so it is attempted by one run only; a crash between the claim and the outcome leaves it
 * `sending`: at most one link or reminder per grant or expiry, never two. Outcomes: done;
 * skipped (no longer due: the member is not VIP any more, renewed before the removal, the
 * expiry moved); retried later with a back-off (Telegram busy, a missing admin right, a
 * member who cannot be messaged now); failed (a permanent refusal).
 *
 * A missing admin right (`VipAccessRefused`) is told to the admins once per channel and
 * right (`vip_access_alerts`), until a call needing that right succeeds again; while it is
 * missing, one task per run tries it, the others wait.
 */

import type { Selectable } from 'kysely';
import type { VipAccessTasksTable } from '../../storage/database.js';
import { writeTransaction } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { effectiveRole } from '../members/roles.js';
import { MS_PER_DAY } from '../membership/membership-input.js';
import { insertTasks, type NewTask } from './vip-access-repository.js';
import {
  VipAccessRefused,
  VipAccessUnreachable,
  type JoinDecision,
  type VipAccessPort,
  type VipAccessReport,
  type VipAccessRight,
} from './vip-access-types.js';

type TaskRow = Selectable<VipAccessTasksTable>;

/** Reminders this many days before the expiry (the nearest due one only). */
export const VIP_REMINDER_DAYS = [3, 1] as const;
/** Tasks attempted per run at most (the rest wait a minute). */
export const VIP_ACCESS_BATCH = 100;
/** Days after which an "ended" message not yet delivered is dropped. */
export const ENDED_MESSAGE_DAYS = 7;
const MIN_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 3_600_000;

export interface VipAccessTask {
  id: number;
  memberId: number;
  kind: TaskRow['kind'];
  channelId: number | null;
  status: TaskRow['status'];
  attempts: number;
  result: unknown;
}

export class VipAccessService {
  readonly #ctx: EngineContext;
  #port: VipAccessPort | null = null;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /** Installs (or, with null, removes) the port; until one is installed nothing is done, only recorded. */
  setPort(port: VipAccessPort | null): void {
    this.#port = port;
  }

  get port(): VipAccessPort | null {
    return this.#port;
  }

  /** What a join request to `channelId` gets: approve an active VIP (or admin), decline others; ignore a non-VIP channel. */
  async joinRequest(input: { memberId: number; channelId: number }): Promise<JoinDecision> {
    const memberId = checkMemberId(input?.memberId);
    const db = this.#ctx.storage.db;
    const channel = await db.selectFrom('channels').select('kind').where('id', '=', input.channelId).executeTakeFirst();
    if (channel?.kind !== 'VIP') return 'ignore';
    const member = await db.selectFrom('members').select(['role', 'vip_expires_at']).where('id', '=', memberId).executeTakeFirst();
    const configured = this.#ctx.admins.isConfiguredAdmin(memberId);
    const role = member ? effectiveRole(member, this.#ctx.clock.now(), configured) : configured ? 'ADMIN' : 'FREE';
    return role === 'FREE' ? 'decline' : 'approve';
  }

  /** The bot found a right missing outside the jobs (a join request): admins are told once. */
  async reportMissingRight(channelId: number, right: VipAccessRight): Promise<boolean> {
    return this.#alert(channelId, right);
  }

  /** The bot's call needing `right` in `channelId` succeeded: a later loss is told again. */
  async rightWorks(channelId: number, right: VipAccessRight): Promise<void> {
    await this.#ctx.storage.db.deleteFrom('vip_access_alerts').where('channel_id', '=', channelId).where('right_name', '=', right).execute();
  }

  /** A member's access duties, newest first (tests, the CLI). */
  async tasks(memberId: number): Promise<VipAccessTask[]> {
    const id = checkMemberId(memberId);
    const rows = await this.#ctx.storage.db.selectFrom('vip_access_tasks').selectAll().where('member_id', '=', id).orderBy('id', 'desc').execute();
    return rows.map((r) => ({
      id: Number(r.id),
      memberId: Number(r.member_id),
      kind: r.kind,
      channelId: r.channel_id === null ? null : Number(r.channel_id),
      status: r.status,
      attempts: Number(r.attempts),
      result: r.result === null ? null : (JSON.parse(r.result) as unknown),
    }));
  }

  /** Records the reminders now due, then does what is due through the port. Call under the jobs' lease. */
  async runDue(now: number): Promise<VipAccessReport | null> {
    const port = this.#port;
    if (!port) return null;
    await this.#recordReminders(now);
    const report: VipAccessReport = { done: 0, retried: 0, skipped: 0, failed: 0, alerts: [] };
    const db = this.#ctx.storage.db;
    const due = await db
      .selectFrom('vip_access_tasks')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_at', '<=', now)
      .orderBy('id')
      .limit(VIP_ACCESS_BATCH)
      .execute();
    const blockedRights = new Set<string>();
    for (const task of due) {
      const right = rightOf(task);
      const channelKey = right && task.channel_id !== null ? `${task.channel_id}:${right}` : null;
      if (channelKey && blockedRights.has(channelKey)) continue; // the right is missing: one try per run
      const outcome = await this.#attempt(port, task, now);
      if (outcome.kind === 'refused') {
        blockedRights.add(`${outcome.error.channelId}:${outcome.error.right}`);
        if (await this.#alert(outcome.error.channelId, outcome.error.right)) {
          report.alerts.push({ channelId: outcome.error.channelId, right: outcome.error.right });
        }
        report.retried++;
      } else {
        report[outcome.kind]++;
      }
    }
    return report;
  }

  async #attempt(port: VipAccessPort, raw: TaskRow, now: number): Promise<{ kind: 'done' | 'skipped' | 'failed' | 'retried' } | { kind: 'refused'; error: VipAccessRefused }> {
    const task = { ...raw, id: Number(raw.id), member_id: Number(raw.member_id), channel_id: raw.channel_id === null ? null : Number(raw.channel_id) };
    const db = this.#ctx.storage.db;
    const member = await db.selectFrom('members').select(['role', 'vip_expires_at', 'blocked_at', 'private_chat_at', 'reminders']).where('id', '=', task.member_id).executeTakeFirst();
    const role = member ? effectiveRole(member, now, this.#ctx.admins.isConfiguredAdmin(task.member_id)) : 'FREE';
    const expiry = member?.vip_expires_at === null || member?.vip_expires_at === undefined ? null : Number(member.vip_expires_at);
    const messages = task.kind !== 'removal';
    // Still due? A duty about a membership that changed since is dropped.
    let stale = false;
    if (task.kind === 'invite') stale = role !== 'VIP' || expiry === null;
    else if (task.kind === 'reminder') stale = role !== 'VIP' || expiry !== Number(task.vip_expires_at);
    else stale = role !== 'FREE'; // renewed (or made admin) before the removal: stay in
    // "Your VIP ended" is news for a week; a member unreachable longer is not told late.
    if (task.kind === 'ended' && now - Number(task.created_at) > ENDED_MESSAGE_DAYS * MS_PER_DAY) stale = true;
    if (stale) {
      await this.#finish(task.id, 'skipped', now, { reason: 'no longer due' });
      return { kind: 'skipped' };
    }
    // Messages go only to members the bot can write to: a private chat opened and not blocked
    // (the same rule as MemberView.reachable). The task waits (backing off) until they are.
    const reachable = member !== undefined && member.private_chat_at !== null && member.blocked_at === null;
    if (messages && !reachable) {
      await this.#retry(task.id, Number(task.attempts), now, 'member unreachable', MAX_BACKOFF_MS);
      return { kind: 'retried' };
    }
    if (!(await this.#claim(task.id, now))) return { kind: 'skipped' }; // another run has it
    try {
      let result: unknown = null;
      if (task.kind === 'invite') {
        const out = await port.invite({ memberId: task.member_id, channelId: task.channel_id!, vipExpiresAt: new Date(expiry!) });
        result = out;
        await this.rightWorks(task.channel_id!, 'can_invite_users');
      } else if (task.kind === 'removal') {
        await port.remove({ memberId: task.member_id, channelId: task.channel_id!, links: await this.#linksOf(task.member_id, task.channel_id!) });
        await this.rightWorks(task.channel_id!, 'can_restrict_members');
      } else if (task.kind === 'reminder') {
        const daysLeft = Math.max(1, Math.ceil((expiry! - now) / MS_PER_DAY));
        await port.tell({ memberId: task.member_id, message: { kind: 'reminder', vipExpiresAt: new Date(expiry!), daysLeft } });
      } else {
        await port.tell({ memberId: task.member_id, message: { kind: 'ended' } });
      }
      await this.#finish(task.id, 'done', now, result);
      return { kind: 'done' };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof VipAccessRefused) {
        await this.#retry(task.id, Number(task.attempts), now, message);
        return { kind: 'refused', error: err };
      }
      if (err instanceof VipAccessUnreachable) {
        await this.#retry(task.id, Number(task.attempts), now, message, MAX_BACKOFF_MS);
        return { kind: 'retried' };
      }
      if (typeof err === 'object' && err !== null && (err as { permanent?: unknown }).permanent === true) {
        await this.#finish(task.id, 'failed', now, { error: message });
        return { kind: 'failed' };
      }
      await this.#retry(task.id, Number(task.attempts), now, message);
      return { kind: 'retried' };
    }
  }

  /** Links sent to the member for the channel (revoked at removal if still unused). */
  async #linksOf(memberId: number, channelId: number): Promise<string[]> {
    const rows = await this.#ctx.storage.db
      .selectFrom('vip_access_tasks')
      .select('result')
      .where('member_id', '=', memberId)
      .where('kind', '=', 'invite')
      .where('channel_id', '=', channelId)
      .where('status', '=', 'done')
      .execute();
    const links: string[] = [];
    for (const r of rows) {
      const out = r.result === null ? null : (JSON.parse(r.result) as { kind?: string; link?: string } | null);
      if (out?.kind === 'link' && typeof out.link === 'string') links.push(out.link);
    }
    return links;
  }

  async #claim(id: number, now: number): Promise<boolean> {
    const res = await writeTransaction(this.#ctx.storage, (trx) =>
      trx.updateTable('vip_access_tasks').set({ status: 'sending', updated_at: now }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst(),
    );
    return Number(res.numUpdatedRows) === 1;
  }

  async #finish(id: number, status: 'done' | 'skipped' | 'failed', now: number, result: unknown): Promise<void> {
    await writeTransaction(this.#ctx.storage, (trx) =>
      trx.updateTable('vip_access_tasks').set({ status, result: JSON.stringify(result), updated_at: now }).where('id', '=', id).execute(),
    );
  }

  async #retry(id: number, attempts: number, now: number, error: string, atLeastMs = 0): Promise<void> {
    const backoff = Math.max(atLeastMs, Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.min(attempts, 10)));
    await writeTransaction(this.#ctx.storage, (trx) =>
      trx
        .updateTable('vip_access_tasks')
        .set({ status: 'pending', attempts: attempts + 1, next_at: now + backoff, result: JSON.stringify({ error }), updated_at: now })
        .where('id', '=', id)
        .execute(),
    );
  }

  /** Records the right as missing; true when this is news (the admins were told now). */
  async #alert(channelId: number, right: VipAccessRight): Promise<boolean> {
    const now = this.#ctx.clock.now();
    const inserted = await writeTransaction(this.#ctx.storage, (trx) =>
      trx
        .insertInto('vip_access_alerts')
        .values({ channel_id: channelId, right_name: right, told_at: now })
        .onConflict((oc) => oc.columns(['channel_id', 'right_name']).doNothing())
        .returning('channel_id')
        .executeTakeFirst(),
    );
    if (!inserted) return false;
    const port = this.#port;
    if (port) {
      const adminIds = await this.#adminIds();
      // Telling is best effort: the alert stays recorded, so a failure here is not repeated every tick.
      await port.tellAdmins({ adminIds, channelId, right }).catch(() => undefined);
    }
    return true;
  }

  async #adminIds(): Promise<number[]> {
    const rows = await this.#ctx.storage.db.selectFrom('members').select('id').where('role', '=', 'ADMIN').execute();
    return [...new Set([...this.#ctx.admins.configuredIds(), ...rows.map((r) => Number(r.id))])].sort((a, b) => a - b);
  }

  /** Reminders due now: the nearest of 3 and 1 days before the expiry, once per expiry, opted-in members only. */
  async #recordReminders(now: number): Promise<void> {
    const horizon = now + Math.max(...VIP_REMINDER_DAYS) * MS_PER_DAY;
    const db = this.#ctx.storage.db;
    const rows = await db
      .selectFrom('members')
      .select(['id', 'vip_expires_at'])
      .where('role', '=', 'VIP')
      .where('vip_expires_at', '>', now)
      .where('vip_expires_at', '<=', horizon)
      .where('reminders', '=', 1)
      .where('blocked_at', 'is', null)
      .where('private_chat_at', 'is not', null)
      .execute();
    if (rows.length === 0) return;
    const tasks: NewTask[] = [];
    for (const r of rows) {
      const expiry = Number(r.vip_expires_at);
      const left = expiry - now;
      // The nearest reminder due is sent; a farther one not sent yet is recorded as skipped.
      const due = [...VIP_REMINDER_DAYS].sort((a, b) => a - b).find((d) => left <= d * MS_PER_DAY)!;
      for (const d of VIP_REMINDER_DAYS) {
        if (d < due) continue;
        tasks.push({ memberId: Number(r.id), kind: 'reminder', dueKey: `${expiry}:${d}`, channelId: null, vipExpiresAt: expiry, status: d === due ? 'pending' : 'skipped' });
      }
    }
    // Only the new ones are written (the usual minute writes nothing); the existing row
    // wins anyway: a reminder already sent (or skipped) stays so.
    const known = new Set<string>();
    const ids = [...new Set(tasks.map((t) => t.memberId))];
    for (let i = 0; i < ids.length; i += 400) {
      const rows = await db
        .selectFrom('vip_access_tasks')
        .select(['member_id', 'due_key'])
        .where('kind', '=', 'reminder')
        .where('member_id', 'in', ids.slice(i, i + 400))
        .execute();
      for (const r of rows) known.add(`${Number(r.member_id)}|${r.due_key}`);
    }
    const fresh = tasks.filter((t) => !known.has(`${t.memberId}|${t.dueKey}`));
    if (fresh.length === 0) return;
    await writeTransaction(this.#ctx.storage, async (trx) => {
      for (let i = 0; i < fresh.length; i += 400) await insertTasks(trx, fresh.slice(i, i + 400), now);
    });
  }
}

function rightOf(task: TaskRow): VipAccessRight | null {
  if (task.kind === 'invite') return 'can_invite_users';
  if (task.kind === 'removal') return 'can_restrict_members';
  return null;
}


