/**
 * The global pacing holds when the event loop stalls (pacing.ts, spaceCalls). Bottleneck
 * hands every queued call its start time in advance; after a stall, every call that came
 * due left in the same millisecond and Telegram answered 429 (CI, a loaded machine). Here
 * calls to 40 different chats are queued, the loop is held for 300 ms, and the moments the
 * calls leave are still at least the global spacing apart.
 */
import { describe, expect, it } from 'vitest';
import { paceCalls } from '../../src/bot/pacing.js';
import { scaleLimits, TELEGRAM_LIMITS } from '../../src/bot/telegram-limits.js';

describe('the bot\'s global pacing', () => {
  it('keeps its spacing after the event loop was held up', { timeout: 20_000 }, async () => {
    const limits = scaleLimits(TELEGRAM_LIMITS, 3); // 90 a second: ~12 ms apart at 90 %
    const pace = paceCalls(limits);
    const left: number[] = [];
    const prev = (async () => {
      left.push(performance.now());
      return { ok: true, result: true };
    }) as unknown as Parameters<typeof pace>[0];
    const calls = Array.from({ length: 40 }, (_, i) =>
      pace(prev, 'sendMessage', { chat_id: 5_000 + i, text: 'hola' } as never, undefined),
    );
    // Let the first calls start, then hold the loop as a busy machine would.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const until = performance.now() + 300;
    while (performance.now() < until) {
      // busy: no timer runs
    }
    await Promise.all(calls);
    expect(left).toHaveLength(40);
    const spacing = limits.global.windowMs / limits.global.count;
    const gaps = left.slice(1).map((t, i) => t - left[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(spacing);
  });
});
