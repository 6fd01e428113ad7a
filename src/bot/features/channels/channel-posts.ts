/**
 * New posts in the community's earning channels get the reaction row (SPEC §3): the post
 * is registered with the engine, then its reply markup is edited to one button per
 * configured emoji. Posts in chats that are not configured, or configured as OTHER, are
 * left alone; so are posts that already carry buttons (another bot's, or one the bot
 * published itself with its keyboard), and every album item but the first (the row goes
 * under the first item Telegram reports).
 */
import type { Middleware } from 'grammy';
import type { Message } from 'grammy/types';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';
import { describe } from '../../../log/describe.js';
import { isGone } from '../../telegram-errors.js';
import { reactionKeyboard } from './reaction-keyboard.js';

const EARNING = new Set(['FREE', 'VIP']);
const MAX_ALBUMS = 200;

/** The configured chat's kind, or undefined when the chat is not one of the economy's. */
export async function earningKind(deps: BotDeps, chatId: number): Promise<'FREE' | 'VIP' | undefined> {
  const channel = (await deps.economy.reactions.channels()).find((c) => c.id === chatId);
  return channel && EARNING.has(channel.kind) ? (channel.kind as 'FREE' | 'VIP') : undefined;
}

/** Registers the post and puts the reaction row under it; true when the row was attached. */
export async function attachReactionRow(deps: BotDeps, chatId: number, messageId: number): Promise<boolean> {
  const { economy, api, logger } = deps;
  await economy.reactions.registerPost(chatId, messageId);
  const emojis = (await economy.settings.all())['reactions.emojis'];
  try {
    await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: reactionKeyboard(chatId, messageId, emojis) });
    return true;
  } catch (err) {
    if (isGone(err)) logger.debug({ err: describe(err), chatId, messageId }, 'channel post: cannot add the reaction row');
    else logger.warn({ err: describe(err), chatId, messageId }, 'channel post: adding the reaction row failed');
    return false;
  }
}

export function channelPosts(deps: BotDeps): Middleware<BotContext> {
  const albums = new Set<string>();
  return async (ctx) => {
    const post: Message | undefined = ctx.channelPost;
    if (!post) return;
    if (post.reply_markup) return;
    if (post.media_group_id) {
      const album = `${post.chat.id}:${post.media_group_id}`;
      if (albums.has(album)) return;
      if (albums.size >= MAX_ALBUMS) albums.clear();
      albums.add(album);
    }
    if (!(await earningKind(deps, post.chat.id))) return;
    await attachReactionRow(deps, post.chat.id, post.message_id);
  };
}
