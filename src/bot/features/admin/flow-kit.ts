/**
 * The pieces every admin flow (a @grammyjs/conversations v2 conversation) is built from.
 *
 * v2 replays the flow function from the start on every update, so: engine calls go
 * through `conversation.external` (run once, result stored as JSON — hence `attempt`
 * returns plain data and turns refusals into values instead of throwing), and a step is a
 * loop that answers invalid input with what is valid and waits again at the same step.
 *
 * Inside a flow: `/cancelar` (or `/cancel`, or the Cancel button) leaves it; any other
 * command leaves it too and is then handled as usual (so `/admin` mid-flow opens the menu);
 * a button that is not the flow's own passes through to the rest of the bot.
 */
import type { Conversation } from '@grammyjs/conversations';
import { InlineKeyboard } from 'grammy';
import type { Message } from 'grammy/types';
import { EconomyError, type ErrorCode, isEconomyError } from '../../../core/index.js';
import type { BaseContext, BotContext } from '../../context.js';
import { refusalText } from '../../error-boundary.js';
import { adminData, flow, flowChoice } from './callback-data.js';

export type AdminConversation = Conversation<BotContext, BaseContext>;

export interface Answer {
  ctx: BaseContext;
  /** The text of a message (null for a button or a media message without caption handling). */
  text: string | null;
  /** The choice of a flow button (`adf:<choice>`), else null. */
  choice: string | null;
  /** A command the step accepts (e.g. `listo`), lower case, else null. */
  command: string | null;
  message: Message | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
export const bad = <T = never>(error: string): Parsed<T> => ({ ok: false, error });

/** The commands that leave a flow: Spanish first, then English. */
export const CANCEL_COMMANDS = ['cancelar', 'cancel'] as const;
/** Ends the steps that collect several messages (content sets). */
export const DONE_COMMANDS = ['listo', 'done'] as const;

/** `/listo@bot extra` → `listo`; null when the message is not a command. */
export function commandOf(message: Message | undefined): string | null {
  const text = message?.text;
  const entity = message?.entities?.[0];
  if (!text || !entity || entity.type !== 'bot_command' || entity.offset !== 0) return null;
  return text.slice(1, entity.length).split('@')[0]!.toLowerCase();
}

/**
 * `keyboard` with the Cancel button under it, as a new keyboard: InlineKeyboard's builder
 * methods mutate, and a flow reuses one keyboard (the None button) for several steps, so
 * adding to it in place stacked one more Cancel at every step that showed it.
 */
export function cancelKeyboard(ctx: BaseContext, keyboard?: InlineKeyboard): InlineKeyboard {
  const copy = keyboard ? keyboard.clone() : new InlineKeyboard();
  if (copy.inline_keyboard.some((row) => row.length > 0)) copy.row();
  return copy.text(ctx.t('admin-button-cancel'), flow('cancel'));
}

async function leave(conversation: AdminConversation, ctx: BaseContext): Promise<never> {
  await ctx.reply(ctx.t('admin-flow-cancelled'));
  return await conversation.halt();
}

/** The next answer of the admin in this flow (see the file comment for what leaves it). */
export async function nextAnswer(conversation: AdminConversation, accept: { commands?: readonly string[] } = {}): Promise<Answer> {
  const c = await conversation.wait();
  const query = c.callbackQuery;
  if (query) {
    const choice = flowChoice.match(query.data)?.choice;
    if (choice === undefined) return await conversation.skip({ next: true });
    await c.answerCallbackQuery();
    if (choice === 'cancel') return await leave(conversation, c);
    return { ctx: c, text: null, choice, command: null, message: null };
  }
  const message = c.message;
  if (!message) return await conversation.skip({ next: true });
  const command = commandOf(message);
  if (command !== null) {
    if ((CANCEL_COMMANDS as readonly string[]).includes(command)) return await leave(conversation, c);
    if (!accept.commands?.includes(command)) {
      await c.reply(c.t('admin-flow-left'));
      // A flow's own word at a step that does not take it is answered by leaving; any
      // other command is then handled as usual (nobody else answers /listo: no hint after it).
      return await conversation.halt({ next: !(DONE_COMMANDS as readonly string[]).includes(command) });
    }
  }
  return { ctx: c, text: message.text ?? null, choice: null, command, message };
}

export interface Prompt {
  text: string;
  keyboard?: InlineKeyboard;
}

/**
 * One step: shows the prompt, then waits until `parse` accepts an answer; each refused
 * answer is told why (what is valid) and the step waits again.
 */
export async function ask<T>(
  conversation: AdminConversation,
  ctx: BaseContext,
  prompt: Prompt,
  parse: (answer: Answer) => Parsed<T> | Promise<Parsed<T>>,
  accept: { commands?: readonly string[] } = {},
): Promise<T> {
  await ctx.reply(prompt.text, { reply_markup: cancelKeyboard(ctx, prompt.keyboard) });
  for (;;) {
    const answer = await nextAnswer(conversation, accept);
    const parsed = await parse(answer);
    if (parsed.ok) return parsed.value;
    await answer.ctx.reply(parsed.error);
  }
}

// ---- answer parsers -------------------------------------------------------------------

const INTEGER = /^[+-]?\d[\d_]*$/;

/** A whole number in [min, max]; anything else is answered with the range. */
export function wholeNumber(min: number, max: number): (a: Answer) => Parsed<number> {
  return (a) => {
    const text = a.text?.trim().replace(/\s+/g, '');
    const value = text !== undefined && INTEGER.test(text) ? Number(text.replaceAll('_', '')) : NaN;
    if (Number.isSafeInteger(value) && value >= min && value <= max) return ok(value);
    return bad(a.ctx.t('admin-invalid-number', { min, max }));
  };
}

/** "-" (or the None button) for none, else what `inner` accepts. */
export function orNone<T>(inner: (a: Answer) => Parsed<T>): (a: Answer) => Parsed<T | null> {
  return (a) => {
    if (a.choice === 'none' || a.text?.trim() === '-') return ok(null);
    const parsed = inner(a);
    if (parsed.ok) return parsed;
    return bad(`${parsed.error}\n${a.ctx.t('admin-invalid-or-none')}`);
  };
}

/** Text of `min` to `max` characters ("-" is the empty text when min is 0). */
export function textOf(min: number, max: number): (a: Answer) => Parsed<string> {
  return (a) => {
    if (a.text === null || a.command !== null) return bad(a.ctx.t('admin-invalid-text', { min, max }));
    const text = a.text.trim();
    if (min === 0 && text === '-') return ok('');
    const length = [...text].length;
    if (length < min || length > max) return bad(a.ctx.t('admin-invalid-text', { min, max }));
    return ok(text);
  };
}

/** One of the buttons' choices (`prefix:<value>`), refused otherwise with `hintKey`. */
export function choiceOf<T extends string>(prefix: string, values: readonly T[]): (a: Answer) => Parsed<T> {
  return (a) => {
    const value = a.choice?.startsWith(`${prefix}:`) ? a.choice.slice(prefix.length + 1) : (a.text?.trim().toUpperCase() ?? '');
    const found = values.find((v) => v === value || v.toUpperCase() === value);
    return found !== undefined ? ok(found) : bad(a.ctx.t('admin-invalid-choice'));
  };
}

/** Buttons for `values` (one row each `perRow`), data `adf:<prefix>:<value>`. */
export function choiceKeyboard(values: ReadonlyArray<{ label: string; value: string | number }>, prefix: string, perRow = 2): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  values.forEach((v, i) => {
    if (i > 0 && i % perRow === 0) keyboard.row();
    keyboard.text(v.label, flow(`${prefix}:${v.value}`));
  });
  return keyboard;
}

