/**
 * The member's history (SPEC §1): 10 movements a page, newest first, with the engine's
 * keyset cursors both ways (`cursor` for older, `after` for newer), so paging is stable
 * while new movements arrive.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { BotContext } from '../../context.js';
import { memberData } from './callback-data.js';
import { formatDateTime, localeOf, memberIdOf, show, signed } from './view.js';

export const HISTORY_PAGE = 10;

export async function showHistory(ctx: BotContext, page = 1, dir?: 'n' | 'p', cursor?: string): Promise<void> {
  const { economy } = ctx.besitos;
  const locale = await localeOf(ctx);
  const query = dir === 'n' && cursor ? { cursor } : dir === 'p' && cursor ? { after: cursor } : {};
  const [result, settings] = await Promise.all([economy.history(memberIdOf(ctx), { limit: HISTORY_PAGE, ...query }), economy.settings.all()]);
  const keyboard = new InlineKeyboard();
  if (result.total === 0) {
    await show(ctx, ctx.t('member-history-empty'), keyboard.text(ctx.t('member-btn-menu'), memberData.home.pack()));
    return;
  }
  const pages = Math.max(1, Math.ceil(result.total / HISTORY_PAGE));
  // A page number carried in the button can drift when movements arrive meanwhile: keep it in range.
  const shown = result.prevCursor === undefined ? 1 : Math.min(Math.max(2, page), pages);
  const tz = settings['economy.timezone'];
  const lines = [ctx.t('member-history-title', { page: shown, pages }), ''];
  for (const tx of result.items) {
    lines.push(
      ctx.t('member-history-line', {
        date: formatDateTime(tx.createdAt, tz, locale),
        type: ctx.t('movement-type', { type: tx.type }),
        amount: signed(tx.amount),
        balance: tx.balanceAfter,
      }),
    );
  }
  if (result.prevCursor !== undefined) keyboard.text(ctx.t('member-btn-prev'), memberData.history.pack({ page: shown - 1, dir: 'p', cursor: result.prevCursor }));
  if (result.nextCursor !== null) keyboard.text(ctx.t('member-btn-next'), memberData.history.pack({ page: shown + 1, dir: 'n', cursor: result.nextCursor }));
  keyboard.row().text(ctx.t('member-btn-menu'), memberData.home.pack());
  await show(ctx, lines.join('\n'), keyboard);
}

/** History pages, either way. */
export function historyButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(memberData.history.filter, (ctx) => showHistory(ctx, ctx.match.page, ctx.match.dir, ctx.match.cursor));
  return composer;
}
