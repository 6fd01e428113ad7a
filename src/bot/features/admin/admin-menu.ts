/** The /admin menu (SPEC §8): one button per admin area. */
import { Composer, InlineKeyboard } from 'grammy';
import type { BaseContext, BotContext } from '../../context.js';
import { adminOnly } from '../../admin-guard.js';
import { adminData } from './callback-data.js';
import { show } from './screen.js';

export function menuKeyboard(ctx: BaseContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t('admin-button-settings'), adminData.settings.pack())
    .text(ctx.t('admin-button-products'), adminData.products.pack())
    .row()
    .text(ctx.t('admin-button-content'), adminData.contentSets.pack())
    .text(ctx.t('admin-button-rewards'), adminData.rewards.pack())
    .row()
    .text(ctx.t('admin-button-member'), adminData.memberLookup.pack())
    .text(ctx.t('admin-button-metrics'), adminData.metrics.pack())
    .row()
    .text(ctx.t('admin-button-tokens'), adminData.tokens.pack());
}

export async function menuScreen(ctx: BaseContext): Promise<void> {
  await show(ctx, ctx.t('admin-menu-title'), menuKeyboard(ctx));
}

export function menuButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(adminData.menu.filter, adminOnly(menuScreen));
  return composer;
}
