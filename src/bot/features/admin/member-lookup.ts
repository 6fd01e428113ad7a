/**
 * Member lookup (SPEC §8): by Telegram id or @username, from `/miembro <id|@username>` or
 * the menu. The card shows the profile (balance, earned, spent, level, role, VIP expiry),
 * both streaks, rewards, the latest purchases and the last 10 movements, with buttons to
 * credit, debit (amount → reason) or grant VIP days (days). Every write goes through the
 * engine with the admin's id, which lands in the movement's metadata (`admin_id`).
 */
import { Composer, InlineKeyboard } from 'grammy';
import { type Economy, isEconomyError, type LedgerTransaction, MAX_AMOUNT, MAX_REASON_LENGTH, MAX_VIP_DAYS } from '../../../core/index.js';
import type { BaseContext, BotContext } from '../../context.js';
import { adminOnly } from '../../admin-guard.js';
import { isLocale, type Locale } from '../../locale-cache.js';
import { formatDateTime, signed } from '../member/view.js';
import { adminData } from './callback-data.js';
import { adminOf, ask, attempt, refusalOf, stillAdmin, textOf, wholeNumber, type AdminConversation, type Answer, type Parsed } from './flow-kit.js';
import { FLOWS, enter } from './flows.js';
import { clip, show } from './screen.js';

export const HISTORY_ROWS = 10;
const PURCHASE_ROWS = 5;

/** The member an admin typed: a positive id, or `@name` / `name`; null when nobody matches. */
export async function resolveMember(economy: Economy, query: string): Promise<number | null> {
  const text = query.trim();
  if (/^\d{1,16}$/.test(text)) {
    const id = Number(text);
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    if (await economy.membership.get(id)) return id;
    return (await economy.ledger.profile(id)).exists ? id : null;
  }
  try {
    return (await economy.membership.findByUsername(text))?.id ?? null;
  } catch (err) {
    if (isEconomyError(err, 'INVALID_INPUT')) return null;
    throw err;
  }
}

function when(at: number | Date | null, locale: Locale, timeZone: string): string {
  return at === null ? '—' : formatDateTime(at, timeZone, locale);
}

const localeOf = (locale: string): Locale => (isLocale(locale) ? locale : 'es');

/** Names the card already knows: products by their spend's transaction id, rewards by id. */
interface KnownNames {
  spends: ReadonlyMap<number, string>;
  rewards: ReadonlyMap<number, string>;
}

const numberIn = (metadata: Record<string, unknown>, key: string): number | null => (typeof metadata[key] === 'number' ? metadata[key] : null);

/**
 * Why a movement happened, in the admin's language, from its type and structured data (the
 * stored `reason` is an English, machine-made text for the engine's own movements, e.g.
 * "shop: Pack Playa"): what was bought, which reward, which emoji, which streak. Only the
 * reason an admin typed (credit, debit) is shown as written.
 */
export function movementReason(t: BaseContext['t'], m: Pick<LedgerTransaction, 'id' | 'type' | 'reason' | 'metadata'>, names: KnownNames): string {
  const md = m.metadata;
  switch (m.type) {
    case 'SPEND_SHOP':
      return names.spends.get(m.id) ?? m.reason.replace(/^shop: /, '');
    case 'REFUND_SHOP': {
      const purchase = numberIn(md, 'purchase_id');
      return purchase !== null ? t('admin-reason-refund', { purchase: String(purchase) }) : '—';
    }
    case 'EARN_REWARD': {
      const id = numberIn(md, 'rewardId');
      return (id !== null ? names.rewards.get(id) : undefined) ?? (m.reason || '—');
    }
    case 'EARN_REACTION':
      return typeof md.emoji === 'string' ? t('admin-reason-reaction', { emoji: md.emoji }) : '—';
    case 'EARN_DAILY':
    case 'EARN_STREAK': {
      const streak = numberIn(md, 'streak');
      return streak !== null ? t('admin-reason-streak', { streak }) : '—';
    }
    case 'EARN_ADMIN':
    case 'SPEND_ADMIN':
      return m.reason ? t('admin-reason-typed', { reason: clip(m.reason, 60) }) : '—';
  }
}

