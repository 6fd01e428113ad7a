/**
 * Chat administration as Telegram does it, for FakeBotApi: invite links (member_limit,
 * expire_date, creates_join_request, revoke), bans (banChatMember, unbanChatMember with
 * only_if_banned), join requests (approve/decline; HIDE_REQUESTER_MISSING without a pending
 * one), getChatMember / getChatAdministrators for the bot's own rights, with Telegram's
 * error texts. The bot's rights are configurable per chat (`setBotRights`); a chat never
 * configured has the bot as an administrator with every right, so other tests are unaffected.
 * Test helpers play the member's side: `joinByLink`, `requestJoin`, `isMember`.
 */
import type { ChatInviteLink, Update, User, UserFromGetMe } from 'grammy/types';
import type { ApiFailure } from './fake-bot-api.js';

export interface FakeBotRights {
  status: 'administrator' | 'member' | 'left';
  can_invite_users: boolean;
  can_restrict_members: boolean;
}

interface FakeLink {
  link: ChatInviteLink;
  chatId: number;
  uses: number;
}

interface ChatState {
  members: Set<number>;
  banned: Set<number>;
  requests: Map<number, User>;
}

const FULL_RIGHTS: FakeBotRights = { status: 'administrator', can_invite_users: true, can_restrict_members: true };
const bad = (description: string): ApiFailure => ({ error_code: 400, description: `Bad Request: ${description}` });
const NOT_MEMBER: ApiFailure = { error_code: 403, description: 'Forbidden: bot is not a member of the channel chat' };

export const CHAT_ADMIN_METHODS = new Set([
  'createChatInviteLink',
  'revokeChatInviteLink',
  'banChatMember',
  'unbanChatMember',
  'approveChatJoinRequest',
  'declineChatJoinRequest',
  'getChatMember',
  'getChatAdministrators',
]);

export class FakeChatAdmin {
  readonly #bot: UserFromGetMe;
  readonly #rights = new Map<number, FakeBotRights>();
  readonly #chats = new Map<number, ChatState>();
  readonly #links = new Map<string, FakeLink>();
  #nextLink = 1;

  constructor(bot: UserFromGetMe) {
    this.#bot = bot;
  }

  setBotRights(chatId: number, rights: Partial<FakeBotRights>): void {
    this.#rights.set(chatId, { ...FULL_RIGHTS, ...rights });
  }

  rightsIn(chatId: number): FakeBotRights {
    return this.#rights.get(chatId) ?? FULL_RIGHTS;
  }

  isMember(chatId: number, userId: number): boolean {
    return this.#chat(chatId).members.has(userId);
  }

  isBanned(chatId: number, userId: number): boolean {
    return this.#chat(chatId).banned.has(userId);
  }

