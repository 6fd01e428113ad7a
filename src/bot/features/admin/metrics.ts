/**
 * The metrics screen for admins (SPEC §8), the quick look from a phone: circulation,
 * lifetime earned and spent, members and activity, faucets against sinks over the last
 * 7 economy days, mean and median balance, the most populated levels, the top 5 holders
 * and the Gini coefficient, plus the shop and rewards at a glance. One message, well
 * under Telegram's 4096 characters (`show` clips anyway). The day-by-day series and the
 * full lists are the CLI's (`besitos metrics --json`) and the HTTP dashboard's.
 *
 * The figures are the snapshot the jobs refresh every `leaderboard.refresh_seconds`; opening
 * or refreshing the screen refreshes it first when one is due (an admin's look is rare, and
 * without running jobs, as in an embedding bot that never started them, it would stay
 * empty), and the screen says the time it shows.
 */
import { Composer, InlineKeyboard } from 'grammy';
import type { TopHolder } from '../../../core/index.js';
import type { BaseContext, BotContext } from '../../context.js';
import { adminOnly } from '../../admin-guard.js';
import { adminData } from './callback-data.js';
import { show } from './screen.js';
import { isLocale } from '../../locale-cache.js';
import { formatDateTime } from '../member/view.js';

/** Faucets against sinks over this many economy days (today included). */
const SCREEN_DAYS = 7;
const SCREEN_HOLDERS = 5;
const SCREEN_LEVELS = 5;

/** @username when there is one, else the first name; the id always (admins look members up by it). */
function holderName(h: TopHolder): string {
  if (h.username) return `@${h.username} (${h.memberId})`;
  if (h.firstName) return `${h.firstName} (${h.memberId})`;
  return String(h.memberId);
}

export async function metricsScreen(ctx: BaseContext, adminId: number): Promise<void> {
  const { economy } = ctx.besitos;
  await economy.stats.refreshIfDue();
  const [m, products, rewards, timeZone, locale] = await Promise.all([
    economy.metrics({ days: SCREEN_DAYS }),
    economy.shop.products(adminId),
    economy.rewards.listRewards(adminId),
    economy.settings.get('economy.timezone'),
    ctx.i18n.getLocale(),
  ]);

  // The most populated levels (ties: the lower level), shown in level order.
  const shownLevels = [...m.levels]
    .sort((a, b) => b.members - a.members || a.level - b.level)
    .slice(0, SCREEN_LEVELS)
    .sort((a, b) => a.level - b.level);
  const levelParts = shownLevels.map((l) => ctx.t('admin-metrics-level', { level: l.level, members: l.members }));
  if (m.levels.length > shownLevels.length) {
    levelParts.push(ctx.t('admin-metrics-levels-more', { count: m.levels.length - shownLevels.length }));
  }
  const holders = m.topHolders.slice(0, SCREEN_HOLDERS);

  const text = ctx.t('admin-metrics', {
    asOf: m.asOf ? formatDateTime(m.asOf, timeZone, isLocale(locale) ? locale : 'es') : '—',
    circulation: m.circulation,
    earned: m.totalEarned,
    spent: m.totalSpent,
    members: m.members,
    profiles: m.profiles,
    active7: m.active7d,
    active30: m.active30d,
    days: SCREEN_DAYS,
    faucets: m.movements.totals.faucets,
    sinks: m.movements.totals.sinks,
    refunds: m.movements.totals.refunds,
    movements: m.transactions,
    mean: m.meanBalance,
    median: m.medianBalance,
    gini: m.gini,
    levels: levelParts.length > 0 ? levelParts.join(' · ') : ctx.t('admin-metrics-none'),
    holders:
      holders.length > 0
        ? holders.map((h, i) => ctx.t('admin-metrics-holder', { rank: i + 1, name: holderName(h), balance: h.balance })).join('\n')
        : ctx.t('admin-metrics-holders-none'),
    products: products.filter((p) => p.active).length,
    productsTotal: products.length,
    sold: products.reduce((n, p) => n + p.purchaseCount, 0),
    rewards: rewards.filter((r) => r.active).length,
    rewardsTotal: rewards.length,
  });
  const keyboard = new InlineKeyboard().text(ctx.t('admin-button-refresh'), adminData.metrics.pack()).row().text(ctx.t('admin-button-back'), adminData.menu.pack());
  await show(ctx, text, keyboard);
}

export function metricsButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(adminData.metrics.filter, adminOnly((ctx, adminId) => metricsScreen(ctx, adminId)));
  return composer;
}
