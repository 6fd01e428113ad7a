/**
 * The messages the fake Bot API knows, per chat, so edits answer as Telegram does: the
 * ones it sent (with their text, caption and buttons) and the ones its delivered updates
 * showed (a member's message, a channel post, the message under a pressed button). An
 * edit of a message it does not know answers `400 Bad Request: message to edit not
 * found`; an edit that changes nothing answers `400 Bad Request: message is not
 * modified: …`. A message seen only as the target of a press has no known content: its
 * first edit is a change.
 */
import type { Message, Update } from 'grammy/types';
import type { ApiFailure } from './fake-bot-api.js';

export const NOT_MODIFIED: ApiFailure = {
  error_code: 400,
  description:
    'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
};
export const EDIT_NOT_FOUND: ApiFailure = { error_code: 400, description: 'Bad Request: message to edit not found' };
export const DELETE_NOT_FOUND: ApiFailure = { error_code: 400, description: 'Bad Request: message to delete not found' };

interface Stored {
  /** False for a message known only by id (the target of a press): an edit of it is a change. */
  knownText: boolean;
  knownMarkup: boolean;
  text: string | undefined;
  caption: string | undefined;
  markup: string;
}

const EDITS = new Set(['editMessageText', 'editMessageCaption', 'editMessageReplyMarkup', 'editMessageMedia']);

/** No buttons and an empty keyboard are the same markup. */
function markupOf(markup: unknown): string {
  const rows = (markup as { inline_keyboard?: unknown[] } | undefined)?.inline_keyboard;
  return rows && rows.length > 0 ? JSON.stringify(rows) : '';
}

const keyOf = (chatId: unknown, messageId: unknown): string => `${String(chatId)}:${String(messageId)}`;

export class FakeMessages {
  readonly #messages = new Map<string, Stored>();

  /** Messages carried by delivered updates (kept as they were when first seen). */
  delivered(updates: readonly Update[]): void {
    for (const u of updates) {
      for (const m of [u.message, u.channel_post, u.edited_message, u.edited_channel_post]) if (m) this.#seen(m, true);
      const under = u.callback_query?.message;
      if (under) this.#seen(under as Message, 'text' in under || 'caption' in under);
    }
  }

  /** Records what a send method put into the chat (its result: one message or an album). */
  sent(method: string, payload: Record<string, unknown>, result: unknown): void {
    if (!method.startsWith('send') && method !== 'copyMessage' && method !== 'forwardMessage') return;
    for (const r of Array.isArray(result) ? result : [result]) {
      const m = r as Partial<Message> | undefined;
      if (typeof m?.message_id !== 'number') continue;
      const chatId = m.chat?.id ?? payload.chat_id;
      const copied = method === 'copyMessage';
      this.#messages.set(keyOf(chatId, m.message_id), {
        knownText: !copied,
        knownMarkup: !copied,
        text: (m as { text?: string }).text ?? (payload.text as string | undefined),
        caption: (m as { caption?: string }).caption ?? (payload.caption as string | undefined),
        markup: markupOf(payload.reply_markup),
      });
    }
  }

  /** Null when the edit may go through, else Telegram's refusal. */
  checkEdit(method: string, p: Record<string, unknown>): ApiFailure | null {
    if (!EDITS.has(method) || p.inline_message_id !== undefined) return null;
    const m = this.#messages.get(keyOf(p.chat_id, p.message_id));
    if (!m) return EDIT_NOT_FOUND;
    if (method === 'editMessageMedia' || !m.knownMarkup || markupOf(p.reply_markup) !== m.markup) return null;
    if (method === 'editMessageReplyMarkup') return NOT_MODIFIED;
    if (!m.knownText) return null;
    const same = method === 'editMessageText' ? p.text === m.text : (p.caption ?? undefined) === m.caption;
    return same ? NOT_MODIFIED : null;
  }

  /** Applies an edit that went through. */
  edited(method: string, p: Record<string, unknown>): void {
    if (!EDITS.has(method) || p.inline_message_id !== undefined) return;
    const key = keyOf(p.chat_id, p.message_id);
    const m = this.#messages.get(key);
    if (!m) return;
    if (method === 'editMessageText') m.text = p.text as string | undefined;
    if (method === 'editMessageCaption') m.caption = p.caption as string | undefined;
    // Telegram drops the buttons of an edit that names none (a text or caption edit too).
    m.markup = markupOf(p.reply_markup);
    m.knownMarkup = true;
    if (method === 'editMessageText' || method === 'editMessageCaption') m.knownText = true;
    if (method === 'editMessageMedia') m.knownText = false;
  }

  /** The person (or the bot: deleteMessage) deleted it; false when it was not there. */
  delete(chatId: number | string, messageId: number): boolean {
    return this.#messages.delete(keyOf(chatId, messageId));
  }

  has(chatId: number | string, messageId: number): boolean {
    return this.#messages.has(keyOf(chatId, messageId));
  }

  #seen(m: Message, withContent: boolean): void {
    const key = keyOf(m.chat.id, m.message_id);
    if (this.#messages.has(key)) return;
    this.#messages.set(key, {
      knownText: withContent,
      knownMarkup: withContent,
      text: m.text,
      caption: m.caption,
      markup: markupOf(m.reply_markup),
    });
  }
}
