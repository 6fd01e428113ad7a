/**
 * Content sets (SPEC §5): what a CONTENT product or reward delivers. The admin names the
 * set, then sends or forwards the media to the bot and ends with /listo. Each photo,
 * video, document, audio or animation is kept by its Telegram file id (the largest size
 * of a photo), which stays valid for this bot whatever happens to the admin's chat.
 * Anything else (text, stickers, voice notes) is refused with what is accepted: a copy of
 * a chat message would break the day the admin deletes it, and a stray typed word must
 * not become content.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { type ContentItem, MAX_ITEMS, MAX_PRODUCT_NAME_LENGTH as MAX_NAME_LENGTH } from '../../../core/index.js';
import type { BaseContext, BotContext } from '../../context.js';
import { adminOnly } from '../../admin-guard.js';
import { adminData } from './callback-data.js';
import { adminOf, ask, attempt, DONE_COMMANDS, nextAnswer, refusalOf, stillAdmin, textOf, type AdminConversation } from './flow-kit.js';
import { FLOWS, enter } from './flows.js';
import { show } from './screen.js';

export { DONE_COMMANDS };

/** The content item a message carries, or null when it carries no accepted media. */
export function contentItemOf(message: Message): ContentItem | null {
  if (message.photo && message.photo.length > 0) {
    const largest = message.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
    return { kind: 'photo', fileId: largest.file_id };
  }
  // An animation message also carries `document`: test it first.
  if (message.animation) return { kind: 'animation', fileId: message.animation.file_id };
  if (message.video) return { kind: 'video', fileId: message.video.file_id };
  if (message.audio) return { kind: 'audio', fileId: message.audio.file_id };
  if (message.document) return { kind: 'document', fileId: message.document.file_id };
  return null;
}

export async function contentSetsScreen(ctx: BaseContext, adminId: number): Promise<void> {
  const sets = await ctx.besitos.economy.shop.contentSets(adminId);
  const lines = sets.map((s) => ctx.t('admin-content-line', { id: String(s.id), name: s.name, items: s.items.length }));
  const keyboard = new InlineKeyboard()
    .text(ctx.t('admin-button-new-content'), adminData.newContentSet.pack())
    .row()
    .text(ctx.t('admin-button-back'), adminData.menu.pack());
  await show(ctx, `${ctx.t('admin-content-title')}\n\n${lines.length > 0 ? lines.join('\n') : ctx.t('admin-content-empty')}`, keyboard);
}

export async function contentFlow(conversation: AdminConversation, ctx: BaseContext): Promise<void> {
  const adminId = adminOf(ctx);
  const { economy } = ctx.besitos;
  const name = await ask(conversation, ctx, { text: ctx.t('admin-content-ask-name', { max: MAX_NAME_LENGTH }) }, textOf(1, MAX_NAME_LENGTH));
  await ctx.reply(ctx.t('admin-content-ask-items', { max: MAX_ITEMS }));
  const items: ContentItem[] = [];
  for (;;) {
    const answer = await nextAnswer(conversation, { commands: DONE_COMMANDS });
    const c = answer.ctx;
    if (answer.command !== null) {
      if (items.length === 0) {
        await c.reply(c.t('admin-content-need-one'));
        continue;
      }
      break;
    }
    const item = answer.message ? contentItemOf(answer.message) : null;
    if (item === null) {
      await c.reply(c.t('admin-content-not-media'));
      continue;
    }
    if (items.length >= MAX_ITEMS) {
      await c.reply(c.t('admin-content-full', { max: MAX_ITEMS }));
      continue;
    }
    items.push(item);
    await c.reply(c.t('admin-content-added', { count: items.length, max: MAX_ITEMS }));
  }
  if (!(await stillAdmin(conversation, ctx, adminId))) return;
  const out = await attempt(conversation, async () => {
    const set = await economy.shop.createContentSet({ adminId, name, items });
    return { id: set.id, name: set.name, items: set.items.length };
  });
  if (!out.ok) {
    await ctx.reply(await refusalOf(ctx, out.refusal));
    return;
  }
  await ctx.reply(ctx.t('admin-content-created', { ...out.value, id: String(out.value.id) }), {
    reply_markup: new InlineKeyboard().text(ctx.t('admin-button-new-product'), adminData.newProduct.pack()).row().text(ctx.t('admin-button-menu'), adminData.menu.pack()),
  });
}

/** The content sets screen's buttons: the list, and a new set. */
export function contentButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(adminData.contentSets.filter, adminOnly((ctx, adminId) => contentSetsScreen(ctx, adminId)));
  composer.filter(adminData.newContentSet.filter, adminOnly((ctx) => enter(ctx, FLOWS.content)));
  return composer;
}