// ---- engine calls ---------------------------------------------------------------------

export interface Refusal {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };

/**
 * An engine call, run once and replayed from storage: `task` must return plain JSON data
 * (no Dates). A refusal (EconomyError) becomes a value, so the flow can answer it and stay;
 * anything else fails the flow (the error boundary logs it and apologises).
 */
export async function attempt<T>(conversation: AdminConversation, task: () => Promise<T>): Promise<Outcome<T>> {
  return await conversation.external(async (): Promise<Outcome<T>> => {
    try {
      return { ok: true, value: await task() };
    } catch (err) {
      if (!isEconomyError(err)) throw err;
      return { ok: false, refusal: { code: err.code, message: err.message, details: JSON.parse(JSON.stringify(err.details)) as Record<string, unknown> } };
    }
  });
}

/** The refusal in the admin's language (the engine's detail included as `message`). */
export async function refusalOf(ctx: BaseContext, refusal: Refusal): Promise<string> {
  return await refusalText(ctx, new EconomyError(refusal.code, refusal.message, refusal.details));
}

/**
 * The last step of a creating flow: the admin confirms `summary`, is re-checked as admin,
 * then `task` runs once; a refusal is answered and ends the flow (null), else its value.
 */
export async function confirmAndRun<T>(
  conversation: AdminConversation,
  ctx: BaseContext,
  adminId: number,
  summary: string,
  task: () => Promise<T>,
): Promise<T | null> {
  await ask(
    conversation,
    ctx,
    { text: summary, keyboard: new InlineKeyboard().text(ctx.t('admin-button-confirm'), flow('ok')) },
    (a) => (a.choice === 'ok' ? ok(true) : bad(a.ctx.t('admin-confirm-or-cancel'))),
  );
  if (!(await stillAdmin(conversation, ctx, adminId))) return null;
  const out = await attempt(conversation, task);
  if (!out.ok) {
    await ctx.reply(await refusalOf(ctx, out.refusal));
    return null;
  }
  return out.value;
}

