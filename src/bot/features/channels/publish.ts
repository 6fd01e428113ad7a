/**
 * `/publicar` (admins, private chat): publish a message into a channel through the bot,
 * with the reaction row under it (SPEC §3).
 *
 * Flow: the admin sends (or forwards) the message to the bot, replies to it with
 * `/publicar`, and picks the channel from the buttons (the community's FREE and VIP
 * chats). The bot copies the message into that channel (`copyMessage`: no "forwarded
 * from"), registers the post, and attaches the reaction row. The row's buttons name the
 * new post's message id, which only exists once the copy does, so the row is attached by
 * an edit right after the copy. The choice is stateless (the source message and the
 * channel are in the button's data), so it survives restarts and works on any instance.
 * Both the command and the channel button check `isAdmin` each time: others get FORBIDDEN.
 */
import { type Api, Composer } from 'grammy';
import { requireAdmin } from '../../admin-guard.js';
import type { BotDeps } from '../../bot-deps.js';
import { callbackData, chatId, id } from '../../callback-data.js';
import type { BotContext } from '../../context.js';
import { describe } from '../../../log/describe.js';
import { attachReactionRow } from './channel-posts.js';

/** The admins' command that copies a message into a channel with the reaction row: Spanish, English. */
export const PUBLISH_COMMANDS = ['publicar', 'publish'] as const;

/** The channel buttons (`pub:<channelId>:<sourceMessageId>`) and Cancel (`pub:x`). */
export const publishData = {
  to: callbackData('pub', { channelId: chatId, sourceId: id }),
  cancel: callbackData('pub:x'),
} as const;

/**
 * The chats an admin can publish in: FREE ones first, then VIP, each by title. A channel
 * configured by id only (CHANNELS without titles) has no title in the engine: it is asked of
 * Telegram once (`getChat`) and kept through `configureChannels`, so admins read names, not
 * ids; when even that fails the channel is called by its kind ("Canal VIP"), never by its id.
 */
async function targets(deps: BotDeps, api: Api) {
  const all = (await deps.economy.reactions.channels()).filter((c) => c.kind === 'FREE' || c.kind === 'VIP');
  const named = await Promise.all(
    all.map(async (c) => {
      if (c.title !== null) return c;
      try {
        const chat = await api.getChat(c.id);
        const title = 'title' in chat && typeof chat.title === 'string' && chat.title !== '' ? chat.title : null;
        if (title === null) return c;
        await deps.economy.reactions.configureChannels([{ id: c.id, kind: c.kind, title }]);
        return { ...c, title };
      } catch (err) {
        deps.logger.warn({ err: describe(err), channelId: c.id }, '/publicar: could not learn the channel title');
        return c;
      }
    }),
  );
  const title = (c: { id: number; title: string | null }) => c.title ?? '';
  return named.sort((a, b) => (a.kind === b.kind ? title(a).localeCompare(title(b)) : a.kind === 'FREE' ? -1 : 1));
}

/** A channel as admins read it: its title, or its kind when Telegram did not tell it. */
function channelName(ctx: BotContext, c: { kind: string; title: string | null }): string {
  return c.title ?? ctx.t('channels-publish-untitled', { kind: c.kind });
}

export function publishFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const inFlight = new Set<string>();
  const pm = composer.chatType('private');

  pm.command([...PUBLISH_COMMANDS], async (ctx) => {
    await requireAdmin(ctx);
    const source = ctx.msg.reply_to_message;
    if (!source) {
      await ctx.reply(ctx.t('channels-publish-usage'));
      return;
    }
    const channels = await targets(deps, ctx.api);
    if (channels.length === 0) {
      await ctx.reply(ctx.t('channels-publish-none'));
      return;
    }
    const rows = channels.map((c) => [
      { text: ctx.t('channels-publish-target', { title: channelName(ctx, c), kind: c.kind }), callback_data: publishData.to.pack({ channelId: c.id, sourceId: source.message_id }) },
    ]);
    rows.push([{ text: ctx.t('channels-publish-cancel-button'), callback_data: publishData.cancel.pack() }]);
    await ctx.reply(ctx.t('channels-publish-choose'), {
      reply_markup: { inline_keyboard: rows },
      reply_parameters: { message_id: source.message_id, allow_sending_without_reply: true },
    });
  });

  pm.filter(publishData.cancel.filter, async (ctx) => {
    await requireAdmin(ctx);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t('channels-publish-cancelled')).catch(() => undefined);
  });

  pm.filter(publishData.to.filter, async (ctx) => {
    await requireAdmin(ctx);
    const { channelId, sourceId } = ctx.match;
    const channel = (await targets(deps, ctx.api)).find((c) => c.id === channelId);
    if (!channel) {
      await ctx.answerCallbackQuery({ text: ctx.t('channels-publish-unknown-channel') });
      return;
    }
    const title = channelName(ctx, channel);
    const key = `${ctx.chat.id}:${sourceId}:${channelId}`;
    if (inFlight.has(key)) {
      await ctx.answerCallbackQuery();
      return;
    }
    inFlight.add(key);
    try {
      let copied: number;
      try {
        copied = (await ctx.api.copyMessage(channelId, ctx.chat.id, sourceId)).message_id;
      } catch (err) {
        deps.logger.warn({ err: describe(err), channelId }, '/publicar: copy failed');
        await ctx.answerCallbackQuery({ text: ctx.t('channels-publish-failed', { channel: title }).slice(0, 200) });
        return;
      }
      await attachReactionRow(deps, channelId, copied);
      await ctx.answerCallbackQuery({ text: ctx.t('channels-publish-done', { channel: title }).slice(0, 200) });
      await ctx.editMessageText(ctx.t('channels-publish-done', { channel: title })).catch(() => undefined);
    } finally {
      inFlight.delete(key);
    }
  });

  return composer;
}
