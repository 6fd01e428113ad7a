/**
 * VIP access to the VIP channel (SPEC §7, issue 10) end to end through the fake Bot API,
 * on both databases: grant → one-use link → reminders 3 days and 1 day before → expiry →
 * removal (ban + unban only if banned) and the renewal message → renewal bought in the
 * shop → a new link; join requests approved for VIPs, declined for others; a restart or a
 * second run sends nothing twice; a missing admin right is told to the admins once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { text, user } from '../../src/bot/testing/updates.js';
import type { RecordedCall } from '../../src/bot/testing/fake-bot-api.js';
import { ADMIN_ID, VIP_CHANNEL, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';

const DAY = 86_400_000;
const MINUTE = 60_000;

describe.each(testDialects())('VIP channel access ($name)', (dialect) => {
  let h: BotHarness;
  // Telegram refuses a link expiring in the past: the clock starts at the real now.
  const start = new Date(Math.floor(Date.now() / MINUTE) * MINUTE).toISOString();
  beforeAll(async () => {
    h = await startBotHarness(dialect, { start });
    await h.send(text(user(ADMIN_ID, { language_code: 'es' }), 'hola'));
  });
  afterAll(async () => {
    await h?.stop();
  });

  const sends = (chatId: number, since: number): string[] =>
    h.api
      .since(since)
      .filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chatId)
      .map((c) => String(c.payload.text));
  const calls = (method: string, since: number): RecordedCall[] => h.api.since(since).filter((c) => c.method === method);
  const nowSeconds = () => Math.floor(h.clock.now() / 1000);
  const run = async () => {
    const report = await h.economy.jobs.runDue();
    expect(report.skipped).toBeNull();
    return report;
  };
  const linkIn = (message: string): string => /https:\/\/t\.me\/\+\S+/.exec(message)![0];

  it('grant → link → reminders → expiry → removal → renewal → new link, each once', async () => {
    const ana = user(5001, { language_code: 'es' });
    await h.send(text(ana, '/start'));
    await h.economy.membership.setReminders(ana.id, true);

    // "Dar VIP" by an admin: 5 days.
    await h.economy.membership.grantVip({ memberId: ana.id, days: 5, adminId: ADMIN_ID });
    const expiry = (await h.economy.membership.get(ana.id))!.vipExpiresAt!.getTime();
    let mark = h.api.mark();
    await run();
    const [created] = calls('createChatInviteLink', mark);
    expect(created?.payload).toMatchObject({ chat_id: VIP_CHANNEL, member_limit: 1, expire_date: Math.floor(expiry / 1000) });
    const [invite] = sends(ana.id, mark);
    expect(invite).toContain('canal VIP «vip»');
    const link = linkIn(invite!);
    expect(h.api.chats.links(VIP_CHANNEL).map((l) => l.invite_link)).toContain(link);

    // A restart (another instance's view: only the database) and a second run: nothing again.
    await h.restart();
    mark = h.api.mark();
    await run();
    await run();
    expect(calls('createChatInviteLink', mark)).toEqual([]);
    expect(sends(ana.id, mark)).toEqual([]);

    // The link lets one person in, once.
    expect(h.api.chats.joinByLink(link, ana, nowSeconds())).toEqual({ joined: true });
    expect(h.api.chats.joinByLink(link, user(5099), nowSeconds()).joined).toBe(false);

    // 3 days before the expiry, then 1 day before: one reminder each.
    h.clock.set(expiry - 3 * DAY + MINUTE);
    mark = h.api.mark();
    await run();
    await run();
    expect(sends(ana.id, mark)).toEqual([expect.stringMatching(/^⏳ Tu VIP termina en 3 días/)]);
    h.clock.set(expiry - DAY + MINUTE);
    mark = h.api.mark();
    await run();
    await h.restart();
    await run();
    expect(sends(ana.id, mark)).toEqual([expect.stringMatching(/^⏳ Tu VIP termina mañana/)]);

    // Expiry: out of the channel, allowed back later, told how to renew; once.
    h.clock.set(expiry + MINUTE);
    mark = h.api.mark();
    await run();
    await run();
    expect(calls('banChatMember', mark).map((c) => c.payload)).toEqual([expect.objectContaining({ chat_id: VIP_CHANNEL, user_id: ana.id })]);
    expect(calls('unbanChatMember', mark).map((c) => c.payload)).toEqual([
      expect.objectContaining({ chat_id: VIP_CHANNEL, user_id: ana.id, only_if_banned: true }),
    ]);
    expect(h.api.chats.isMember(VIP_CHANNEL, ana.id)).toBe(false);
    expect(h.api.chats.isBanned(VIP_CHANNEL, ana.id)).toBe(false);
    expect(sends(ana.id, mark)).toEqual([expect.stringMatching(/^🔒 Tu VIP terminó.*🛍 Tienda/)]);

    // Renewal bought in the shop: a new link, which works.
    const product = await h.economy.shop.createProduct({ adminId: ADMIN_ID, name: 'VIP semana', description: '', kind: 'VIP_DAYS', days: 7, price: 100 });
    await h.economy.ledger.credit({ memberId: ana.id, amount: 100 });
    await h.economy.shop.purchase({ memberId: ana.id, productId: product.id, confirmationKey: 'renew-1' });
    mark = h.api.mark();
    await run();
    expect(calls('createChatInviteLink', mark)).toHaveLength(1);
    const renewed = linkIn(sends(ana.id, mark)[0]!);
    expect(renewed).not.toBe(link);
    expect(h.api.chats.joinByLink(renewed, ana, nowSeconds())).toEqual({ joined: true });

    // Extended while inside: told of the new date, no link.
    await h.economy.membership.grantVip({ memberId: ana.id, days: 2, by: 'cli' });
    mark = h.api.mark();
    await run();
    expect(calls('createChatInviteLink', mark)).toEqual([]);
    expect(sends(ana.id, mark)).toEqual([expect.stringMatching(/^✨ Tu VIP se amplió/)]);
  });

  it('approves a VIP’s join request and declines a FREE member’s', async () => {
    const bea = user(5002, { language_code: 'en' });
    const carla = user(5003);
    await h.economy.membership.grantVip({ memberId: bea.id, days: 3, by: 'cli' });
    await h.send(h.api.chats.requestJoin(VIP_CHANNEL, bea));
    await h.send(h.api.chats.requestJoin(VIP_CHANNEL, carla));
    expect(h.api.chats.isMember(VIP_CHANNEL, bea.id)).toBe(true);
    expect(h.api.chats.isMember(VIP_CHANNEL, carla.id)).toBe(false);
    expect(h.api.callsOf('approveChatJoinRequest').map((c) => c.payload.user_id)).toEqual([bea.id]);
    expect(h.api.callsOf('declineChatJoinRequest').map((c) => c.payload.user_id)).toEqual([carla.id]);
  });

  it('a missing admin right: the admins are told once, in their language; the work is done once it is given', async () => {
    const dani = user(5004, { language_code: 'es' });
    await h.send(text(dani, '/start'));
    h.api.setBotRights(VIP_CHANNEL, { can_invite_users: false });
    await h.economy.membership.grantVip({ memberId: dani.id, days: 4, adminId: ADMIN_ID });
    let mark = h.api.mark();
    await run();
    expect(sends(ADMIN_ID, mark)).toEqual([expect.stringContaining('«Invitar usuarios mediante enlace»')]);
    expect(sends(dani.id, mark)).toEqual([]);
    // Later ticks try again but do not repeat the warning; nothing crashes.
    for (let i = 0; i < 4; i++) {
      h.clock.advance(10 * MINUTE);
      await run();
    }
    // A join request meanwhile cannot be answered either: still one warning.
    const eva = user(5005);
    await h.economy.membership.grantVip({ memberId: eva.id, days: 1, by: 'cli' });
    await h.send(h.api.chats.requestJoin(VIP_CHANNEL, eva));
    expect(h.api.chats.isMember(VIP_CHANNEL, eva.id)).toBe(false);
    expect(sends(ADMIN_ID, mark)).toHaveLength(1);
    expect(calls('createChatInviteLink', mark).length).toBeGreaterThan(1);

    h.api.setBotRights(VIP_CHANNEL, { can_invite_users: true, can_restrict_members: false });
    h.clock.advance(2 * 3_600_000);
    mark = h.api.mark();
    await run();
    expect(sends(dani.id, mark)).toEqual([expect.stringMatching(/^🔑/)]);

    // Removal without the ban right: told once ("Expulsar usuarios").
    const expiry = (await h.economy.membership.get(dani.id))!.vipExpiresAt!.getTime();
    h.clock.set(expiry + MINUTE);
    mark = h.api.mark();
    await run();
    h.clock.advance(10 * MINUTE);
    await run();
    expect(sends(ADMIN_ID, mark).filter((t) => t.includes('«Expulsar usuarios»'))).toHaveLength(1);
    const tasks = await h.economy.vipAccess.tasks(dani.id);
    expect(tasks.find((t) => t.kind === 'removal')?.status).toBe('pending');
  });
});