  /** Links the bot created in the chat, oldest first. */
  links(chatId: number): ChatInviteLink[] {
    return [...this.#links.values()].filter((l) => l.chatId === chatId).map((l) => l.link);
  }

  /**
   * The member opens a link, as Telegram checks it (revoked, expired, used up, banned). A
   * join-request link queues a request and returns the `chat_join_request` update to push.
   */
  joinByLink(link: string, user: User, nowSeconds = Math.floor(Date.now() / 1000)): { joined: boolean; reason?: string; update?: Omit<Update, 'update_id'> } {
    const found = this.#links.get(link);
    if (!found) return { joined: false, reason: 'INVITE_HASH_INVALID' };
    const l = found.link;
    if (l.is_revoked) return { joined: false, reason: 'INVITE_HASH_EXPIRED' };
    if (l.expire_date !== undefined && l.expire_date <= nowSeconds) return { joined: false, reason: 'INVITE_HASH_EXPIRED' };
    if (l.member_limit !== undefined && found.uses >= l.member_limit) return { joined: false, reason: 'USERS_TOO_MUCH' };
    const chat = this.#chat(found.chatId);
    if (chat.banned.has(user.id)) return { joined: false, reason: 'USER_BANNED_IN_CHANNEL' };
    if (l.creates_join_request) return { joined: false, reason: 'requested', update: this.requestJoin(found.chatId, user, l) };
    found.uses++;
    chat.members.add(user.id);
    return { joined: true };
  }

  /** The member asks to join (a join-request link or the channel's own): the update Telegram sends the bot. */
  requestJoin(chatId: number, user: User, link?: ChatInviteLink): Omit<Update, 'update_id'> {
    this.#chat(chatId).requests.set(user.id, user);
    return {
      chat_join_request: {
        chat: { id: chatId, type: 'channel', title: `channel ${chatId}` },
        from: user,
        user_chat_id: user.id,
        date: Math.floor(Date.now() / 1000),
        ...(link ? { invite_link: link } : {}),
      },
    } as Omit<Update, 'update_id'>;
  }

  /** The bot's answer to a chat-admin method, or a thrown ApiFailure. */
  handle(method: string, p: Record<string, unknown>): unknown {
    const chatId = Number(p.chat_id);
    const rights = this.rightsIn(chatId);
    const chat = this.#chat(chatId);
    const userId = Number(p.user_id);
    const needAdmin = () => {
      if (rights.status === 'left') throw NOT_MEMBER;
      if (rights.status !== 'administrator') throw bad('CHAT_ADMIN_REQUIRED');
    };
    switch (method) {
      case 'createChatInviteLink': {
        needAdmin();
        if (!rights.can_invite_users) throw bad('not enough rights to create invite link');
        const limit = p.member_limit === undefined ? undefined : Number(p.member_limit);
        if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 99999)) throw bad('USAGE_LIMIT_INVALID');
        if (limit !== undefined && p.creates_join_request === true) throw bad("can't create join request link with usage limit");
        const expire = p.expire_date === undefined ? undefined : Number(p.expire_date);
        if (expire !== undefined && expire <= Math.floor(Date.now() / 1000)) throw bad('EXPIRE_DATE_INVALID');
        const link: ChatInviteLink = {
          invite_link: `https://t.me/+fake${this.#nextLink++}`,
          creator: this.#bot,
          creates_join_request: p.creates_join_request === true,
          is_primary: false,
          is_revoked: false,
          ...(typeof p.name === 'string' ? { name: p.name } : {}),
          ...(expire !== undefined ? { expire_date: expire } : {}),
          ...(limit !== undefined ? { member_limit: limit } : {}),
        };
        this.#links.set(link.invite_link, { link, chatId, uses: 0 });
        return link;
      }
      case 'revokeChatInviteLink': {
        needAdmin();
        if (!rights.can_invite_users) throw bad('not enough rights to create invite link');
        const found = this.#links.get(String(p.invite_link));
        if (!found || found.chatId !== chatId) throw bad('INVITE_HASH_INVALID');
        found.link = { ...found.link, is_revoked: true };
        return found.link;
      }
      case 'banChatMember':
      case 'unbanChatMember': {
        needAdmin();
        if (!rights.can_restrict_members) throw bad('not enough rights to restrict/unrestrict chat member');
        if (userId === this.#bot.id) throw bad("can't remove chat owner");
        if (method === 'banChatMember') {
          chat.members.delete(userId);
          chat.banned.add(userId);
          return true;
        }
        if (p.only_if_banned === true && !chat.banned.has(userId)) return true;
        // Without only_if_banned, a member is removed too (Telegram's documented behaviour).
        chat.members.delete(userId);
        chat.banned.delete(userId);
        return true;
      }
      case 'approveChatJoinRequest':
      case 'declineChatJoinRequest': {
        needAdmin();
        if (!rights.can_invite_users) throw bad('CHAT_ADMIN_REQUIRED');
        if (!chat.requests.has(userId)) throw bad(chat.members.has(userId) ? 'USER_ALREADY_PARTICIPANT' : 'HIDE_REQUESTER_MISSING');
        chat.requests.delete(userId);
        if (method === 'approveChatJoinRequest') chat.members.add(userId);
        return true;
      }
      case 'getChatMember': {
        if (userId === this.#bot.id) return this.#botMember(rights);
        if (rights.status !== 'administrator') throw bad('member list is inaccessible');
        const user = { id: userId, is_bot: false, first_name: `Member ${userId}` };
        if (chat.banned.has(userId)) return { status: 'kicked', user, until_date: 0 };
        return { status: chat.members.has(userId) ? 'member' : 'left', user };
      }
      case 'getChatAdministrators':
        if (rights.status === 'left') throw NOT_MEMBER;
        return rights.status === 'administrator' ? [this.#botMember(rights)] : [];
      default:
        throw new Error(`not a chat-admin method: ${method}`);
    }
  }

  #botMember(rights: FakeBotRights): unknown {
    if (rights.status !== 'administrator') return { status: rights.status, user: this.#bot };
    return {
      status: 'administrator',
      user: this.#bot,
      can_be_edited: false,
      is_anonymous: false,
      can_manage_chat: true,
      can_delete_messages: true,
      can_manage_video_chats: false,
      can_restrict_members: rights.can_restrict_members,
      can_promote_members: false,
      can_change_info: false,
      can_invite_users: rights.can_invite_users,
      can_post_stories: false,
      can_edit_stories: false,
      can_delete_stories: false,
    };
  }

  #chat(chatId: number): ChatState {
    let chat = this.#chats.get(chatId);
    if (!chat) this.#chats.set(chatId, (chat = { members: new Set(), banned: new Set(), requests: new Map() }));
    return chat;
  }
}
