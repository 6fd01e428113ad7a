/**
 * A press of a reaction button (SPEC §3). The callback data is checked against the
 * message Telegram says the button is under (same chat, same message) and the emoji
 * index against the CURRENT emoji set before the engine is asked; a forged or stale
 * button is refused with a toast and never reaches `react`. The engine then checks
 * access, cooldown, daily limit and one-per-post, in that order; its refusals go through
 * the error boundary, which answers the press. Every press is answered exactly once:
 * here for an accepted press and for invalid data, by the boundary for a refusal.
 */
import type { CallbackQueryContext } from 'grammy';
import { EconomyError } from '../../../core/index.js';
import type { BotDeps } from '../../bot-deps.js';
import type { CallbackDataContext, FieldsOf } from '../../callback-data.js';
import type { BotContext } from '../../context.js';
import type { CountRefresher } from './count-refresher.js';
import type { reactionData } from './reaction-keyboard.js';

/** Any data under the reactions' prefix: what `reactionData` does not read is refused as invalid. */
export const REACTION_PREFIX = /^r:/;

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

export function reactionPress(deps: BotDeps, refresher: CountRefresher) {
  const { economy } = deps;
  const invalid = invalidReaction(deps);
  return async (ctx: CallbackDataContext<BotContext, FieldsOf<typeof reactionData>>): Promise<void> => {
    const { channelId, messageId, emojiIndex } = ctx.match;
    const message = ctx.callbackQuery.message;
    if (!message || channelId !== message.chat.id || messageId !== message.message_id) return invalid(ctx);
    const settings = await economy.settings.all();
    const emoji = settings['reactions.emojis'][emojiIndex];
    if (emoji === undefined) {
      // A button left from an older, longer emoji set: refuse, and bring the row up to date.
      refresher.schedule(channelId, messageId, countIntervalMs(deps, settings['reactions.refresh_seconds']));
      throw new EconomyError('NO_ACCESS', `emoji ${emojiIndex} is not in the reaction set`, { reason: 'UNKNOWN_EMOJI' });
    }
    const result = await economy.reactions.react({ memberId: ctx.from.id, channelId, messageId, emoji });
    await ctx.answerCallbackQuery({
      text: ctx.t('channels-reaction-accepted', { amount: result.amount, used: result.used, limit: result.limit }),
    });
    refresher.schedule(channelId, messageId, countIntervalMs(deps, settings['reactions.refresh_seconds']));
  };
}
