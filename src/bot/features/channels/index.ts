/**
 * Channels (SPEC §3): the reaction row under every new post of the earning channels
 * (channel-posts.ts), button presses through the engine (reaction-press.ts), coalesced
 * count edits (count-refresher.ts), `/publicar` for admins (publish.ts) and native
 * reactions in groups (native-reactions.ts).
 */
import { Composer } from 'grammy';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';
import { channelPosts } from './channel-posts.js';
import { CountRefresher } from './count-refresher.js';
import { nativeReactions } from './native-reactions.js';
import { publishFeature } from './publish.js';
import { reactionData, reactionEmojiData } from './reaction-keyboard.js';
import { REACTION_PREFIX, invalidReaction, reactionPress } from './reaction-press.js';

export function channelsFeature(deps: BotDeps): Composer<BotContext> {
  const refresher = new CountRefresher(deps);
  deps.onDispose(() => refresher.dispose());
  const composer = new Composer<BotContext>();
  composer.on('channel_post', channelPosts(deps));
  const press = reactionPress(deps, refresher);
  composer.filter(reactionEmojiData.filter, (ctx) => press(ctx, ctx.match));
  composer.filter(reactionData.filter, (ctx) => press(ctx, ctx.match));
  composer.callbackQuery(REACTION_PREFIX, invalidReaction(deps));
  composer.on('message_reaction', nativeReactions(deps));
  composer.use(publishFeature(deps));
  return composer;
}
