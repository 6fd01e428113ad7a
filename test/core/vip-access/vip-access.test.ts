/**
 * The engine side of VIP channel access (SPEC §7), without Telegram: duties are recorded in
 * the grant's transaction whoever grants (the CLI, simulate, the shop), nothing is done
 * without a port (a CLI job run uses nothing up), and two instances running the jobs at
 * once do each duty once.
 */
import { describe, expect, it } from 'vitest';
import type { VipAccessMessage, VipAccessPort, VipAccessRight, VipInvite, VipInviteOutcome } from '../../../src/core/index.js';
import { VipAccessRefused } from '../../../src/core/index.js';
import { useEngine } from '../../helpers/engine-fixture.js';
import { testDialects } from '../../helpers/dialects.js';

const VIP = -1002000000001;
const DAY = 86_400_000;

class RecordingPort implements VipAccessPort {
  readonly log: string[] = [];
  refuse: VipAccessRight | null = null;
  async invite(i: VipInvite): Promise<VipInviteOutcome> {
    if (this.refuse === 'can_invite_users') throw new VipAccessRefused(i.channelId, 'can_invite_users', 'Bad Request: not enough rights to create invite link');
    this.log.push(`invite:${i.memberId}`);
    return { kind: 'link', link: `https://t.me/+x${this.log.length}` };
  }
  async remove(i: { memberId: number; links: string[] }): Promise<void> {
    this.log.push(`remove:${i.memberId}:${i.links.length}`);
  }
  async tell(i: { memberId: number; message: VipAccessMessage }): Promise<void> {
    this.log.push(`tell:${i.memberId}:${i.message.kind}${i.message.kind === 'reminder' ? `:${i.message.daysLeft}` : ''}`);
  }
  async tellAdmins(i: { adminIds: number[]; right: VipAccessRight }): Promise<void> {
    this.log.push(`admins:${i.adminIds.join(',')}:${i.right}`);
  }
}

describe.each(testDialects())('VIP access engine ($name)', (dialect) => {
  const t = useEngine(dialect);

  it('a CLI grant records an invite; without a port a job run does nothing and uses nothing up', async () => {
    await t.reactions.configureChannels([{ id: VIP, kind: 'VIP' }]);
    await t.membership.setPrivateChat(7, true); // the member opened the bot: messages may go
    await t.membership.grantVip({ memberId: 7, days: 5, by: 'cli' });
    const report = await t.economy.jobs.runDue();
    expect(report.skipped === null && report.vipAccess).toBeNull();
    expect(await t.economy.vipAccess.tasks(7)).toEqual([expect.objectContaining({ kind: 'invite', channelId: VIP, status: 'pending' })]);
    const port = new RecordingPort();
    t.economy.vipAccess.setPort(port);
    await t.economy.jobs.runDue();
    expect(port.log).toEqual(['invite:7']);
  });

  it('a member who never opened the bot gets the link only once they do', async () => {
    await t.reactions.configureChannels([{ id: VIP, kind: 'VIP' }]);
    await t.membership.grantVip({ memberId: 8, days: 5, by: 'cli' });
    const port = new RecordingPort();
    t.economy.vipAccess.setPort(port);
    await t.economy.jobs.runDue();
    expect(port.log).toEqual([]);
    expect(await t.economy.vipAccess.tasks(8)).toEqual([expect.objectContaining({ kind: 'invite', status: 'pending' })]);
    await t.membership.setPrivateChat(8, true);
    t.clock.advance(2 * 3_600_000); // past the longest back-off
    await t.economy.jobs.runDue();
    expect(port.log).toEqual(['invite:8']);
  });

  it('two instances running the jobs at once do each duty once', async () => {
    await t.reactions.configureChannels([{ id: VIP, kind: 'VIP' }]);
    for (const id of [11, 12, 13]) {
      await t.membership.setReminders(id, true);
      await t.membership.setPrivateChat(id, true); // the member opened the bot: messages may go
      await t.membership.grantVip({ memberId: id, days: 2, by: 'cli' });
    }
    const other = await t.instance();
    const a = new RecordingPort();
    const b = new RecordingPort();
    t.economy.vipAccess.setPort(a);
    other.economy.vipAccess.setPort(b);
    const both = async () => {
      await Promise.all([t.economy.jobs.runDue(), other.economy.jobs.runDue()]);
      await Promise.all([t.economy.jobs.runDue(), other.economy.jobs.runDue()]);
    };
    await both(); // 2 days left: within the 3-day reminder, which says 2 days
    t.clock.advance(DAY + 60_000); // 1 day left: the 1-day reminder
    await both();
    t.clock.advance(DAY); // expired
    await both();
    const all = [...a.log, ...b.log].sort();
    expect(all).toEqual(
      [11, 12, 13].flatMap((id) => [`invite:${id}`, `remove:${id}:1`, `tell:${id}:ended`, `tell:${id}:reminder:2`, `tell:${id}:reminder:1`]).sort(),
    );
  });

  it('a missing right is told to the admins once until it works again', async () => {
    await t.reactions.configureChannels([{ id: VIP, kind: 'VIP' }]);
    const port = new RecordingPort();
    port.refuse = 'can_invite_users';
    t.economy.vipAccess.setPort(port);
    await t.membership.setPrivateChat(21, true); // the member opened the bot: messages may go
    await t.membership.grantVip({ memberId: 21, days: 5, by: 'cli' });
    await t.membership.setPrivateChat(22, true); // the member opened the bot: messages may go
    await t.membership.grantVip({ memberId: 22, days: 5, by: 'cli' });
    for (let i = 0; i < 5; i++) {
      await t.economy.jobs.runDue();
      t.clock.advance(30 * 60_000);
    }
    expect(port.log).toEqual(['admins:9000001:can_invite_users']);
    port.refuse = null;
    t.clock.advance(2 * 3_600_000);
    await t.economy.jobs.runDue();
    expect(port.log.slice(1).sort()).toEqual(['invite:21', 'invite:22']);
    // Working again: a later loss is told again.
    port.refuse = 'can_invite_users';
    await t.membership.setPrivateChat(23, true); // the member opened the bot: messages may go
    await t.membership.grantVip({ memberId: 23, days: 5, by: 'cli' });
    await t.economy.jobs.runDue();
    expect(port.log.filter((l) => l.startsWith('admins:'))).toHaveLength(2);
  });
});
