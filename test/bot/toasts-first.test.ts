/**
 * Issue 14, goal 3 (toasts first): a press that unlocks a reward is answered without waiting
 * for the reward's message. Telegram is slow on sendMessage here (the fake holds it) and the
 * bot would wait an hour for a notification outside an update: the toast still goes out
 * while the message is held, the message follows once Telegram answers, and the press is
 * answered once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactionCallbackData } from '../../src/bot/features/channels/reaction-keyboard.js';
import { callback, channel, channelPost, text, user } from '../../src/bot/testing/updates.js';
import { FREE_CHANNEL, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';

describe.each(testDialects())('toasts first ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect, { bot: { timing: { countEditIntervalMs: 200, notifyWaitMs: 3_600_000 } } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('answers the press while the reward message is still held by Telegram, then sends it', async () => {
    const ana = user(4101, { language_code: 'en' });
    await h.send(text(ana, 'hi')); // a private chat: the member can be told about rewards
    await h.send(channelPost(FREE_CHANNEL, 501));
    const mark = h.api.mark();
    const release = h.api.hold('sendMessage');
    const [update] = h.api.push(callback(ana, { message_id: 501, chat: channel(FREE_CHANNEL) }, reactionCallbackData(FREE_CHANNEL, 501, '❤️')));
    const queryId = update!.callback_query!.id;
    // The "First reaction" reward's message reached Telegram and waits for its answer…
    const message = await h.api.waitForCall((c) => c.method === 'sendMessage' && c.payload.chat_id === ana.id, { afterSeq: mark });
    // …and the press is answered meanwhile.
    const answer = await h.api.waitForCall((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === queryId, { afterSeq: mark });
    expect(answer.payload.text).toBe('+5 besitos (1/20)');
    expect(message.status).toBeUndefined();
    release();
    await h.besitos.idle();
    expect(message.status).toBe(200);
    expect(message.payload.text).toBe('🎉 You earned the reward “First reaction”! +10 besitos');
    expect(h.api.since(mark).filter((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === queryId)).toHaveLength(1);
  });
});
