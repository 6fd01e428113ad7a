/**
 * The duties of VIP channel access, written inside the transaction that causes them: a
 * grant or extension records one invite per VIP channel (keyed by its role change), an end
 * of membership one removal per channel and one "ended" message (keyed by the expiry that
 * ended, or by the role change of an admin's revocation). The unique key (member, kind,
 * due_key) makes each duty exist once, whoever records it.
 */
import type { Executor } from '../../storage/write-transaction.js';

export type TaskKind = 'invite' | 'reminder' | 'removal' | 'ended';

export interface NewTask {
  memberId: number;
  kind: TaskKind;
  dueKey: string;
  channelId: number | null;
  vipExpiresAt: number | null;
  status?: 'pending' | 'skipped';
}

export async function insertTasks(trx: Executor, tasks: NewTask[], at: number): Promise<void> {
  if (tasks.length === 0) return;
  await trx
    .insertInto('vip_access_tasks')
    .values(
      tasks.map((t) => ({
        member_id: t.memberId,
        kind: t.kind,
        due_key: t.dueKey,
        channel_id: t.channelId,
        status: t.status ?? 'pending',
        next_at: at,
        vip_expires_at: t.vipExpiresAt,
        created_at: at,
        updated_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['member_id', 'kind', 'due_key']).doNothing())
    .execute();
}

export async function vipChannelIds(db: Executor): Promise<number[]> {
  const rows = await db.selectFrom('channels').select('id').where('kind', '=', 'VIP').orderBy('id').execute();
  return rows.map((r) => Number(r.id));
}

/** A grant or extension (role change `changeId`) that left the member VIP: an invite per VIP channel. */
export async function recordGrantIn(trx: Executor, input: { memberId: number; changeId: number; vipExpiresAt: number; at: number }): Promise<void> {
  const channels = await vipChannelIds(trx);
  await insertTasks(
    trx,
    channels.map((channelId) => ({
      memberId: input.memberId,
      kind: 'invite' as const,
      dueKey: `${input.changeId}:${channelId}`,
      channelId,
      vipExpiresAt: input.vipExpiresAt,
    })),
    input.at,
  );
}

/** Memberships that ended (`key`: the expiry that ended, or `change:<id>` for a revocation): removal per channel, then a message. */
export async function recordEndsIn(trx: Executor, ends: Array<{ memberId: number; key: string }>, at: number): Promise<void> {
  if (ends.length === 0) return;
  const channels = await vipChannelIds(trx);
  const tasks: NewTask[] = [];
  for (const e of ends) {
    for (const channelId of channels) tasks.push({ memberId: e.memberId, kind: 'removal', dueKey: `${e.key}:${channelId}`, channelId, vipExpiresAt: null });
    tasks.push({ memberId: e.memberId, kind: 'ended', dueKey: e.key, channelId: null, vipExpiresAt: null });
  }
  for (let i = 0; i < tasks.length; i += 400) await insertTasks(trx, tasks.slice(i, i + 400), at);
}
