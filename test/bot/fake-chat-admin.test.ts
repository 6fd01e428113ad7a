/**
 * The fake Bot API answers chat administration as Telegram does (issue 10: the tests of VIP
 * access mean something only if it does): one-use and expiring links, join-request links,
 * bans and only_if_banned, join requests, the bot's own rights and Telegram's error texts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, GrammyError } from 'grammy';
import { FakeBotApi, FAKE_BOT_INFO } from '../../src/bot/testing/fake-bot-api.js';
import { user } from '../../src/bot/testing/updates.js';

const CHAT = -1003000000001;

describe('fake chat administration', () => {
  let fake: FakeBotApi;
  let api: Api;
  beforeAll(async () => {
    fake = await new FakeBotApi().start();
    api = new Api(fake.token, { apiRoot: fake.url });
  });
  afterAll(async () => {
    await fake.close();
  });
  const refusal = async (p: Promise<unknown>): Promise<string> => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    return `${(err as GrammyError).error_code} ${(err as GrammyError).description}`;
  };
  const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

  it('a member_limit 1 link admits one person; expired and revoked links admit nobody', async () => {
    const link = await api.createChatInviteLink(CHAT, { member_limit: 1, expire_date: inAMinute() });
    expect(link).toMatchObject({ member_limit: 1, creates_join_request: false, is_revoked: false, creator: { id: FAKE_BOT_INFO.id } });
    expect(fake.chats.joinByLink(link.invite_link, user(1))).toEqual({ joined: true });
    expect(fake.chats.joinByLink(link.invite_link, user(2))).toMatchObject({ joined: false, reason: 'USERS_TOO_MUCH' });
    const other = await api.createChatInviteLink(CHAT, { member_limit: 1, expire_date: inAMinute() });
    expect(fake.chats.joinByLink(other.invite_link, user(3), inAMinute() + 1)).toMatchObject({ joined: false, reason: 'INVITE_HASH_EXPIRED' });
    expect((await api.revokeChatInviteLink(CHAT, other.invite_link)).is_revoked).toBe(true);
    expect(fake.chats.joinByLink(other.invite_link, user(3))).toMatchObject({ joined: false, reason: 'INVITE_HASH_EXPIRED' });
    expect(await refusal(api.createChatInviteLink(CHAT, { member_limit: 1, creates_join_request: true }))).toMatch(/^400 Bad Request/);
    expect(await refusal(api.createChatInviteLink(CHAT, { expire_date: 1 }))).toBe('400 Bad Request: EXPIRE_DATE_INVALID');
  });

  it('ban removes and keeps out; unban only_if_banned lets them back without touching members', async () => {
    fake.chats.joinByLink((await api.createChatInviteLink(CHAT, { member_limit: 1 })).invite_link, user(10));
    await api.unbanChatMember(CHAT, 10, { only_if_banned: true });
    expect(fake.chats.isMember(CHAT, 10)).toBe(true);
    await api.banChatMember(CHAT, 10);
    expect(fake.chats.isMember(CHAT, 10)).toBe(false);
    const blocked = await api.createChatInviteLink(CHAT, { member_limit: 1 });
    expect(fake.chats.joinByLink(blocked.invite_link, user(10))).toMatchObject({ joined: false, reason: 'USER_BANNED_IN_CHANNEL' });
    await api.unbanChatMember(CHAT, 10, { only_if_banned: true });
    expect(fake.chats.isBanned(CHAT, 10)).toBe(false);
    expect(fake.chats.joinByLink(blocked.invite_link, user(10))).toEqual({ joined: true });
  });

  it('join requests: approve, decline, and HIDE_REQUESTER_MISSING without one', async () => {
    fake.chats.requestJoin(CHAT, user(20));
    await api.approveChatJoinRequest(CHAT, 20);
    expect(fake.chats.isMember(CHAT, 20)).toBe(true);
    expect(await refusal(api.approveChatJoinRequest(CHAT, 21))).toBe('400 Bad Request: HIDE_REQUESTER_MISSING');
    fake.chats.requestJoin(CHAT, user(21));
    await api.declineChatJoinRequest(CHAT, 21);
    expect(fake.chats.isMember(CHAT, 21)).toBe(false);
  });

  it('the bot’s rights decide, with Telegram’s error texts', async () => {
    const chat = CHAT - 1;
    fake.setBotRights(chat, { can_invite_users: false, can_restrict_members: false });
    expect(await refusal(api.createChatInviteLink(chat, { member_limit: 1 }))).toBe('400 Bad Request: not enough rights to create invite link');
    expect(await refusal(api.banChatMember(chat, 5))).toBe('400 Bad Request: not enough rights to restrict/unrestrict chat member');
    expect(await api.getChatMember(chat, FAKE_BOT_INFO.id)).toMatchObject({ status: 'administrator', can_invite_users: false, can_restrict_members: false });
    fake.setBotRights(chat, { status: 'member' });
    expect(await refusal(api.createChatInviteLink(chat, {}))).toBe('400 Bad Request: CHAT_ADMIN_REQUIRED');
    expect(await api.getChatAdministrators(chat)).toEqual([]);
    fake.setBotRights(chat, { status: 'left' });
    expect(await refusal(api.banChatMember(chat, 5))).toBe('403 Forbidden: bot is not a member of the channel chat');
  });
});