/** Buttons for the newest content sets (Telegram bounds a keyboard's size). */
export const MAX_LISTED_SETS = 30;

/**
 * The content set a product or reward delivers, picked by button or typed id; null (the
 * admin told to create one first, flow over) when there is none.
 */
export async function askContentSet(conversation: AdminConversation, ctx: BaseContext, adminId: number): Promise<{ id: number; name: string } | null> {
  const { economy } = ctx.besitos;
  const sets = await conversation.external(async () => (await economy.shop.contentSets(adminId)).map((s) => ({ id: s.id, name: s.name })));
  if (sets.length === 0) {
    await ctx.reply(ctx.t('admin-product-no-content'), { reply_markup: new InlineKeyboard().text(ctx.t('admin-button-new-content'), adminData.newContentSet.pack()) });
    return null;
  }
  const keyboard = choiceKeyboard(
    sets.slice(-MAX_LISTED_SETS).map((s) => ({ label: `#${s.id} ${s.name}`, value: s.id })),
    'set',
    1,
  );
  // The name comes along so a summary can say what is delivered ("Contenido: Sesión Playa", not "#1").
  return await ask(conversation, ctx, { text: ctx.t('admin-product-ask-set'), keyboard }, (a) => {
    const id = a.choice?.startsWith('set:') ? Number(a.choice.slice(4)) : Number(a.text?.trim().replace(/^#/, ''));
    const set = sets.find((s) => s.id === id);
    return set ? ok(set) : bad(a.ctx.t('admin-invalid-choice'));
  });
}

/**
 * Re-checks, before a step that writes, that the person is still an admin (an id removed
 * from configuration mid-flow must not finish it). False: told FORBIDDEN, flow over.
 */
export async function stillAdmin(conversation: AdminConversation, ctx: BaseContext, adminId: number): Promise<boolean> {
  const yes = await conversation.external((outer) => outer.besitos.economy.admins.isAdmin(adminId));
  if (!yes) await ctx.reply(ctx.t('error-FORBIDDEN'));
  return yes;
}

export function adminOf(ctx: BaseContext): number {
  const id = ctx.from?.id;
  if (id === undefined) throw new Error('an admin flow needs a sender');
  return id;
}
