/** "My purchases" (SPEC §5): newest first, 10 a page, with a free re-send of owned content. */
import { InlineKeyboard } from 'grammy';
import type { BotContext } from '../../context.js';
import { CB } from './callback-data.js';
import { formatDateTime, localeOf, memberIdOf, show } from './view.js';

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
    await show(ctx, ctx.t('member-purchases-empty'), keyboard.text(ctx.t('member-btn-shop'), CB.shop(1)).text(ctx.t('member-btn-menu'), CB.home));
    return;
  }
  const tz = settings['economy.timezone'];
  const lines = [ctx.t('member-purchases-title'), ''];
  for (const p of page.items) {
    lines.push(
      ctx.t('member-purchases-line', {
        date: formatDateTime(p.createdAt, tz, locale),
        name: p.productName,
        price: ctx.t('member-shop-price', { price: p.price }),
        status: p.status,
      }),
    );
    if (p.status === 'COMPLETED' && p.productKind === 'CONTENT') {
      keyboard.text(ctx.t('member-btn-redeliver', { name: p.productName }), CB.redeliver(p.id)).row();
    }
  }
  if (cursor) keyboard.text(ctx.t('member-btn-first'), CB.purchases());
  if (page.nextCursor) keyboard.text(ctx.t('member-btn-next'), CB.purchases(page.nextCursor));
  keyboard.row().text(ctx.t('member-btn-menu'), CB.home);
  await show(ctx, lines.join('\n'), keyboard);
}

export async function redeliver(ctx: BotContext, purchaseId: number): Promise<void> {
  const result = await ctx.besitos.economy.shop.redeliver({ memberId: memberIdOf(ctx), purchaseId });
  await ctx.answerCallbackQuery({ text: ctx.t(result.delivered ? 'member-purchases-redelivered' : 'member-purchases-redeliver-failed') });
}
