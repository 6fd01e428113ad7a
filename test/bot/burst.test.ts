/**
 * Issue 10, defect 12: 250 members claim the daily gift within a second (50 of them
 * twice) against a fake Bot API with Telegram's flood limits. Every claim is applied once,
 * the bot's pacing keeps it under the limits (no 429 at all) and every member is told (no
 * reply lost). Time runs 3 times faster on both sides (the bot's pacing and the fake's
 * limits: 90 messages a second overall, 3 a second per private chat) to keep the test
 * short; at that speed the burst still comes in far faster than the limits allow.
 * Without pacing (`pacing: false`) the same burst got ~340 429s and, after the bounded
 * retries, 30 to 140 members were never told.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { text, user } from '../../src/bot/testing/updates.js';
import { TELEGRAM_LIMITS, scaleLimits } from '../../src/bot/telegram-limits.js';

const MEMBERS = 250;
const TWICE = 50;
const limits = scaleLimits(TELEGRAM_LIMITS, 3);

describe.each(testDialects())('a burst of daily claims ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    // Each update waits for its paced reply: the last ones wait behind the whole burst.
    h = await startBotHarness(dialect, { limits, handledWithinMs: 50_000, bot: { autoRetry: { maxRetryAttempts: 2, maxDelaySeconds: 5 } } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('applies every claim once, gets no 429 and tells every member', { timeout: 120_000 }, async () => {
    const members = Array.from({ length: MEMBERS }, (_, i) => user(2_000_000 + i, { language_code: 'es' }));
    const claims = [...members, ...members.slice(0, TWICE)].map((m) => text(m, '/regalo'));
    const mark = h.api.mark();
    await Promise.all(claims.map((c) => h.send(c)));

    // One claim: the gift and its streak bonus (+20 + 2), whatever the second press did.
    for (const m of members) expect(await h.economy.ledger.balance(m.id), `balance of ${m.id}`).toBe(22);
    expect(h.api.flood?.refusedTotal, `429s by method: ${JSON.stringify([...(h.api.flood?.refused ?? [])])}`).toBe(0);
    const delivered = new Map<number, string[]>();
    for (const c of h.api.since(mark)) {
      if (c.method !== 'sendMessage' || c.status !== 200) continue;
      const chat = Number(c.payload.chat_id);
      delivered.set(chat, [...(delivered.get(chat) ?? []), String(c.payload.text)]);
    }
    const untold = members.filter((m, i) => {
      const replies = delivered.get(m.id) ?? [];
      const gift = replies.filter((r) => r.includes('+20 besitos')).length === 1;
      const refusal = replies.filter((r) => r.startsWith('Ya lo reclamaste')).length === (i < TWICE ? 1 : 0);
      return !(gift && refusal);
    });
    expect(untold.map((m) => m.id)).toEqual([]);
  });
});
