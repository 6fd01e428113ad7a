/**
 * Telegram updates as the Bot API sends them, for tests and the bench: a member's
 * private message or command, a button press under a message, a channel post, a native
 * reaction in a group. Only the fields the bot reads are filled in.
 */
import type { Chat, Message, Update, User } from 'grammy/types';

type NewUpdate = Omit<Update, 'update_id'>;

export function user(id: number, extra: Partial<User> = {}): User {
  return { id, is_bot: false, first_name: `Member ${id}`, language_code: 'es', ...extra };
}

export function privateChat(u: User): Chat.PrivateChat {
  return { id: u.id, type: 'private', first_name: u.first_name, ...(u.username ? { username: u.username } : {}) };
}

export function channel(id: number, title = `channel ${id}`): Chat.ChannelChat {
  return { id, type: 'channel', title };
}

let nextMessageId = 1;
const now = () => Math.floor(Date.now() / 1000);

/** A private text message; a leading `/command` gets its bot_command entity. */
export function text(from: User, body: string, extra: Partial<Message> = {}): NewUpdate {
  const command = /^\/\w+(@\w+)?/.exec(body);
  const message = {
    message_id: nextMessageId++,
    date: now(),
    chat: privateChat(from),
    from,
    text: body,
    ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
    ...extra,
  } as Message;
  return { message } as NewUpdate;
}

/** Any private message (a forwarded photo, a document...). */
export function privateMessage(from: User, fields: Partial<Message>): NewUpdate {
  return { message: { message_id: nextMessageId++, date: now(), chat: privateChat(from), from, ...fields } } as NewUpdate;
}

/** A press of an inline button with `data` under `message` (as Telegram echoes it back). */
export function callback(from: User, message: Pick<Message, 'message_id' | 'chat'> & Partial<Message>, data: string): NewUpdate {
  return {
    callback_query: {
      id: `cq${from.id}-${nextMessageId++}`,
      from,
      chat_instance: `ci${message.chat.id}`,
      message: { date: now(), ...message } as Message,
      data,
    },
  } as NewUpdate;
}

export function channelPost(chatId: number, messageId: number, body = 'a new post', extra: Partial<Message> = {}): NewUpdate {
  return { channel_post: { message_id: messageId, date: now(), chat: channel(chatId), text: body, ...extra } } as NewUpdate;
}

/** A member's native reaction in a group where the bot is admin (`message_reaction`). */
export function messageReaction(chatId: number, messageId: number, from: User, emojis: string[], old: string[] = []): NewUpdate {
  return {
    message_reaction: {
      chat: { id: chatId, type: 'supergroup', title: `group ${chatId}` },
      message_id: messageId,
      user: from,
      date: now(),
      old_reaction: old.map((emoji) => ({ type: 'emoji', emoji })),
      new_reaction: emojis.map((emoji) => ({ type: 'emoji', emoji })),
    },
  } as NewUpdate;
}

/**
 * Telegram telling the bot about its own membership in a member's private chat: `kicked`
 * when the member blocks the bot, `member` when they start or unblock it.
 */
export function myChatMember(from: User, status: 'member' | 'kicked'): NewUpdate {
  const bot = { id: 4242, is_bot: true, first_name: 'besitos', username: 'besitos_test_bot' };
  const was = status === 'kicked' ? 'member' : 'kicked';
  const member = (s: string) => (s === 'kicked' ? { status: 'kicked', user: bot, until_date: 0 } : { status: 'member', user: bot });
  return {
    my_chat_member: {
      chat: privateChat(from),
      from,
      date: now(),
      old_chat_member: member(was),
      new_chat_member: member(status),
    },
  } as NewUpdate;
}
