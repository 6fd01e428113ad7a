/**
 * The reaction buttons under a post (SPEC §3). The callback data names the channel, the
 * post and the emoji's position in the configured set, so a press is verified against the
 * message Telegram says it came from: data copied to another post or channel, an index
 * outside the set, or garbage is refused without touching the ledger.
 */
import { callbackData, chatId, id, integer } from '../../callback-data.js';

/**
 * `r:<channelId>:<messageId>:<emojiIndex>`. Posts already published carry these buttons:
 * the format must not change.
 */
export const reactionData = callbackData('r', { channelId: chatId, messageId: id, emojiIndex: integer(0, 99) });

export function reactionCallbackData(channelId: number, messageId: number, emojiIndex: number): string {
  return reactionData.pack({ channelId, messageId, emojiIndex });
}

/**
 * A button's label: the emoji and its count ("❤️ 12"), or the emoji alone while nobody
 * reacted with it, so a fresh post does not read as a row of zeros.
 */
export function reactionLabel(emoji: string, count: number): string {
  return count > 0 ? `${emoji} ${count}` : emoji;
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
      emojis.map((emoji, i) => ({ text: reactionLabel(emoji, counts[emoji] ?? 0), callback_data: reactionCallbackData(channelId, messageId, i) })),
    ],
  };
}
