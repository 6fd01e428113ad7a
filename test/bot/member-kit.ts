/**
 * Small helpers for the member tests: read the screen the bot last drew for a member
 * (a sent or edited message with its inline keyboard) and press one of its buttons, as
 * Telegram would send the press back.
 */
import { expect } from 'vitest';
import type { User } from 'grammy/types';
import type { RecordedCall } from '../../src/bot/testing/fake-bot-api.js';
import { callback, privateChat, text } from '../../src/bot/testing/updates.js';
import type { BotHarness } from '../helpers/bot-harness.js';

export interface Button {
  text: string;
  data: string;
}

/** Ids for messages the bot sent (the fake API's ids are not recorded with the call). */
let nextScreenId = 700_000;
const screenIds = new WeakMap<RecordedCall, number>();

export function buttonsOf(call: RecordedCall): Button[] {
  const markup = call.payload.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined;
  return (markup?.inline_keyboard ?? []).flat().flatMap((b) => (b.callback_data ? [{ text: b.text, data: b.callback_data }] : []));
}

/** The message id a screen lives in: an edit names it; a sent message gets a stable made-up id. */
export function messageIdOf(call: RecordedCall): number {
  if (typeof call.payload.message_id === 'number') return call.payload.message_id;
  let id = screenIds.get(call);
  if (id === undefined) screenIds.set(call, (id = nextScreenId++));
  return id;
}

/** The last message sent or edited in the member's chat after `since`. */
export function lastScreen(h: BotHarness, chatId: number, since = 0): RecordedCall {
  const calls = h.api
    .since(since)
    .filter((c) => (c.method === 'sendMessage' || c.method === 'editMessageText') && Number(c.payload.chat_id) === chatId);
  const last = calls[calls.length - 1];
  if (!last) throw new Error(`no screen for chat ${chatId} after ${since}: ${h.api.since(since).map((c) => c.method).join(', ')}`);
  return last;
}

export function textOf(call: RecordedCall): string {
  return String(call.payload.text ?? '');
}

/** Presses the button whose label matches on `screen`; resolves once handled. */
export async function press(h: BotHarness, u: User, screen: RecordedCall, label: string | RegExp): Promise<void> {
  const button = buttonsOf(screen).find((b) => (typeof label === 'string' ? b.text.includes(label) : label.test(b.text)));
  if (!button) throw new Error(`no button ${String(label)} in ${JSON.stringify(buttonsOf(screen).map((b) => b.text))}`);
  await h.send(callback(u, { message_id: messageIdOf(screen), chat: privateChat(u) }, button.data));
}

/** Sends a command or text and returns the screen the bot drew for it. */
export async function say(h: BotHarness, u: User, body: string): Promise<RecordedCall> {
  const mark = h.api.mark();
  await h.send(text(u, body));
  return lastScreen(h, u.id, mark);
}

/** Presses and returns the screen drawn after it. */
export async function pressAndRead(h: BotHarness, u: User, screen: RecordedCall, label: string | RegExp): Promise<RecordedCall> {
  const mark = h.api.mark();
  await press(h, u, screen, label);
  return lastScreen(h, u.id, mark);
}

/** The toasts answered after `since` (text, or '' for an empty answer). */
export function toastsSince(h: BotHarness, since: number): string[] {
  return h.api
    .since(since)
    .filter((c) => c.method === 'answerCallbackQuery')
    .map((c) => String(c.payload.text ?? ''));
}

/** Exactly one answer for the press made after `since`, and its text. */
export function onlyToast(h: BotHarness, since: number): string {
  const toasts = toastsSince(h, since);
  expect(toasts).toHaveLength(1);
  return toasts[0]!;
}
