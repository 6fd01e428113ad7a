/** zod fields shared by the operation files. */
import { z } from 'zod';
import { ISO_TIME_HINT, parseIsoTime } from '../core/index.js';

/**
 * A field that must be present and whose value the engine itself checks (member ids,
 * amounts): the engine's refusal (INVALID_AMOUNT for `"amount": "10"` or `0`) is then the
 * same whether the value came through simulate, the CLI or the bot.
 */
export function engineChecked<T>(what: string) {
  return z.custom<T>((value) => value !== undefined, { message: `${what} is required` });
}

export const memberField = engineChecked<number>('member (a Telegram id)');
export const amountField = engineChecked<number>('amount');
/** Idempotency keys: the engine checks their length. */
export const keyField = z.string().optional();
export const metadataField = z.record(z.string(), z.unknown()).optional();

/** A zod field that accepts an ISO time and yields milliseconds. */
export const isoTime = z.string().transform((text, ctx) => {
  const ms = parseIsoTime(text);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `expected ${ISO_TIME_HINT}, got ${JSON.stringify(text)}` });
    return z.NEVER;
  }
  return ms;
});
