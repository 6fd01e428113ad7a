/**
 * Members in a private chat (SPEC §1, §2, §4, §5, §6): the /start menu, the daily gift,
 * history, shop, purchases, rewards and settings. Commands have a Spanish name and an
 * English alias (/regalo and /daily, …); list screens are plain inline keyboards with `m:`
 * data (callback-data.ts), the main and settings menus are @grammyjs/menu menus.
 */
import { Composer } from 'grammy';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';
import {
  BUY_RE,
  CB,
  CLAIM_RE,
  CONFIRM_RE,
  HISTORY_RE,
  PRODUCT_RE,
  PURCHASES_RE,
  REDELIVER_RE,
  RESEND_REWARD_RE,
  SHOP_RE,
  idOf,
} from './callback-data.js';
import { claimDaily, claimText } from './daily.js';
import { showHistory } from './history.js';
import { balanceText, homeText } from './home.js';
import { createMemberMenus, settingsText } from './menus.js';
import { redeliver, showPurchases } from './purchases.js';
import { claimReward, resendReward, showRewards } from './rewards.js';
import { askConfirmation, cancelPurchase, confirmPurchase, showCatalogue, showProduct } from './shop.js';
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
  pm.command([...MEMBER_COMMANDS.settings], async (ctx) => {
    await ctx.reply(await settingsText(ctx), { reply_markup: settings });
  });
  pm.command([...MEMBER_COMMANDS.help], async (ctx) => {
    await ctx.reply(ctx.t('member-help'));
  });

  pm.callbackQuery(CB.home, async (ctx) => show(ctx, await homeText(ctx), main));
  pm.callbackQuery(HISTORY_RE, (ctx) => {
    const [, page, dir, cursor] = ctx.match;
    return showHistory(ctx, Number(page), dir === 'n' || dir === 'p' ? dir : undefined, cursor);
  });
  pm.callbackQuery(SHOP_RE, (ctx) => showCatalogue(ctx, Math.max(1, Number(ctx.match[1]))));
  pm.callbackQuery(PRODUCT_RE, async (ctx) => {
    const id = idOf(ctx.match[1]);
    if (id !== null) await showProduct(ctx, id, Math.max(1, Number(ctx.match[2])));
  });
  pm.callbackQuery(BUY_RE, async (ctx) => {
    const id = idOf(ctx.match[1]);
    if (id !== null) await askConfirmation(ctx, id);
  });
  pm.callbackQuery(CONFIRM_RE, async (ctx) => {
    const id = idOf(ctx.match[2]);
    if (id !== null) await confirmPurchase(ctx, id, ctx.match[1] === 're');
  });
  pm.callbackQuery(CB.cancel, (ctx) => cancelPurchase(ctx));
  pm.callbackQuery(PURCHASES_RE, (ctx) => showPurchases(ctx, ctx.match[1]));
  pm.callbackQuery(REDELIVER_RE, async (ctx) => {
    const id = idOf(ctx.match[1]);
    if (id !== null) await redeliver(ctx, id);
  });
  pm.callbackQuery(CB.rewards, (ctx) => showRewards(ctx));
  pm.callbackQuery(CLAIM_RE, async (ctx) => {
    const id = idOf(ctx.match[1]);
    if (id !== null) await claimReward(ctx, id);
  });
  pm.callbackQuery(RESEND_REWARD_RE, async (ctx) => {
    const id = idOf(ctx.match[1]);
    if (id !== null) await resendReward(ctx, id);
  });
  return composer;
}
