/** The /admin menu (SPEC §8): one button per admin area. */
import { InlineKeyboard } from 'grammy';
import type { BaseContext } from '../../context.js';
import { adm } from './callback-data.js';
import { show } from './screen.js';

export function menuKeyboard(ctx: BaseContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t('admin-button-settings'), adm.settings)
    .text(ctx.t('admin-button-products'), adm.products)
    .row()
    .text(ctx.t('admin-button-content'), adm.contentSets)
    .text(ctx.t('admin-button-rewards'), adm.rewards)
    .row()
    .text(ctx.t('admin-button-member'), adm.memberLookup)
    .text(ctx.t('admin-button-metrics'), adm.metrics);
}

export async function menuScreen(ctx: BaseContext): Promise<void> {
  await show(ctx, ctx.t('admin-menu-title'), menuKeyboard(ctx));
}