/** The card's text, in the admin's language (plain data: safe to store in a flow's replay). */
export async function memberCard(t: BaseContext['t'], locale: string, economy: Economy, memberId: number): Promise<string> {
  const [member, profile, daily, reactions, rewards, purchases, history, timeZone] = await Promise.all([
    economy.membership.get(memberId),
    economy.ledger.profile(memberId),
    economy.daily.status(memberId),
    economy.reactions.streak(memberId),
    economy.rewards.rewards(memberId),
    economy.shop.purchases(memberId, { limit: PURCHASE_ROWS }),
    economy.history(memberId, { limit: HISTORY_ROWS }),
    economy.settings.get('economy.timezone'),
  ]);
  const lang = localeOf(locale);
  const names: KnownNames = {
    spends: new Map(purchases.items.flatMap((p) => (p.transactionId !== null ? [[p.transactionId, p.productName] as const] : []))),
    rewards: new Map(rewards.map((r) => [r.id, r.name])),
  };
  const name = [member?.firstName, member?.lastName].filter(Boolean).join(' ') || '—';
  const reached = rewards.filter((r) => r.state !== 'locked');
  const lines = [
    t('admin-member-title', { id: String(memberId), name, username: member?.username ? `@${member.username}` : '—' }),
    t('admin-member-profile', {
      balance: profile.balance,
      earned: profile.totalEarned,
      spent: profile.totalSpent,
      level: profile.level,
      role: t('admin-role', { role: member?.role ?? 'FREE' }),
      vip: when(member?.vipExpiresAt ?? null, lang, timeZone),
    }),
    t('admin-member-streaks', { daily: daily.streak, dailyLongest: daily.longest, reaction: reactions.current, reactionLongest: reactions.longest }),
    '',
    t('admin-member-rewards', { count: reached.length }),
    ...reached.map((r) => t('admin-member-reward-row', { name: r.name, state: t(`admin-reward-state-${r.state}`), claims: r.claims })),
    '',
    t('admin-member-purchases', { count: purchases.items.length }),
    ...purchases.items.map((p) =>
      t('admin-member-purchase-row', { id: String(p.id), name: p.productName, price: p.price, status: t('admin-purchase-status', { status: p.status }), at: when(p.createdAt, lang, timeZone) }),
    ),
    '',
    t('admin-member-history', { count: history.items.length, total: history.total }),
    ...history.items.map((m) =>
      t('admin-member-history-row', {
        at: when(m.createdAt, lang, timeZone),
        amount: signed(m.amount),
        type: t('movement-type', { type: m.type }),
        reason: movementReason(t, m, names),
      }),
    ),
  ];
  return clip(lines.join('\n'));
}

export function memberKeyboard(ctx: BaseContext, memberId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t('admin-button-credit'), adminData.memberCredit.pack({ memberId }))
    .text(ctx.t('admin-button-debit'), adminData.memberDebit.pack({ memberId }))
    .row()
    .text(ctx.t('admin-button-grant-vip'), adminData.memberVip.pack({ memberId }))
    .text(ctx.t('admin-button-refresh'), adminData.memberShow.pack({ memberId }))
    .row()
    .text(ctx.t('admin-button-menu'), adminData.menu.pack());
}

/** The card for `query` (outside a flow), or "nobody found". */
export async function showMember(ctx: BaseContext, query: string): Promise<void> {
  const memberId = await resolveMember(ctx.besitos.economy, query);
  if (memberId === null) {
    await ctx.reply(ctx.t('admin-member-not-found', { query: clip(query.trim(), 64) }));
    return;
  }
  await ctx.reply(await memberCard(ctx.t, await ctx.i18n.getLocale(), ctx.besitos.economy, memberId), { reply_markup: memberKeyboard(ctx, memberId) });
}

/** The flow behind the menu's "Member lookup": asks who, until somebody is found. */
export async function lookupFlow(conversation: AdminConversation, ctx: BaseContext): Promise<void> {
  const { economy } = ctx.besitos;
  const memberId = await ask(conversation, ctx, { text: ctx.t('admin-member-ask') }, async (a: Answer): Promise<Parsed<number>> => {
    if (a.text === null) return { ok: false, error: a.ctx.t('admin-member-ask') };
    const text = a.text;
    const found = await conversation.external(() => resolveMember(economy, text));
    return found === null ? { ok: false, error: a.ctx.t('admin-member-not-found', { query: clip(text.trim(), 64) }) } : { ok: true, value: found };
  });
  const locale = await ctx.i18n.getLocale();
  const card = await conversation.external(() => memberCard(ctx.t, locale, economy, memberId));
  await ctx.reply(card, { reply_markup: memberKeyboard(ctx, memberId) });
}

