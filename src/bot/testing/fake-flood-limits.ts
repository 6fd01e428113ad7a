/**
 * The fake Bot API's flood limits, as Telegram applies them to messages: per private
 * chat, per group or channel, and over all chats (telegram-limits.ts). Each is a token
 * bucket: `count` calls per `windowMs`, refilled continuously, holding at most `count`
 * (a private chat: a short burst of PRIVATE_BURST, which Telegram tolerates). A call over
 * a limit is refused with `429 Too Many Requests: retry after N` and
 * `parameters.retry_after` (whole seconds, at least 1, as Telegram sends them) and
 * consumes nothing.
 */
import { LIMITED_METHODS, chatKind, type Rate, type TelegramLimits } from '../telegram-limits.js';
import type { ApiFailure } from './fake-bot-api.js';

/** Messages a private chat may receive back to back before its 1-a-second limit bites. */
export const PRIVATE_BURST = 3;

interface Bucket {
  tokens: number;
  at: number;
}

export class FakeFloodLimits {
  readonly #limits: TelegramLimits;
  readonly #buckets = new Map<string, Bucket>();
  /** 429 answers given, by method (tests read it). */
  readonly refused = new Map<string, number>();

  constructor(limits: TelegramLimits) {
    this.#limits = limits;
  }

  get refusedTotal(): number {
    let n = 0;
    for (const v of this.refused.values()) n += v;
    return n;
  }

  /** Null when the call may go through (its share is taken), else the 429 to answer. */
  take(method: string, payload: Record<string, unknown>, now = Date.now()): ApiFailure | null {
    if (!LIMITED_METHODS.has(method) || payload.inline_message_id !== undefined) return null;
    const kind = chatKind(payload.chat_id);
    if (kind === null) return null;
    const chat = kind === 'private' ? this.#limits.privateChat : this.#limits.groupChat;
    const burst = kind === 'private' ? Math.max(chat.count, PRIVATE_BURST) : chat.count;
    const keys: Array<[string, Rate, number]> = [
      ['*', this.#limits.global, this.#limits.global.count],
      [`${kind}:${String(payload.chat_id)}`, chat, burst],
    ];
    let waitMs = 0;
    const buckets = keys.map(([key, rate, capacity]) => {
      const b = this.#refill(key, rate, capacity, now);
      if (b.tokens < 1) waitMs = Math.max(waitMs, ((1 - b.tokens) * rate.windowMs) / rate.count);
      return b;
    });
    if (waitMs > 0) {
      this.refused.set(method, (this.refused.get(method) ?? 0) + 1);
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      return { error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } };
    }
    for (const b of buckets) b.tokens -= 1;
    return null;
  }

  #refill(key: string, rate: Rate, capacity: number, now: number): Bucket {
    let b = this.#buckets.get(key);
    if (!b) {
      b = { tokens: capacity, at: now };
      this.#buckets.set(key, b);
    }
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) * rate.count) / rate.windowMs);
    b.at = now;
    return b;
  }
}
