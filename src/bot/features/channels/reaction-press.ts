/**
 * A press of a reaction button (SPEC §3). The callback data is checked against the
 * message Telegram says the button is under (same chat, same message, and, when Telegram
 * sends the message's keyboard, a button of that keyboard) before the engine is asked; a
 * forged button is refused with a toast and never reaches `react`.
 *
 * What a press means is what the button showed (issue 10, defect 4): the new data carries
 * the emoji; the old, positional data (`r:…:<index>`) is read through the pressed button's
 * label in the keyboard Telegram sends with the press, never through today's set at that
 * position (after ❤️ 🔥 💋 😈 → ❤️ 🔥 👍, an old "💋" is not a 👍). An emoji no longer in the
 * set, or an old button whose label cannot be read, is refused and the post's row is brought
 * up to date; a row that is already current is not edited again (issue 10, defect 11: no
 * "message is not modified" for a forged press).
 *
 * The engine then checks access, cooldown, daily limit and one-per-post, in that order; its
 * refusals go through the error boundary, which answers the press. Every press is answered
 * exactly once: here for an accepted press and for invalid data, by the boundary for a refusal.
 */
import type { CallbackQueryContext } from 'grammy';
import type { MaybeInaccessibleMessage } from 'grammy/types';
import { EconomyError } from '../../../core/index.js';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';
import type { CountRefresher } from './count-refresher.js';
import { emojiOfLabel, reactionEmojiData } from './reaction-keyboard.js';

/** Any data under the reactions' prefixes: what the formats do not read is refused as invalid. */
export const REACTION_PREFIX = /^re?:/;

/** What a press names: the emoji (new format) or a position (old format). */
export interface PressedReaction {
  channelId: number;
  messageId: number;
  emoji?: string;
  emojiIndex?: number;
}

/** Least time between two count edits of a post: the bot's timing, else the setting. */
export function countIntervalMs(deps: BotDeps, refreshSeconds: number): number {
  return deps.timing.countEditIntervalMs ?? refreshSeconds * 1000;
}

/** A reaction button that is not well-formed, or not under the message it names. */
export function invalidReaction(deps: BotDeps) {
  return async (ctx: CallbackQueryContext<BotContext>): Promise<void> => {
    const query = ctx.callbackQuery;
    deps.logger.debug({ data: query.data, from: query.from.id }, 'reaction press: data does not match its message');
    await ctx.answerCallbackQuery({ text: ctx.t('channels-invalid-button') });
  };
}

type Buttons = Array<{ text: string; data: string | undefined }>;

/** The message's inline buttons, or undefined when Telegram did not send them (an inaccessible message). */
function buttonsOf(message: MaybeInaccessibleMessage): Buttons | undefined {
  if (!('reply_markup' in message) || !message.reply_markup) return undefined;
  return message.reply_markup.inline_keyboard.flat().map((b) => ({ text: b.text, data: 'callback_data' in b ? b.callback_data : undefined }));
}

/** The row under the message is the one the bot would draw now (same emojis, new format). */
function rowIsCurrent(buttons: Buttons | undefined, emojis: readonly string[]): boolean {
  if (!buttons) return false;
  const reactions = buttons.filter((b) => b.data !== undefined && REACTION_PREFIX.test(b.data));
  return (
    reactions.length === emojis.length &&
    reactions.every((b, i) => emojiOfLabel(b.text) === emojis[i] && reactionEmojiData.match(b.data)?.emoji === emojis[i])
  );
}

export function reactionPress(deps: BotDeps, refresher: CountRefresher) {
  const { economy } = deps;
  const invalid = invalidReaction(deps);
  return async (ctx: CallbackQueryContext<BotContext>, pressed: PressedReaction): Promise<void> => {
    const { channelId, messageId } = pressed;
    const message = ctx.callbackQuery.message;
    if (!message || channelId !== message.chat.id || messageId !== message.message_id) return invalid(ctx);
    const buttons = buttonsOf(message);
    const button = buttons?.find((b) => b.data === ctx.callbackQuery.data);
    // Telegram sent the keyboard and this data is not on it: not a button of this message.
    if (buttons && !button) return invalid(ctx);
    const shown = button ? emojiOfLabel(button.text) : undefined;
    if (pressed.emoji !== undefined && shown !== undefined && shown !== pressed.emoji) return invalid(ctx);
    const emoji = pressed.emoji ?? shown;

    const settings = await economy.settings.all();
    const emojis = settings['reactions.emojis'];
    if (emoji === undefined || !emojis.includes(emoji)) {
      // A button left from an older emoji set (or an old one whose label cannot be read):
      // refuse, and bring the row up to date unless it already is.
      if (!rowIsCurrent(buttons, emojis)) refresher.schedule(channelId, messageId, countIntervalMs(deps, settings['reactions.refresh_seconds']));
      throw new EconomyError('NO_ACCESS', `the pressed reaction (${emoji ?? `position ${pressed.emojiIndex}`}) is not in the reaction set`, {
        reason: 'UNKNOWN_EMOJI',
      });
    }
    const result = await economy.reactions.react({ memberId: ctx.from.id, channelId, messageId, emoji });
    await ctx.answerCallbackQuery({
      text: ctx.t('channels-reaction-accepted', { amount: result.amount, used: result.used, limit: result.limit }),
    });
    refresher.schedule(channelId, messageId, countIntervalMs(deps, settings['reactions.refresh_seconds']));
  };
}
