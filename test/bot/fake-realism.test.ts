/**
 * The fake Bot API answers as Telegram does (issue 10: tests must mean something), and
 * the bot's recognisers (telegram-errors.ts) read those answers: flood limits per private
 * chat, per group or channel and overall with `429 Too Many Requests: retry after N`; a
 * callback query answered twice or after its lifetime; edits of unchanged, unknown or
 * deleted messages. Driven with grammY's own Api over HTTP, as the bot calls it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Api, GrammyError } from 'grammy';
import { FakeBotApi } from '../../src/bot/testing/fake-bot-api.js';
import { callback, privateChat, user } from '../../src/bot/testing/updates.js';
import { TELEGRAM_LIMITS } from '../../src/bot/telegram-limits.js';
import { isGone, isNotModified, isQueryTooOld, isUneditable } from '../../src/bot/telegram-errors.js';

let fake: FakeBotApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: ConstructorParameters<typeof FakeBotApi>[0] = {}): Promise<{ fake: FakeBotApi; api: Api }> {
  fake = await new FakeBotApi(options).start();
  // These members opened the bot: the private-chat rule is tested in presence.test.ts.
  fake.privateChats.open(501, 502, 504, ...Array.from({ length: 40 }, (_, i) => 1000 + i));
  return { fake, api: new Api(fake.token, { apiRoot: fake.url }) };
}

/** The error a call fails with (or null when it went through). */
async function refusal(call: Promise<unknown>): Promise<GrammyError | null> {
  try {
    await call;
    return null;
  } catch (err) {
    if (err instanceof GrammyError) return err;
    throw err;
  }
}

describe('the fake Bot API answers as Telegram does', () => {
  it('limits a private chat to a short burst, then answers 429 with retry_after', async () => {
    const { api } = await start();
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await refusal(api.sendMessage(501, `m${i}`)));
    expect(results.slice(0, 3)).toEqual([null, null, null]);
    expect(results[3]).toMatchObject({ error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    // Another chat is not affected; a callback answer is never flood-limited.
    expect(await refusal(api.sendMessage(502, 'hola'))).toBeNull();
  });

  it('limits a group or channel to 20 a minute, telling how long to wait', async () => {
    const { api, fake } = await start();
    for (let i = 0; i < 20; i++) expect(await refusal(api.sendMessage(-1001, `m${i}`))).toBeNull();
    const err = await refusal(api.editMessageText(-1001, 1000, 'edited'));
    expect(err?.error_code).toBe(429);
    expect(err?.parameters.retry_after).toBe(3); // 60 s / 20
    expect(fake.flood?.refused.get('editMessageText')).toBe(1);
  });

  it('limits all chats together to 30 a second', async () => {
    const { api, fake } = await start();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => refusal(api.sendMessage(1000 + i, 'hola'))));
    // The first 30 to arrive pass; of the rest, those that came before a share refilled are refused.
    expect(fake.calls.slice(0, 30).map((c) => c.status)).toEqual(Array(30).fill(200));
    const refused = results.filter((r) => r?.error_code === 429).length;
    expect(refused).toBeGreaterThan(0);
    expect(fake.flood?.refusedTotal).toBe(refused);
  });

  it('refuses a callback query answered twice or after its lifetime', async () => {
    const { api, fake } = await start({ callbackQueryTtlMs: 50 });
    const member = user(503);
    const [first, late] = fake.push(
      callback(member, { message_id: 1, chat: privateChat(member) }, 'a'),
      callback(member, { message_id: 1, chat: privateChat(member) }, 'b'),
    );
    await api.getUpdates({ timeout: 0 }); // delivered now: their lifetime starts
    expect(await refusal(api.answerCallbackQuery(first!.callback_query!.id))).toBeNull();
    const twice = await refusal(api.answerCallbackQuery(first!.callback_query!.id, { text: 'again' }));
    const tooOld = 'Bad Request: query is too old and response timeout expired or query ID is invalid';
    expect(twice).toMatchObject({ error_code: 400, description: tooOld });
    await new Promise((r) => setTimeout(r, 80));
    const expired = await refusal(api.answerCallbackQuery(late!.callback_query!.id));
    expect(expired).toMatchObject({ error_code: 400, description: tooOld });
    expect(isQueryTooOld(expired)).toBe(true);
    expect(fake.queries.refused).toBe(2);
  });

  it('refuses an edit that changes nothing, and edits of messages it never sent or that were deleted', async () => {
    const { api, fake } = await start({ floodLimits: false });
    const keyboard = { inline_keyboard: [[{ text: 'ok', callback_data: 'ok' }]] };
    const sent = await api.sendMessage(504, 'hola', { reply_markup: keyboard });
    const same = await refusal(api.editMessageText(504, sent.message_id, 'hola', { reply_markup: keyboard }));
    expect(same).toMatchObject({
      error_code: 400,
      description:
        'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
    });
    expect(isNotModified(same)).toBe(true);
    expect(await refusal(api.editMessageReplyMarkup(504, sent.message_id, { reply_markup: keyboard }))).toMatchObject({ error_code: 400 });
    // Same text without the buttons is a change (Telegram drops them); then the same again is not.
    expect(await refusal(api.editMessageText(504, sent.message_id, 'hola'))).toBeNull();
    expect(isNotModified(await refusal(api.editMessageText(504, sent.message_id, 'hola')))).toBe(true);
    expect(await refusal(api.editMessageText(504, sent.message_id, 'adiós'))).toBeNull();

    fake.deleteMessage(504, sent.message_id);
    const gone = await refusal(api.editMessageText(504, sent.message_id, 'otra'));
    expect(gone).toMatchObject({ error_code: 400, description: 'Bad Request: message to edit not found' });
    expect(isUneditable(gone) && isGone(gone)).toBe(true);
    expect(await refusal(api.editMessageReplyMarkup(504, 424242, { reply_markup: keyboard }))).toMatchObject({ description: 'Bad Request: message to edit not found' });
    expect(await refusal(api.deleteMessage(504, sent.message_id))).toMatchObject({ description: 'Bad Request: message to delete not found' });
  });

  it('knows the messages its updates carried: a channel post can be edited, the same markup twice is not a change', async () => {
    const { api, fake } = await start({ floodLimits: false });
    fake.push({ channel_post: { message_id: 77, date: 1, chat: { id: -1005, type: 'channel', title: 'c' }, text: 'post' } });
    await api.getUpdates({ timeout: 0 });
    const keyboard = { inline_keyboard: [[{ text: '❤️ 1', callback_data: 'r' }]] };
    expect(await refusal(api.editMessageReplyMarkup(-1005, 77, { reply_markup: keyboard }))).toBeNull();
    expect(isNotModified(await refusal(api.editMessageReplyMarkup(-1005, 77, { reply_markup: keyboard })))).toBe(true);
    expect(TELEGRAM_LIMITS.groupChat).toEqual({ count: 20, windowMs: 60_000 });
  });
});
