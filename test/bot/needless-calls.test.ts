/**
 * No call Telegram is known to refuse (issue 10, defect 11): a press under a message
 * Telegram already reports as inaccessible (deleted: `date` 0) is answered with a new
 * message, without first trying to edit the gone one. (The forged reaction press that
 * re-sent a current row is in reactions.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, privateChat, user } from '../../src/bot/testing/updates.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';
import { buttonsOf, say } from './member-kit.js';

describe.each(testDialects())('needless calls ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a press under a deleted menu: one new message, no edit tried', async () => {
    const ana = user(7301);
    const home = await say(h, ana, '/start');
    const button = buttonsOf(home)[0]!;
    const mark = h.api.mark();
    // What Telegram sends for a deleted message: an InaccessibleMessage (chat, id, date 0).
    await h.send(callback(ana, { message_id: 999_999, chat: privateChat(ana), date: 0 }, button.data));
    const calls = h.api.since(mark);
    expect(calls.filter((c) => c.method === 'editMessageText')).toEqual([]);
    expect(calls.filter((c) => c.method === 'sendMessage' && c.payload.chat_id === ana.id)).toHaveLength(1);
    expect(calls.filter((c) => c.method === 'answerCallbackQuery')).toHaveLength(1);
  });
});
