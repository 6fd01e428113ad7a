/**
 * The member's main screen (SPEC §1, §2, §4): balance, level with a progress bar to the
 * next one, both streaks and when the next daily gift opens.
 */
import { formatWait } from '../../../core/index.js';
import type { BotContext } from '../../context.js';
import { localeOf, memberIdOf } from './view.js';

const BAR_CELLS = 10;

/** `▰▰▰▱▱▱▱▱▱▱` for 0.3; full only when the level is complete. */
export function progressBar(progress: number): string {
  const filled = Math.max(0, Math.min(BAR_CELLS, Math.floor(progress * BAR_CELLS)));
  return '▰'.repeat(filled) + '▱'.repeat(BAR_CELLS - filled);
}

export async function homeText(ctx: BotContext): Promise<string> {
  const { economy } = ctx.besitos;
  const memberId = memberIdOf(ctx);
  const locale = await localeOf(ctx);
  const [profile, daily, reactions] = await Promise.all([
    economy.ledger.profile(memberId),
    economy.daily.status(memberId),
    economy.reactions.streak(memberId),
  ]);
  const p = profile.progress;
  const bar = progressBar(p.progress);
  const lines = [
    ctx.t('member-home-title', { name: ctx.from?.first_name || ctx.t('member-someone') }),
    '',
    ctx.t('member-home-balance', { balance: profile.balance }),
    ctx.t('member-home-level', { level: profile.level }),
    p.nextLevel !== null && p.missing !== null
      ? ctx.t('member-home-progress', { bar, percent: Math.floor(p.progress * 100), missing: p.missing, next: p.nextLevel })
      : ctx.t('member-home-progress-max', { bar }),
    ctx.t('member-home-daily-streak', { streak: daily.streak }),
    ctx.t('member-home-reaction-streak', { streak: reactions.current }),
    daily.canClaim
      ? ctx.t('member-home-gift-ready', { base: daily.nextGift.base, bonus: daily.nextGift.bonus })
      : ctx.t('member-home-gift-wait', { wait: formatWait(daily.nextClaimAt - economy.clock.now(), locale) }),
    '',
    ctx.t('member-home-hint'),
  ];
  return lines.join('\n');
}

/** `/saldo`: the numbers only. */
export async function balanceText(ctx: BotContext): Promise<string> {
  const profile = await ctx.besitos.economy.ledger.profile(memberIdOf(ctx));
  const p = profile.progress;
  const bar = progressBar(p.progress);
  return [
    ctx.t('member-balance', { balance: profile.balance, level: profile.level }),
    p.nextLevel !== null && p.missing !== null
      ? ctx.t('member-home-progress', { bar, percent: Math.floor(p.progress * 100), missing: p.missing, next: p.nextLevel })
      : ctx.t('member-home-progress-max', { bar }),
    ctx.t('member-balance-totals', { earned: profile.totalEarned, spent: profile.totalSpent }),
  ].join('\n');
}
