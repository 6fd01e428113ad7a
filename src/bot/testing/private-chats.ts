/**
 * Telegram's rule for private chats, for the fake Bot API: a bot may not write first to a
 * person who never started it (403 "Forbidden: bot can't initiate conversation with a
 * user"), nor to one who blocked it (403 "Forbidden: bot was blocked by the user"). The fake
 * learns who started the bot from the private updates it serves (a message or a press in a
 * private chat, `my_chat_member` member/kicked in a private chat); `open` says so explicitly
 * (a member who started the bot before the test).
 */
import type { Update } from 'grammy/types';
import type { ApiFailure } from './fake-bot-api.js';

/** Methods that put something into a chat. */
const SENDS = /^(send(?!ChatAction)|copyMessages?$|forwardMessages?$)/;

export class PrivateChats {
  readonly #open = new Set<number>();
  readonly #blocked = new Set<number>();

  /** These people started the bot (and did not block it). */
  open(...userIds: number[]): void {
    for (const id of userIds) {
      this.#open.add(id);
      this.#blocked.delete(id);
    }
  }

  /** These people blocked the bot. */
  block(...userIds: number[]): void {
    for (const id of userIds) this.#blocked.add(id);
  }

  isOpen(userId: number): boolean {
    return this.#open.has(userId) && !this.#blocked.has(userId);
  }

  /** Learns from updates as they are served. */
  learn(updates: readonly Update[]): void {
    for (const u of updates) {
      const status = u.my_chat_member;
      if (status && status.chat.type === 'private') {
        if (status.new_chat_member.status === 'kicked') this.block(status.from.id);
        else if (status.new_chat_member.status === 'member') this.open(status.from.id);
        continue;
      }
      const message = u.message ?? u.edited_message;
      if (message?.chat.type === 'private' && message.from) this.open(message.from.id);
      const press = u.callback_query;
      if (press?.message?.chat.type === 'private') this.open(press.from.id);
    }
  }

  /** Telegram's refusal of this call, or undefined when it may go through. */
  refusal(method: string, payload: Record<string, unknown>): ApiFailure | undefined {
    const chatId = Number(payload.chat_id);
    if (!SENDS.test(method) || !Number.isSafeInteger(chatId) || chatId <= 0) return undefined;
    if (this.#blocked.has(chatId)) return { error_code: 403, description: 'Forbidden: bot was blocked by the user' };
    if (!this.#open.has(chatId)) return { error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" };
    return undefined;
  }
}
