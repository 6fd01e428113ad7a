/**
 * Members in a private chat (SPEC §1, §2, §4, §5, §6): the /start menu, the daily gift,
 * history, shop, purchases, rewards, /top (leaderboards) and settings. Commands have a Spanish name and an
 * English alias (/regalo and /daily, …); list screens are plain inline keyboards with `m:`
 * data (callback-data.ts) whose buttons each screen registers itself; the main and
 * settings menus are @grammyjs/menu menus.
 */
import { Composer } from 'grammy';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';
import { memberData } from './callback-data.js';
import { claimDaily, claimText } from './daily.js';
import { historyButtons, showHistory } from './history.js';
import { balanceText, homeText } from './home.js';
import { createMemberMenus, settingsText } from './menus.js';
import { purchasesButtons, showPurchases } from './purchases.js';
import { rewardsButtons, showRewards } from './rewards.js';
import { shopButtons, showCatalogue } from './shop.js';
import { showTop, topButtons } from './top.js';
import { answerEveryPress, show } from './view.js';

/** Command names, Spanish first (the default language), then English aliases. */
export const MEMBER_COMMANDS = {
  start: ['start', 'menu'],
  daily: ['regalo', 'daily'],
  balance: ['saldo', 'balance'],
  history: ['historial', 'history'],
  shop: ['tienda', 'shop'],
  purchases: ['compras', 'purchases'],
  rewards: ['recompensas', 'rewards'],
  // The issue's /top with its alias /ranking: Spanish lists /ranking, English /top; both work in both.
  top: ['ranking', 'top'],
  settings: ['idioma', 'language', 'ajustes', 'settings'],
  help: ['ayuda', 'help'],
} as const;

export function memberFeature(_deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const { main, settings } = createMemberMenus();
  const pm = composer.chatType('private');
  pm.use(answerEveryPress);
  pm.use(main);

  pm.command([...MEMBER_COMMANDS.start], async (ctx) => {
    await ctx.reply(await homeText(ctx), { reply_markup: main });
  });
  pm.command([...MEMBER_COMMANDS.daily], async (ctx) => {
    const claim = await claimDaily(ctx);
    await ctx.reply(`${claimText(ctx, claim)}\n${ctx.t('member-daily-claimed-balance', { balance: claim.balance })}`);
  });
  pm.command([...MEMBER_COMMANDS.balance], async (ctx) => {
    await ctx.reply(await balanceText(ctx));
  });
  pm.command([...MEMBER_COMMANDS.history], (ctx) => showHistory(ctx));
  pm.command([...MEMBER_COMMANDS.shop], (ctx) => showCatalogue(ctx, 1));
  pm.command([...MEMBER_COMMANDS.purchases], (ctx) => showPurchases(ctx));
  pm.command([...MEMBER_COMMANDS.rewards], (ctx) => showRewards(ctx));
  pm.command([...MEMBER_COMMANDS.top], (ctx) => showTop(ctx, 'all'));
  pm.command([...MEMBER_COMMANDS.settings], async (ctx) => {
    await ctx.reply(await settingsText(ctx), { reply_markup: settings });
  });
  pm.command([...MEMBER_COMMANDS.help], async (ctx) => {
    await ctx.reply(ctx.t('member-help'));
  });

  // The list screens' buttons, each screen registering its own (callback-data.ts).
  pm.filter(memberData.home.filter, async (ctx) => show(ctx, await homeText(ctx), main));
  pm.use(historyButtons(), shopButtons(), purchasesButtons(), rewardsButtons(), topButtons());
  return composer;
}
