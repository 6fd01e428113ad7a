/**
 * Native reactions in groups (SPEC §3): where the bot is admin, Telegram reports each
 * member's reaction changes (`message_reaction`; the bot must ask for it in
 * allowed_updates). A newly added configured emoji counts exactly like a button press: the
 * message is registered as a post of that chat and the engine's `react` runs with the same
 * checks. There is nobody to answer (no callback): refusals are logged at debug. Removing
 * a reaction does nothing, and chats that are not earning chats of the economy are ignored.
 */
import type { Middleware } from 'grammy';
import type { ReactionType } from 'grammy/types';
import { isEconomyError } from '../../../core/index.js';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';
import { earningKind } from './channel-posts.js';

function emojisOf(reactions: readonly ReactionType[]): string[] {
  return reactions.flatMap((r) => (r.type === 'emoji' ? [r.emoji] : []));
}

export function nativeReactions(deps: BotDeps): Middleware<BotContext> {
  const { economy, logger } = deps;
  return async (ctx) => {
    const update = ctx.messageReaction;
    const member = update?.user;
    if (!update || !member || member.is_bot) return;
    const before = new Set(emojisOf(update.old_reaction));
    const configured = (await economy.settings.all())['reactions.emojis'];
    const added = emojisOf(update.new_reaction).filter((e) => !before.has(e) && configured.includes(e));
    const emoji = added[0]; // one reaction per post: a second new emoji would be refused anyway
    if (emoji === undefined) return;
    const chatId = update.chat.id;
    if (!(await earningKind(deps, chatId))) return;
    try {
      await economy.reactions.registerPost(chatId, update.message_id);
      const result = await economy.reactions.react({ memberId: member.id, channelId: chatId, messageId: update.message_id, emoji });
      logger.debug({ memberId: member.id, chatId, messageId: update.message_id, emoji, used: result.used }, 'native reaction accepted');
    } catch (err) {
      if (!isEconomyError(err)) throw err;
      logger.debug({ memberId: member.id, chatId, messageId: update.message_id, code: err.code, details: err.details }, 'native reaction refused');
    }
  };
}
