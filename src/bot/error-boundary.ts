/**
 * Every update runs inside this boundary (SPEC §12: nobody ever sees a stack trace).
 * An EconomyError is a refusal: the member reads its message in their language
 * (`error-<CODE>` in locales/*\/errors.ftl, with the error's details as variables) as a
 * toast for a button, a reply otherwise. Anything else is logged with pino, and the
 * member gets a short apology.
 */
import { BotError, type MiddlewareFn } from 'grammy';
import { type EconomyError, formatWait, isEconomyError } from '../core/index.js';
import { describe } from '../log/describe.js';
import type { BotContext } from './context.js';
import { isQueryTooOld } from './telegram-errors.js';

/** What `refusalText` needs of a context (a conversation's context fits too). */
export type RefusalContext = Pick<BotContext, 't' | 'i18n'> & { readonly besitos: Pick<BotContext['besitos'], 'logger'> };

/** The refusal in the member's language. */
export async function refusalText(ctx: RefusalContext, err: EconomyError): Promise<string> {
  try {
    return ctx.t(`error-${err.code}`, refusalVariables(err, await ctx.i18n.getLocale()));
  } catch (renderError) {
    // A message that needs a detail this refusal lacks: say the refusal plainly, log the gap.
    ctx.besitos.logger.warn({ code: err.code, err: describe(renderError) }, 'refusal message could not be rendered');
    return ctx.t('error-refused');
  }
}

export function refusalVariables(err: EconomyError, locale: string): Record<string, string | number> {
  // Every number and text the refusal carries is a variable of its message; the engine's own
  // sentence (English) serves the refusals of admin input that need the detail.
  const vars: Record<string, string | number> = { message: err.message };
  for (const [key, value] of Object.entries(err.details)) {
    if (typeof value === 'number' || typeof value === 'string') vars[key] = value;
  }
  const language = locale === 'en' ? 'en' : 'es';
  if (err.is('COOLDOWN')) vars.wait = formatWait(err.details.secondsLeft * 1000, language);
  if (err.is('ALREADY_CLAIMED') && err.details.what === 'daily') vars.wait = formatWait(err.details.secondsLeft * 1000, language);
  return vars;
}

/** Whether this update's button press was answered already (see `guardPressAnswer`). */
const answeredPresses = new WeakSet<object>();

export function pressAnswered(ctx: BotContext): boolean {
  return answeredPresses.has(ctx);
}

/**
 * Telegram takes one answer per press (a second one, or one after ~15 s, is a 400). Every
 * context's API records the first `answerCallbackQuery` and drops any later one, so a
 * handler that answered at once and failed afterwards is not answered again by the
 * boundary below, whatever the feature.
 */
function guardPressAnswer(ctx: BotContext): void {
  if (!ctx.callbackQuery) return;
  ctx.api.config.use((prev, method, payload, signal) => {
    if (method !== 'answerCallbackQuery') return prev(method, payload, signal);
    if (answeredPresses.has(ctx)) {
      ctx.besitos.logger.warn({ updateId: ctx.update.update_id }, 'a second answer to one button press was dropped');
      return Promise.resolve({ ok: true as const, result: true as never });
    }
    answeredPresses.add(ctx);
    return prev(method, payload, signal);
  });
}

/**
 * Answers the member; never throws (a failing answer is only logged). A press already
 * answered (a handler answers first, then does the slow part) gets a message instead.
 */
export async function answerMember(ctx: BotContext, text: string): Promise<void> {
  try {
    if (ctx.callbackQuery && !pressAnswered(ctx)) {
      await ctx.answerCallbackQuery({ text: text.slice(0, 200) });
    } else if (ctx.chat?.type === 'private') {
      await ctx.reply(text);
    }
  } catch (err) {
    // Telegram refuses the answer of a press that is too old (or already answered): the
    // member's spinner is gone by then; worth knowing, not a failure of the bot's own.
    const level = isQueryTooOld(err) ? 'info' : 'warn';
    ctx.besitos.logger[level]({ err: describe(err), updateId: ctx.update.update_id }, 'could not answer the member');
  }
}

export const errorBoundary: MiddlewareFn<BotContext> = async (ctx, next) => {
  guardPressAnswer(ctx);
  try {
    await next();
  } catch (raw) {
    const err = raw instanceof BotError ? raw.error : raw;
    if (isEconomyError(err)) {
      await answerMember(ctx, await refusalText(ctx, err));
      return;
    }
    ctx.besitos.logger.error({ err: describe(err), updateId: ctx.update.update_id }, 'update failed');
    await answerMember(ctx, safeT(ctx, 'error-internal'));
  }
};

function safeT(ctx: BotContext, key: string): string {
  try {
    return ctx.t(key);
  } catch {
    // The one text outside the locale files: for when the locale files themselves failed.
    return 'Lo sentimos, algo salió mal. / Sorry, something went wrong.';
  }
}
