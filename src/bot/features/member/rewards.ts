/**
 * Rewards as a member sees them (SPEC §6): state, progress ("3/7"), claim buttons for manual
 * rewards in their window, and "send again" for CONTENT rewards the member holds (the engine
 * delivers the set with the grant; this asks for it once more, e.g. after a failed send).
 */
import { Composer, InlineKeyboard } from 'grammy';
import { isEconomyError, type MemberRewardItem, type RewardGrant } from '../../../core/index.js';
import type { BotContext } from '../../context.js';
import { memberData } from './callback-data.js';
import { formatDateTime, localeOf, memberIdOf, namesFor, show } from './view.js';

type Translate = (key: string, vars?: Record<string, string | number>) => string;

const ICONS: Record<MemberRewardItem['state'], string> = { locked: '🔒', unlocked: '🎁', claimed: '✅', expired: '⌛' };

/** "+10 besitos", "7 días de VIP", "insignia 💯 Cien besitos", "contenido exclusivo". */
export function prizeText(t: Translate, kind: string, value: number | null, badge: { name: string; emoji: string } | null): string {
  return t('member-reward-prize', { kind, value: value ?? 0, badge: badge ? `${badge.emoji} ${badge.name}` : '' });
}

export async function showRewards(ctx: BotContext): Promise<void> {
  const { economy } = ctx.besitos;
  const locale = await localeOf(ctx);
  const [items, settings] = await Promise.all([economy.rewards.rewards(memberIdOf(ctx)), economy.settings.all()]);
  const keyboard = new InlineKeyboard();
  const t: Translate = (key, vars) => ctx.t(key, vars);
  if (items.length === 0) {
    await show(ctx, ctx.t('member-rewards-empty'), keyboard.text(ctx.t('member-btn-menu'), memberData.home.pack()));
    return;
  }
  const tz = settings['economy.timezone'];
  const lines = [ctx.t('member-rewards-title'), ''];
  const names = await namesFor(ctx, 'reward', items.map((r) => r.id));
  for (const item of items) {
    const r = { ...item, name: names.name(item.id, item.name), badge: item.badge ? { ...item.badge, name: names.badge(item.id, item.badge.name) } : null };
    const value = r.state === 'claimed' && r.grantedValue !== null ? r.grantedValue : r.value;
    lines.push(
      ctx.t('member-rewards-line', {
        icon: ICONS[r.state],
        name: r.name,
        prize: prizeText(t, r.kind, value, r.badge),
        state: r.state,
        progress: r.progress.map((p) => p.text).join(' · '),
        until: r.expiresAt ? formatDateTime(r.expiresAt, tz, locale) : '—',
      }),
    );
    if (r.state === 'unlocked') keyboard.text(ctx.t('member-btn-claim', { name: r.name }), memberData.claim.pack({ rewardId: r.id })).row();
    if (r.kind === 'CONTENT' && r.claims > 0) keyboard.text(ctx.t('member-btn-reward-resend', { name: r.name }), memberData.resendReward.pack({ rewardId: r.id })).row();
  }
  keyboard.text(ctx.t('member-btn-menu'), memberData.home.pack());
  await show(ctx, lines.join('\n'), keyboard);
}

/**
 * "Claim": the press is answered as soon as the grant committed (`onGranted`), before a
 * CONTENT reward's set goes out (it may take longer than Telegram waits for an answer); a
 * set that could not be sent is then told by a message.
 */
export async function claimReward(ctx: BotContext, rewardId: number): Promise<RewardGrant | null> {
  const t: Translate = (key, vars) => ctx.t(key, vars);
  const names = await namesFor(ctx, 'reward', [rewardId]);
  const onGranted = async (granted: RewardGrant): Promise<void> => {
    const badge = granted.badge ? { ...granted.badge, name: names.badge(rewardId, granted.badge.name) } : null;
    const toast =
      granted.kind === 'CONTENT' ? ctx.t('member-rewards-claimed-content') : ctx.t('member-rewards-claimed', { prize: prizeText(t, granted.kind, granted.value, badge) });
    await ctx.answerCallbackQuery({ text: toast.slice(0, 200) });
  };
  let grant: RewardGrant;
  try {
    grant = await ctx.besitos.economy.rewards.claim({ memberId: memberIdOf(ctx), rewardId, onGranted });
  } catch (err) {
    // A stale claim button: the rewards' ALREADY_CLAIMED carries no wait (the daily gift's does).
    if (!isEconomyError(err, 'ALREADY_CLAIMED')) throw err;
    await ctx.answerCallbackQuery({ text: ctx.t('member-rewards-already-claimed') });
    await showRewards(ctx);
    return null;
  }
  // CONTENT: the set went out (or failed) before claim() returned.
  if (grant.kind === 'CONTENT' && grant.delivered === false) await ctx.reply(ctx.t('member-rewards-claimed-content-failed'));
  await showRewards(ctx);
  return grant;
}

/** "Send again" on a held CONTENT reward; NOT_FOUND (not theirs) is answered by the error boundary. */
export async function resendReward(ctx: BotContext, rewardId: number): Promise<void> {
  // Answered before the set goes out, as a purchase's re-send (purchases.ts).
  await ctx.answerCallbackQuery({ text: ctx.t('member-rewards-resending') });
  const result = await ctx.besitos.economy.rewards.redeliver({ memberId: memberIdOf(ctx), rewardId });
  if (!result.delivered) await ctx.reply(ctx.t('member-rewards-resend-failed'));
}

/** The rewards screen's buttons: claim, and send a held CONTENT reward again. */
export function rewardsButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(memberData.rewards.filter, (ctx) => showRewards(ctx));
  composer.filter(memberData.claim.filter, (ctx) => claimReward(ctx, ctx.match.rewardId));
  composer.filter(memberData.resendReward.filter, (ctx) => resendReward(ctx, ctx.match.rewardId));
  return composer;
}
