/**
 * Showing an admin screen: a button press edits the message it came from (no chat
 * clutter), a command sends a new one. "Message is not modified" (the same screen
 * pressed twice) is not an error; any other edit failure (message too old, deleted)
 * falls back to a new message. Texts stay under Telegram's 4096-character limit.
 */
import { GrammyError, type InlineKeyboard } from 'grammy';
import type { BaseContext } from '../../context.js';

export const MAX_TEXT = 4000;

export function clip(text: string, max = MAX_TEXT): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

export async function show(ctx: BaseContext, text: string, keyboard?: InlineKeyboard): Promise<void> {
  const body = clip(text);
  const extra = keyboard ? { reply_markup: keyboard } : {};
  if (ctx.callbackQuery?.message) {
    await ctx.answerCallbackQuery().catch(() => undefined);
  }
  // Telegram reports a deleted message as inaccessible (`date` 0): no edit to fail first.
  if (ctx.callbackQuery?.message && ctx.callbackQuery.message.date !== 0) {
    try {
      await ctx.editMessageText(body, extra);
      return;
    } catch (err) {
      if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return;
      ctx.besitos.logger.debug({ description: err instanceof GrammyError ? err.description : String(err) }, 'admin screen: edit failed, sending anew');
    }
  }
  await ctx.reply(body, extra);
}
