/**
 * The reaction buttons under a post (SPEC §3). The callback data names the channel, the
 * post and the emoji the button shows, so a press is verified against the message Telegram
 * says it came from (data copied to another post or channel, or garbage, is refused without
 * touching the ledger) and means what the member saw even after the emoji set changed
 * (issue 10, defect 4).
 *
 * Two formats are read:
 * - `re:<channelId>:<messageId>:<emoji>`, written since issue 10;
 * - `r:<channelId>:<messageId>:<emojiIndex>`, on posts published before: a position in the
 *   set, read through the label of the pressed button (reaction-press.ts). It is still
 *   written for an emoji too long for Telegram's 64 bytes in the new format.
 */
import { callbackData, chatId, id, integer, MAX_CALLBACK_DATA_BYTES, text } from '../../callback-data.js';

/** The old, positional format: `r:<channelId>:<messageId>:<emojiIndex>`. Buttons out there carry it. */
export const reactionData = callbackData('r', { channelId: chatId, messageId: id, emojiIndex: integer(0, 99) });

/** `re:<channelId>:<messageId>:<emoji>`: the emoji itself (any text without `:`). */
export const reactionEmojiData = callbackData('re', { channelId: chatId, messageId: id, emoji: text(/[^:]+/) });

/** The data of the button showing `emoji`, the `index`-th of the set. */
export function reactionCallbackData(channelId: number, messageId: number, emoji: string, index = 0): string {
  const data = `re:${channelId}:${messageId}:${emoji}`;
  if (Buffer.byteLength(data) <= MAX_CALLBACK_DATA_BYTES && !emoji.includes(':')) {
    return reactionEmojiData.pack({ channelId, messageId, emoji });
  }
  return reactionData.pack({ channelId, messageId, emojiIndex: index });
}

/**
 * A button's label: the emoji and its count ("❤️ 12"), or the emoji alone while nobody
 * reacted with it, so a fresh post does not read as a row of zeros.
 */
export function reactionLabel(emoji: string, count: number): string {
  return count > 0 ? `${emoji} ${count}` : emoji;
}

/** The emoji a label shows ("❤️ 12" → "❤️"). */
export function emojiOfLabel(label: string): string {
  return label.replace(/ \d+$/, '');
}

/** Telegram's inline keyboard: one row, one button per configured emoji, in the set's order. */
export interface ReactionKeyboard {
  inline_keyboard: Array<Array<{ text: string; callback_data: string }>>;
}

export function reactionKeyboard(
  channelId: number,
  messageId: number,
  emojis: readonly string[],
  counts: Readonly<Record<string, number>> = {},
): ReactionKeyboard {
  return {
    inline_keyboard: [
      emojis.map((emoji, i) => ({ text: reactionLabel(emoji, counts[emoji] ?? 0), callback_data: reactionCallbackData(channelId, messageId, emoji, i) })),
    ],
  };
}
