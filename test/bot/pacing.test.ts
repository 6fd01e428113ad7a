/**
 * The bot's pacing (pacing.ts) at Telegram's real limits: a press is answered at once
 * even while the member's chat has messages waiting their turn (answerCallbackQuery is
 * not queued behind them), and a message retried after a 429 keeps its place: the chat's
 * later messages do not overtake it (pacing sits outside auto-retry).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { callback, privateChat, user } from '../../src/bot/testing/updates.js';
import { TELEGRAM_LIMITS } from '../../src/bot/telegram-limits.js';

describe.each(testDialects())('pacing at Telegram\'s limits ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect, { limits: TELEGRAM_LIMITS });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers a press before the messages already queued for that chat', { timeout: 20_000 }, async () => {
    const member = user(3001);
    h.api.privateChats.open(member.id);
    const api = h.besitos.deps.api;
    const mark = h.api.mark();
    // One a second in a private chat: the third of these leaves about two seconds later.
    const queued = [1, 2, 3].map((i) => api.sendMessage(member.id, `aviso ${i}`));
    await h.api.waitForCall((c) => c.method === 'sendMessage' && c.payload.text === 'aviso 1', { afterSeq: mark });
    await h.send(callback(member, { message_id: 5, chat: privateChat(member) }, 'zz:unknown'));
    await Promise.all(queued);
    expect(h.api.since(mark).map((c) => (c.method === 'sendMessage' ? c.payload.text : c.method))).toEqual([
      'aviso 1',
      'answerCallbackQuery',
      'aviso 2',
      'aviso 3',
    ]);
    expect(h.api.flood?.refusedTotal).toBe(0);
  });

  it('keeps a chat\'s order when one of its messages is retried after a 429', { timeout: 20_000 }, async () => {
    const member = user(3002);
    h.api.privateChats.open(member.id);
    const api = h.besitos.deps.api;
    h.api.fail('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const mark = h.api.mark();
    await Promise.all([1, 2, 3].map((i) => api.sendMessage(member.id, `paso ${i}`)));
    const delivered = h.api
      .since(mark)
      .filter((c) => c.status === 200)
      .map((c) => c.payload.text);
    expect(delivered).toEqual(['paso 1', 'paso 2', 'paso 3']);
  });
});
