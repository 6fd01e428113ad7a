/** "My purchases" (SPEC §5): newest first, 10 a page, with a free re-send of owned content. */
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../../context.js';
import { memberData } from './callback-data.js';
import { formatDateTime, localeOf, memberIdOf, namesFor, show } from './view.js';

export const PURCHASES_PAGE = 10;

export async function showPurchases(ctx: BotContext, cursor?: string): Promise<void> {
  const { economy } = ctx.besitos;
  const locale = await localeOf(ctx);
  const [page, settings] = await Promise.all([
    economy.shop.purchases(memberIdOf(ctx), { limit: PURCHASES_PAGE, ...(cursor ? { cursor } : {}) }),
    economy.settings.all(),
  ]);
  const keyboard = new InlineKeyboard();
  if (page.items.length === 0 && !cursor) {
    await show(ctx, ctx.t('member-purchases-empty'), keyboard.text(ctx.t('member-btn-shop'), memberData.shop.pack({ page: 1 })).text(ctx.t('member-btn-menu'), memberData.home.pack()));
    return;
  }
  const tz = settings['economy.timezone'];
  const lines = [ctx.t('member-purchases-title'), ''];
  const names = await namesFor(ctx, 'product', page.items.map((p) => p.productId));
  for (const bought of page.items) {
    const p = { ...bought, productName: names.name(bought.productId, bought.productName) };
    lines.push(
      ctx.t('member-purchases-line', {
        date: formatDateTime(p.createdAt, tz, locale),
        name: p.productName,
        price: ctx.t('member-shop-price', { price: p.price }),
        status: p.status,
      }),
    );
    if (p.status === 'COMPLETED' && p.productKind === 'CONTENT') {
      keyboard.text(ctx.t('member-btn-redeliver', { name: p.productName }), memberData.redeliver.pack({ purchaseId: p.id })).row();
    }
  }
  if (cursor) keyboard.text(ctx.t('member-btn-first'), memberData.purchases.pack());
  if (page.nextCursor) keyboard.text(ctx.t('member-btn-next'), memberData.purchases.pack({ cursor: page.nextCursor }));
  keyboard.row().text(ctx.t('member-btn-menu'), memberData.home.pack());
  await show(ctx, lines.join('\n'), keyboard);
}

/**
 * The press is answered before the set goes out (a big set outlasts Telegram's ~15 s for an
 * answer); a send that failed, or a refusal (not theirs), is then told by a message.
 */
export async function redeliver(ctx: BotContext, purchaseId: number): Promise<void> {
  await ctx.answerCallbackQuery({ text: ctx.t('member-purchases-redelivering') });
  const result = await ctx.besitos.economy.shop.redeliver({ memberId: memberIdOf(ctx), purchaseId });
  if (!result.delivered) await ctx.reply(ctx.t('member-purchases-redeliver-failed'));
}

/** "My purchases" pages and the re-send of owned content. */
export function purchasesButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(memberData.purchases.filter, (ctx) => showPurchases(ctx, ctx.match.cursor));
  composer.filter(memberData.redeliver.filter, (ctx) => redeliver(ctx, ctx.match.purchaseId));
  return composer;
}
