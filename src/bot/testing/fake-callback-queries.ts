/**
 * Callback queries as Telegram treats their answers: a query can be answered once, and
 * only within its lifetime (about 15 s after the press reached the bot); otherwise
 * `400 Bad Request: query is too old and response timeout expired or query ID is
 * invalid`. The lifetime is measured from when the fake delivered the update (getUpdates).
 * A query the fake never delivered (a test that posts updates to a webhook itself) has
 * no known age: its first answer is accepted, a second one refused.
 */
import type { Update } from 'grammy/types';
import type { ApiFailure } from './fake-bot-api.js';

export const QUERY_TOO_OLD: ApiFailure = {
  error_code: 400,
  description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
};

/** Telegram's lifetime of a callback query. */
export const CALLBACK_QUERY_TTL_MS = 15_000;

export class FakeCallbackQueries {
  readonly #ttlMs: number;
  readonly #deliveredAt = new Map<string, number>();
  readonly #answered = new Set<string>();
  /** Answers refused (twice, or too late), for tests. */
  refused = 0;

  constructor(ttlMs = CALLBACK_QUERY_TTL_MS) {
    this.#ttlMs = ttlMs;
  }

  delivered(updates: readonly Update[], now = Date.now()): void {
    for (const u of updates) {
      const id = u.callback_query?.id;
      if (id !== undefined && !this.#deliveredAt.has(id)) this.#deliveredAt.set(id, now);
    }
  }

  /** When the fake handed the query to the bot (getUpdates), epoch ms; undefined if never. */
  deliveredAt(id: string): number | undefined {
    return this.#deliveredAt.get(id);
  }

  /** Null when the answer is accepted (and the query is spent), else the 400. */
  answer(payload: Record<string, unknown>, now = Date.now()): ApiFailure | null {
    const id = String(payload.callback_query_id ?? '');
    const at = this.#deliveredAt.get(id);
    if (this.#answered.has(id) || (at !== undefined && now - at > this.#ttlMs)) {
      this.refused++;
      return QUERY_TOO_OLD;
    }
    this.#answered.add(id);
    return null;
  }
}
