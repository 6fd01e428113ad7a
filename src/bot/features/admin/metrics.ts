/**
 * The metrics summary for admins (SPEC §8, the numbers the engine has today): besitos in
 * circulation, lifetime earned and spent, members and profiles, movements, plus the shop
 * and rewards at a glance. The full metrics (activity, distribution, Gini) are the HTTP
 * dashboard's; this screen is the quick look from a phone.
 */
import { InlineKeyboard } from 'grammy';
import type { BaseContext } from '../../context.js';
import { adm } from './callback-data.js';
import { show } from './screen.js';

export async function metricsScreen(ctx: BaseContext, adminId: number): Promise<void> {
  const { economy } = ctx.besitos;
  const [summary, products, rewards] = await Promise.all([economy.summary(), economy.shop.products(adminId), economy.rewards.listRewards(adminId)]);
  const text = ctx.t('admin-metrics', {
    circulation: summary.circulation,
    earned: summary.totalEarned,
    spent: summary.totalSpent,
    members: summary.members,
    profiles: summary.profiles,
    movements: summary.transactions,
    mean: summary.profiles > 0 ? Math.round(summary.circulation / summary.profiles) : 0,
    products: products.filter((p) => p.active).length,
    productsTotal: products.length,
    sold: products.reduce((n, p) => n + p.purchaseCount, 0),
    rewards: rewards.filter((r) => r.active).length,
    rewardsTotal: rewards.length,
  });
  const keyboard = new InlineKeyboard().text(ctx.t('admin-button-refresh'), adm.metrics).row().text(ctx.t('admin-button-back'), adm.menu);
  await show(ctx, text, keyboard);
}
