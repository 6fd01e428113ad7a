/**
 * The English name of a product or a reward (issue 10): the "🌐" button beside each one on
 * the products and rewards screens starts this flow. It shows the Spanish name and the
 * English one in force, asks the English name, then the description ("-" for none: the
 * Spanish one shows), and saves through `economy.translations.set` (admin checked again
 * there). Kept apart from the creating wizards: a name can be translated any time.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { MAX_PRODUCT_NAME_LENGTH, type TranslatableKind } from '../../../core/index.js';
import { adminOnly } from '../../admin-guard.js';
import type { BaseContext, BotContext } from '../../context.js';
import { adminData } from './callback-data.js';
import { adminOf, ask, attempt, orNone, refusalOf, stillAdmin, textOf, type AdminConversation } from './flow-kit.js';
import { FLOWS, enter } from './flows.js';

/** The one language besides Spanish the bot speaks. */
const LOCALE = 'en';
const MAX_DESCRIPTION = 1000;

export async function translateFlow(conversation: AdminConversation, ctx: BaseContext, kind: TranslatableKind, id: number): Promise<void> {
  const adminId = adminOf(ctx);
  const { economy } = ctx.besitos;
  const read = await attempt(conversation, async () => {
    const name =
      kind === 'product'
        ? (await economy.shop.product(adminId, id)).name
        : ((await economy.rewards.listRewards(adminId)).find((r) => r.id === id)?.name ?? null);
    const english = (await economy.translations.list(kind, id)).find((t) => t.locale === LOCALE);
    return { name, english: english?.name ?? null };
  });
  if (!read.ok || read.value.name === null) {
    await ctx.reply(read.ok ? ctx.t('error-NOT_FOUND') : await refusalOf(ctx, read.refusal));
    return;
  }
  const current = { name: read.value.name, english: read.value.english };
  const name = await ask(
    conversation,
    ctx,
    { text: ctx.t('admin-translate-ask-name', { kind, name: current.name, english: current.english ?? '—' }) },
    textOf(1, MAX_PRODUCT_NAME_LENGTH),
  );
  const description = await ask(conversation, ctx, { text: ctx.t('admin-translate-ask-description') }, orNone(textOf(1, MAX_DESCRIPTION)));
  if (!(await stillAdmin(conversation, ctx, adminId))) return;
  const saved = await attempt(conversation, async () => {
    await economy.translations.set({ adminId, kind, id, locale: LOCALE, name, description });
    return true;
  });
  if (!saved.ok) {
    await ctx.reply(await refusalOf(ctx, saved.refusal));
    return;
  }
  const back = kind === 'product' ? adminData.products : adminData.rewards;
  await ctx.reply(ctx.t('admin-translate-saved', { name: current.name, english: name }), {
    reply_markup: new InlineKeyboard().text(ctx.t(kind === 'product' ? 'admin-button-products' : 'admin-button-rewards'), back.pack()).row().text(ctx.t('admin-button-menu'), adminData.menu.pack()),
  });
}

/** The "🌐" buttons of the products and rewards screens. */
export function translateButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(adminData.productTranslate.filter, adminOnly((ctx) => enter(ctx, FLOWS.translate, 'product', ctx.match.productId)));
  composer.filter(adminData.rewardTranslate.filter, adminOnly((ctx) => enter(ctx, FLOWS.translate, 'reward', ctx.match.rewardId)));
  return composer;
}