/** Credit or debit: amount → reason → the movement, with the admin in its metadata. */
export async function moveFlow(conversation: AdminConversation, ctx: BaseContext, memberId: number, direction: 'credit' | 'debit'): Promise<void> {
  const adminId = adminOf(ctx);
  const { economy } = ctx.besitos;
  const amount = await ask(conversation, ctx, { text: ctx.t(`admin-member-ask-${direction}`, { id: String(memberId), max: MAX_AMOUNT }) }, wholeNumber(1, MAX_AMOUNT));
  const reason = await ask(conversation, ctx, { text: ctx.t('admin-member-ask-reason', { max: MAX_REASON_LENGTH }) }, textOf(1, MAX_REASON_LENGTH));
  if (!(await stillAdmin(conversation, ctx, adminId))) return;
  const out = await attempt(conversation, async () => {
    const input = { memberId, amount, reason, adminId };
    const result = direction === 'credit' ? await economy.ledger.adminCredit(input) : await economy.ledger.adminDebit(input);
    return { balance: result.balances.balance };
  });
  if (!out.ok) {
    const { refusal } = out;
    // Said from the admin's side ("the member has…"), not the member's ("you have…").
    const short = refusal.code === 'INSUFFICIENT_FUNDS' && typeof refusal.details.balance === 'number';
    await ctx.reply(short ? ctx.t('admin-member-debit-short', { id: String(memberId), balance: Number(refusal.details.balance), amount }) : await refusalOf(ctx, refusal));
    return;
  }
  await ctx.reply(ctx.t(`admin-member-${direction}-done`, { id: String(memberId), amount, balance: out.value.balance }), {
    reply_markup: new InlineKeyboard().text(ctx.t('admin-button-refresh'), adminData.memberShow.pack({ memberId })),
  });
}

/** VIP days: days → the extension (from max(now, expiry)), audited as `admin:<id>`. */
export async function vipFlow(conversation: AdminConversation, ctx: BaseContext, memberId: number): Promise<void> {
  const adminId = adminOf(ctx);
  const { economy } = ctx.besitos;
  const days = await ask(conversation, ctx, { text: ctx.t('admin-member-ask-vip', { id: String(memberId), max: MAX_VIP_DAYS }) }, wholeNumber(1, MAX_VIP_DAYS));
  if (!(await stillAdmin(conversation, ctx, adminId))) return;
  const locale = await ctx.i18n.getLocale();
  const out = await attempt(conversation, async () => {
    const result = await economy.membership.grantVip({ memberId, days, adminId });
    const timeZone = await economy.settings.get('economy.timezone');
    return { role: result.member.role, until: when(result.member.vipExpiresAt, localeOf(locale), timeZone) };
  });
  if (!out.ok) {
    await ctx.reply(await refusalOf(ctx, out.refusal));
    return;
  }
  await ctx.reply(ctx.t('admin-member-vip-done', { id: String(memberId), days, until: out.value.until, role: ctx.t('admin-role', { role: out.value.role }) }), {
    reply_markup: new InlineKeyboard().text(ctx.t('admin-button-refresh'), adminData.memberShow.pack({ memberId })),
  });
}

/** The member screen's buttons: lookup, the card (refreshed), credit, debit, VIP. */
export function memberButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(adminData.memberLookup.filter, adminOnly((ctx) => enter(ctx, FLOWS.lookup)));
  composer.filter(
    adminData.memberShow.filter,
    adminOnly(async (ctx) => {
      const { memberId } = ctx.match;
      const card = await memberCard(ctx.t, await ctx.i18n.getLocale(), ctx.besitos.economy, memberId);
      await show(ctx, card, memberKeyboard(ctx, memberId));
    }),
  );
  composer.filter(adminData.memberCredit.filter, adminOnly((ctx) => enter(ctx, FLOWS.move, ctx.match.memberId, 'credit')));
  composer.filter(adminData.memberDebit.filter, adminOnly((ctx) => enter(ctx, FLOWS.move, ctx.match.memberId, 'debit')));
  composer.filter(adminData.memberVip.filter, adminOnly((ctx) => enter(ctx, FLOWS.vip, ctx.match.memberId)));
  return composer;
}
