/**
 * The main menu and the settings menu (@grammyjs/menu). Their buttons are rendered per
 * member (labels in the member's language, the chosen language ticked), so a press on an
 * old copy whose labels no longer match is "outdated": it is answered (a toast) and the
 * message is redrawn with the current screen instead of acting on a stale button.
 * Presses are answered by the handlers or, empty, by `answerEveryPress` (autoAnswer off:
 * a refusal's toast must be the only answer).
 */
import { Menu, type MenuFlavor } from '@grammyjs/menu';
import type { BotContext } from '../../context.js';
import type { Locale } from '../../locale-cache.js';
import { claimDaily, claimText } from './daily.js';
import { showHistory } from './history.js';
import { homeText } from './home.js';
import { showPurchases } from './purchases.js';
import { showRewards } from './rewards.js';
import { showCatalogue } from './shop.js';
import { memberIdOf, show } from './view.js';

export const MAIN_MENU_ID = 'besitos-main';
export const SETTINGS_MENU_ID = 'besitos-settings';

export interface MemberMenus {
  main: Menu<BotContext>;
  settings: Menu<BotContext>;
}

export async function settingsText(ctx: BotContext): Promise<string> {
  const { economy, locales } = ctx.besitos;
  const memberId = memberIdOf(ctx);
  const [chosen, member, board] = await Promise.all([locales.chosen(memberId), economy.membership.get(memberId), economy.leaderboards.optIn(memberId)]);
  return [
    ctx.t('member-settings-title'),
    '',
    ctx.t('member-settings-language', { language: chosen ?? 'auto' }),
    ctx.t('member-settings-reminders', { on: member?.reminders ? 'yes' : 'no' }),
    ctx.t('member-settings-leaderboard', { on: board.optedIn ? 'yes' : 'no' }),
    '',
    ctx.t('member-settings-reminders-help'),
    ctx.t('member-settings-leaderboard-help'),
  ].join('\n');
}

export function createMemberMenus(): MemberMenus {
  const main: Menu<BotContext> = new Menu<BotContext>(MAIN_MENU_ID, {
    autoAnswer: false,
    onMenuOutdated: async (ctx) => {
      await ctx.answerCallbackQuery({ text: ctx.t('member-menu-outdated') });
      await show(ctx, await homeText(ctx), main);
    },
  });
  const settings: Menu<BotContext> = new Menu<BotContext>(SETTINGS_MENU_ID, {
    autoAnswer: false,
    onMenuOutdated: async (ctx) => {
      await ctx.answerCallbackQuery({ text: ctx.t('member-menu-outdated') });
      await show(ctx, await settingsText(ctx), settings);
    },
  });

  main
    .text(
      (ctx) => ctx.t('member-btn-daily'),
      async (ctx) => {
        const claim = await claimDaily(ctx);
        await ctx.answerCallbackQuery({ text: claimText(ctx, claim) });
        await show(ctx, await homeText(ctx), main);
      },
    )
    .row()
    .text((ctx) => ctx.t('member-btn-history'), (ctx) => showHistory(ctx))
    .text((ctx) => ctx.t('member-btn-rewards'), (ctx) => showRewards(ctx))
    .row()
    .text((ctx) => ctx.t('member-btn-shop'), (ctx) => showCatalogue(ctx, 1))
    .text((ctx) => ctx.t('member-btn-purchases'), (ctx) => showPurchases(ctx))
    .row()
    .submenu(
      (ctx) => ctx.t('member-btn-settings'),
      SETTINGS_MENU_ID,
      async (ctx) => show(ctx, await settingsText(ctx)),
    );

  const languageButton = (locale: Locale | null) => async (ctx: BotContext) => {
    const chosen = await ctx.besitos.locales.chosen(memberIdOf(ctx));
    const label = ctx.t(`member-btn-lang-${locale ?? 'auto'}`);
    return chosen === locale ? `✓ ${label}` : label;
  };
  const choose = (locale: Locale | null) => async (ctx: BotContext & MenuFlavor) => {
    await ctx.besitos.locales.choose(memberIdOf(ctx), locale);
    await ctx.i18n.renegotiateLocale();
    ctx.menu.update();
    await show(ctx, await settingsText(ctx));
    await ctx.answerCallbackQuery({ text: ctx.t('member-settings-language-saved') });
  };
  settings
    .text(languageButton('es'), choose('es'))
    .text(languageButton('en'), choose('en'))
    .text(languageButton(null), choose(null))
    .row()
    .text(
      async (ctx) => {
        const member = await ctx.besitos.economy.membership.get(memberIdOf(ctx));
        return ctx.t('member-btn-reminders', { on: member?.reminders ? 'yes' : 'no' });
      },
      async (ctx) => {
        const { membership } = ctx.besitos.economy;
        const memberId = memberIdOf(ctx);
        const on = !(await membership.get(memberId))?.reminders;
        await membership.setReminders(memberId, on);
        ctx.menu.update();
        await show(ctx, await settingsText(ctx));
        await ctx.answerCallbackQuery({ text: ctx.t('member-settings-reminders-saved', { on: on ? 'yes' : 'no' }) });
      },
    )
    .row()
    .text(
      async (ctx) => {
        const board = await ctx.besitos.economy.leaderboards.optIn(memberIdOf(ctx));
        return ctx.t('member-btn-leaderboard', { on: board.optedIn ? 'yes' : 'no' });
      },
      async (ctx) => {
        const { leaderboards } = ctx.besitos.economy;
        const memberId = memberIdOf(ctx);
        const on = !(await leaderboards.optIn(memberId)).optedIn;
        await leaderboards.setOptIn(memberId, on);
        ctx.menu.update();
        await show(ctx, await settingsText(ctx));
        await ctx.answerCallbackQuery({ text: ctx.t('member-settings-leaderboard-saved', { on: on ? 'yes' : 'no' }) });
      },
    )
    .row()
    .back(
      (ctx) => ctx.t('member-btn-back'),
      async (ctx) => show(ctx, await homeText(ctx)),
    );

  main.register(settings);
  return { main, settings };
}
