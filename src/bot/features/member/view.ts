/**
 * How the member's screens reach the chat: a button press edits the message it came from
 * (one living menu message), a command sends a new one. Telegram's "message is not
 * modified" is not an error here (a press that changes nothing), and a message too old to
 * edit is answered with a new message instead. A message Telegram already reports as
 * inaccessible (deleted: `date` 0 in the press) is not tried at all (issue 10, defect 11).
 */
import type { Middleware } from 'grammy';
import { isNotModified, isUneditable } from '../../telegram-errors.js';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { TranslatableKind } from '../../../core/index.js';
import type { BotContext } from '../../context.js';
import { pressAnswered } from '../../error-boundary.js';
import { isLocale, type Locale } from '../../locale-cache.js';

export async function show(ctx: BotContext, text: string, replyMarkup?: InlineKeyboardMarkup): Promise<void> {
  const extra = replyMarkup ? { reply_markup: replyMarkup } : {};
  const message = ctx.callbackQuery?.message;
  if (message && message.date !== 0) {
    try {
      await ctx.editMessageText(text, extra);
      return;
    } catch (err) {
      if (isNotModified(err)) return;
      if (!isUneditable(err)) throw err;
    }
  }
  await ctx.reply(text, extra);
}

/**
 * Every press gets exactly one answer: handlers that have something to say answer with a
 * toast (or the error boundary does, for a refusal); the rest are answered empty here
 * once the handler is done, so the member's button stops spinning.
 */
export const answerEveryPress: Middleware<BotContext> = async (ctx, next) => {
  if (!ctx.callbackQuery) return next();
  await next();
  if (!pressAnswered(ctx)) await ctx.answerCallbackQuery().catch(() => undefined);
};

export async function localeOf(ctx: BotContext): Promise<Locale> {
  const locale = await ctx.i18n.getLocale();
  return isLocale(locale) ? locale : 'es';
}

/** A date and time in the economy's time zone, as people of that language write it. */
export function formatDateTime(at: Date | number, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'es-ES', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
}

/** `+5` / `-30`: the sign is the point of a movement line. */
export function signed(amount: number): string {
  return amount > 0 ? `+${amount}` : String(amount);
}

/** The member id of a private update (menus and commands only run in private chats). */
export function memberIdOf(ctx: BotContext): number {
  const id = ctx.from?.id;
  if (id === undefined) throw new Error('member update without a sender');
  return id;
}

/** A name (and description, badge) as the member reads it: their language, else the default text. */
export interface Names {
  name(id: number, fallback: string): string;
  description(id: number, fallback: string): string;
  badge(id: number, fallback: string): string;
}

/** The names of these products or rewards in the member's language (one read; Spanish needs none). */
export async function namesFor(ctx: BotContext, kind: TranslatableKind, ids: readonly number[]): Promise<Names> {
  const found = await ctx.besitos.economy.translations.localized(kind, ids, await localeOf(ctx));
  return {
    name: (id, fallback) => found.get(id)?.name ?? fallback,
    description: (id, fallback) => found.get(id)?.description ?? fallback,
    badge: (id, fallback) => found.get(id)?.badgeName ?? fallback,
  };
}
