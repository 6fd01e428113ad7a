/**
 * Admin tokens of the HTTP API from /admin (issue 13): the admin's tokens in force (name,
 * first characters, last use) and one button that issues a new token for them. The token
 * is shown once, in its own message (the screen stays a list): the database keeps only its
 * hash, so the admin is told to keep it and delete the message. Revoking is the CLI's
 * (`besitos tokens revoke <id>`), named on the screen.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { BaseContext, BotContext } from '../../context.js';
import { adminOnly } from '../../admin-guard.js';
import { adminData } from './callback-data.js';
import { show } from './screen.js';

/** The name a token issued from Telegram carries in `besitos tokens list`. */
export const TELEGRAM_TOKEN_NAME = 'telegram';

export async function tokensScreen(ctx: BaseContext, adminId: number): Promise<void> {
  const tokens = await ctx.besitos.economy.apiTokens.listFor(adminId);
  const lines = tokens.map((t) =>
    ctx.t('admin-tokens-item', {
      id: t.id,
      name: t.name ?? '-',
      hint: t.hint,
      used: t.lastUsedAt === null ? 'no' : 'yes',
      date: new Date(t.lastUsedAt ?? t.createdAt).toISOString().slice(0, 10),
    }),
  );
  const text = ctx.t('admin-tokens', { count: tokens.length, list: lines.join('\n') });
  const keyboard = new InlineKeyboard().text(ctx.t('admin-button-new-token'), adminData.newToken.pack()).row().text(ctx.t('admin-button-back'), adminData.menu.pack());
  await show(ctx, text, keyboard);
}

export function tokensButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(adminData.tokens.filter, adminOnly((ctx, adminId) => tokensScreen(ctx, adminId)));
  composer.filter(
    adminData.newToken.filter,
    adminOnly(async (ctx, adminId) => {
      const issued = await ctx.besitos.economy.apiTokens.issue(adminId, { name: TELEGRAM_TOKEN_NAME });
      await ctx.answerCallbackQuery().catch(() => undefined);
      await ctx.reply(ctx.t('admin-token-issued', { id: issued.info.id, token: issued.token }), { parse_mode: 'HTML' });
      await tokensScreen(ctx, adminId);
    }),
  );
  return composer;
}
