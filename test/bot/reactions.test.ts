/**
 * Reaction button presses through the real bot (SPEC §3): a press pays and says so in a
 * toast, the engine's refusals (cooldown, daily limit, already reacted, VIP only) are
 * toasts too, and forged callback data (another post, another channel, an emoji index
 * outside the set, garbage) is refused before the engine: no movement, one answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { testDialects } from '../helpers/dialects.js';
import { FREE_CHANNEL, VIP_CHANNEL, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { callback, channel, channelPost, user } from '../../src/bot/testing/updates.js';
import { reactionCallbackData, reactionData, reactionEmojiData, reactionKeyboard } from '../../src/bot/features/channels/reaction-keyboard.js';

describe.each(testDialects())('reaction presses ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Posts a new message in the channel (the bot registers it and adds the row). */
  async function post(chatId: number, messageId: number): Promise<void> {
    await h.send(channelPost(chatId, messageId));
  }

  /** Presses button `data` under post `messageId` of `chatId`; returns the answers to that press. */
  async function press(memberId: number, chatId: number, messageId: number, data: string, lang = 'es'): Promise<string[]> {
    const sent: Update = await h.send(callback(user(memberId, { language_code: lang }), { message_id: messageId, chat: channel(chatId) }, data));
    const id = sent.callback_query!.id;
    return h.api
      .callsOf('answerCallbackQuery')
      .filter((c) => c.payload.callback_query_id === id)
      .map((c) => String(c.payload.text ?? ''));
  }

  const tx = async () => (await h.economy.verify()).transactions;

  it('pays a press and answers "+5 besitos (1/20)"; the next edit shows the count', async () => {
    await post(FREE_CHANNEL, 100);
    const mark = h.api.mark();
    const answers = await press(601, FREE_CHANNEL, 100, reactionCallbackData(FREE_CHANNEL, 100, '❤️'));
    expect(answers).toEqual(['+5 besitos (1/20)']);
    const history = await h.economy.history(601, { types: ['EARN_REACTION'] });
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ amount: 5 });
    const edit = await h.api.waitForCall(
      (c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === 100 && JSON.stringify(c.payload).includes('❤️ 1'),
      { afterSeq: mark, timeoutMs: 5000 },
    );
    const row = (edit.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard[0]!;
    expect(row.map((b) => b.text)).toEqual(['❤️ 1', '🔥', '💋', '😈']);
    expect(row.map((b) => b.callback_data)).toEqual(['❤️', '🔥', '💋', '😈'].map((e) => reactionCallbackData(FREE_CHANNEL, 100, e)));
  });

  it('refuses inside the cooldown with the seconds left, then pays once it passed, then refuses a second reaction on the post', async () => {
    await post(FREE_CHANNEL, 110);
    await post(FREE_CHANNEL, 111);
    expect(await press(602, FREE_CHANNEL, 110, reactionCallbackData(FREE_CHANNEL, 110, '🔥'))).toEqual(['+5 besitos (1/20)']);
    const before = await tx();
    expect(await press(602, FREE_CHANNEL, 111, reactionCallbackData(FREE_CHANNEL, 111, '❤️'))).toEqual(['Espera 30 s antes de reaccionar otra vez.']);
    h.clock.advance(10_000);
    expect(await press(602, FREE_CHANNEL, 111, reactionCallbackData(FREE_CHANNEL, 111, '❤️'), 'en')).toEqual(['Wait 20 s before reacting again.']);
    expect(await tx()).toBe(before);
    h.clock.advance(21_000);
    expect(await press(602, FREE_CHANNEL, 111, reactionCallbackData(FREE_CHANNEL, 111, '❤️'))).toEqual(['+5 besitos (2/20)']);
    h.clock.advance(31_000);
    const after = await tx();
    expect(await press(602, FREE_CHANNEL, 111, reactionCallbackData(FREE_CHANNEL, 111, '💋'))).toEqual(['Ya reaccionaste a esta publicación.']);
    expect(await tx()).toBe(after);
  });

  it('refuses past the daily limit, showing used/limit', async () => {
    await h.economy.settings.set('reactions.daily_limit', 2, 'test');
    try {
      for (const m of [120, 121, 122]) await post(FREE_CHANNEL, m);
      expect(await press(603, FREE_CHANNEL, 120, reactionCallbackData(FREE_CHANNEL, 120, '❤️'))).toEqual(['+5 besitos (1/2)']);
      h.clock.advance(31_000);
      expect(await press(603, FREE_CHANNEL, 121, reactionCallbackData(FREE_CHANNEL, 121, '❤️'))).toEqual(['+5 besitos (2/2)']);
      h.clock.advance(31_000);
      const before = await tx();
      expect(await press(603, FREE_CHANNEL, 122, reactionCallbackData(FREE_CHANNEL, 122, '❤️'))).toEqual([
        'Ya llegaste al límite de hoy (2/2). Vuelve mañana.',
      ]);
      expect(await tx()).toBe(before);
    } finally {
      await h.economy.settings.set('reactions.daily_limit', 20, 'test');
    }
  });

  it('refuses a VIP post to a FREE member without any movement, and pays a VIP', async () => {
    await post(VIP_CHANNEL, 130);
    const data = reactionCallbackData(VIP_CHANNEL, 130, '❤️');
    const before = await tx();
    expect(await press(604, VIP_CHANNEL, 130, data)).toEqual(['Esta publicación es solo para miembros VIP.']);
    expect(await press(604, VIP_CHANNEL, 130, data, 'en')).toEqual(['This post is for VIP members only.']);
    expect(await tx()).toBe(before);
    expect(await h.economy.reactions.todayUsed(604)).toMatchObject({ used: 0 });

    await h.economy.membership.grantVip({ memberId: 605, days: 30, by: 'test' });
    expect(await press(605, VIP_CHANNEL, 130, data)).toEqual(['+5 besitos (1/20)']);
    expect((await h.economy.reactions.counts(VIP_CHANNEL, 130))['❤️']).toBe(1);
  });

  it('refuses forged data (other post, other channel, unknown emoji, garbage) before the engine, answering each press once', async () => {
    await post(FREE_CHANNEL, 140);
    await post(FREE_CHANNEL, 141);
    await post(VIP_CHANNEL, 140);
    const before = await tx();
    const under140 = (data: string) => press(606, FREE_CHANNEL, 140, data);
    // Another post's button data, under post 140.
    expect(await under140(reactionCallbackData(FREE_CHANNEL, 141, '❤️'))).toEqual(['Este botón no es válido.']);
    // Another channel's data (the VIP channel's post 140), under the free channel's post.
    expect(await under140(reactionCallbackData(VIP_CHANNEL, 140, '❤️'))).toEqual(['Este botón no es válido.']);
    // An emoji outside the set; old positional data outside the set (4 emojis: 0–3), and beyond any set.
    expect(await under140(reactionCallbackData(FREE_CHANNEL, 140, '👍'))).toEqual(['Esa reacción no cuenta.']);
    expect(await under140(reactionData.pack({ channelId: FREE_CHANNEL, messageId: 140, emojiIndex: 4 }))).toEqual(['Esa reacción no cuenta.']);
    expect(await under140(reactionData.pack({ channelId: FREE_CHANNEL, messageId: 140, emojiIndex: 99 }))).toEqual(['Esa reacción no cuenta.']);
    // Garbage behind the reaction prefix.
    for (const garbage of ['r:', 'r:garbage', `r:${FREE_CHANNEL}:140`, `r:${FREE_CHANNEL}:140:0:1`, `r:${FREE_CHANNEL}:-140:0`, 'r:1e3:140:0']) {
      expect(await under140(garbage), garbage).toEqual(['Este botón no es válido.']);
    }
    expect(await tx()).toBe(before);
    expect(await h.economy.reactions.todayUsed(606)).toMatchObject({ used: 0 });
    expect(await h.economy.reactions.counts(FREE_CHANNEL, 141)).toEqual({ '❤️': 0, '🔥': 0, '💋': 0, '😈': 0 });
    // None of it started a cooldown: the real button pays at once.
    expect(await under140(reactionCallbackData(FREE_CHANNEL, 140, '😈'))).toEqual(['+5 besitos (1/20)']);
  });

  it('refuses a button left from a longer emoji set after the set shrank', async () => {
    await post(FREE_CHANNEL, 150);
    await h.economy.settings.set('reactions.emojis', ['❤️', '🔥'], 'test');
    try {
      const before = await tx();
      const mark = h.api.mark();
      expect(await press(607, FREE_CHANNEL, 150, reactionCallbackData(FREE_CHANNEL, 150, '😈'))).toEqual(['Esa reacción no cuenta.']);
      expect(await tx()).toBe(before);
      // The stale row is replaced by the current set.
      const edit = await h.api.waitForCall((c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === 150, { afterSeq: mark });
      const row = (edit.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string }>> }).inline_keyboard[0]!;
      expect(row.map((b) => b.text)).toEqual(['❤️', '🔥']);
      expect(await press(607, FREE_CHANNEL, 150, reactionCallbackData(FREE_CHANNEL, 150, '🔥'))).toEqual(['+5 besitos (1/20)']);
    } finally {
      await h.economy.settings.set('reactions.emojis', ['❤️', '🔥', '💋', '😈'], 'test');
    }
  });

  /** A press as Telegram sends it: with the keyboard under the message (`keyboard`) echoed back. */
  async function pressOn(memberId: number, chatId: number, messageId: number, keyboard: Keyboard, data: string): Promise<string[]> {
    const sent: Update = await h.send(
      callback(user(memberId), { message_id: messageId, chat: channel(chatId), reply_markup: keyboard }, data),
    );
    return h.api
      .callsOf('answerCallbackQuery')
      .filter((c) => c.payload.callback_query_id === sent.callback_query!.id)
      .map((c) => String(c.payload.text ?? ''));
  }
  type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
  /** The row posts published before issue 10 carry: positions, not emojis. */
  const oldRow = (chatId: number, messageId: number, emojis: string[]): Keyboard => ({
    inline_keyboard: [emojis.map((text, emojiIndex) => ({ text, callback_data: reactionData.pack({ channelId: chatId, messageId, emojiIndex }) }))],
  });
  const editsOf = (messageId: number, since: number) =>
    h.api.since(since).filter((c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === messageId);

  it('after ❤️ 🔥 💋 😈 → ❤️ 🔥 👍, an old "💋" is refused (not paid as 👍) and the row refreshed; an old "❤️" still means ❤️', async () => {
    await post(FREE_CHANNEL, 160);
    await post(FREE_CHANNEL, 161);
    const older = oldRow(FREE_CHANNEL, 160, ['❤️', '🔥', '💋', '😈']);
    const newer = reactionKeyboard(FREE_CHANNEL, 161, ['❤️', '🔥', '💋', '😈']);
    await h.economy.settings.set('reactions.emojis', ['❤️', '🔥', '👍'], 'test');
    try {
      const before = await tx();
      const mark = h.api.mark();
      expect(await pressOn(608, FREE_CHANNEL, 160, older, older.inline_keyboard[0]![2]!.callback_data)).toEqual(['Esa reacción no cuenta.']);
      expect(await pressOn(608, FREE_CHANNEL, 161, newer, newer.inline_keyboard[0]![2]!.callback_data)).toEqual(['Esa reacción no cuenta.']);
      expect(await tx()).toBe(before);
      expect((await h.economy.reactions.counts(FREE_CHANNEL, 160))['👍']).toBe(0);
      // Both rows are redrawn with today's set (and the new format).
      for (const id of [160, 161]) {
        const edit = await h.api.waitForCall((c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === id, { afterSeq: mark });
        const row = (edit.payload.reply_markup as Keyboard).inline_keyboard[0]!;
        expect(row.map((b) => b.text)).toEqual(['❤️', '🔥', '👍']);
        expect(row.map((b) => b.callback_data)).toEqual(['❤️', '🔥', '👍'].map((e) => reactionCallbackData(FREE_CHANNEL, id, e)));
      }
      // The old row's "❤️" still shows ❤️, and pays as ❤️.
      expect(await pressOn(608, FREE_CHANNEL, 160, older, older.inline_keyboard[0]![0]!.callback_data)).toEqual(['+5 besitos (1/20)']);
      expect((await h.economy.reactions.counts(FREE_CHANNEL, 160))['❤️']).toBe(1);
      // Old data whose label cannot be read (no keyboard sent): refused rather than guessed.
      expect(await press(609, FREE_CHANNEL, 160, older.inline_keyboard[0]![1]!.callback_data)).toEqual(['Esa reacción no cuenta.']);
    } finally {
      await h.economy.settings.set('reactions.emojis', ['❤️', '🔥', '💋', '😈'], 'test');
    }
  });

  it('a forged press under a current row is answered once and the row is not edited for nothing', async () => {
    await post(FREE_CHANNEL, 170);
    const row = reactionKeyboard(FREE_CHANNEL, 170, ['❤️', '🔥', '💋', '😈']);
    const mark = h.api.mark();
    for (const forged of [
      reactionData.pack({ channelId: FREE_CHANNEL, messageId: 170, emojiIndex: 99 }),
      reactionCallbackData(FREE_CHANNEL, 170, '👍'),
    ]) {
      expect(await pressOn(610, FREE_CHANNEL, 170, row, forged)).toEqual(['Este botón no es válido.']);
    }
    // A real press afterwards: its count edit is the only edit of the post.
    expect(await pressOn(611, FREE_CHANNEL, 170, row, row.inline_keyboard[0]![1]!.callback_data)).toEqual(['+5 besitos (1/20)']);
    await h.api.waitForCall((c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === 170 && JSON.stringify(c.payload).includes('🔥 1'), {
      afterSeq: mark,
    });
    expect(editsOf(170, mark)).toHaveLength(1);
  });

  it('writes the emoji into the button, and the position only for an emoji too long for 64 bytes', () => {
    expect(reactionCallbackData(FREE_CHANNEL, 42, '💋', 2)).toBe(`re:${FREE_CHANNEL}:42:💋`);
    expect(reactionEmojiData.match(`re:${FREE_CHANNEL}:42:💋`)).toEqual({ channelId: FREE_CHANNEL, messageId: 42, emoji: '💋' });
    const long = '👩🏽‍❤️‍💋‍👨🏻'; // 35 bytes: with an 11-digit message id it no longer fits
    expect(reactionCallbackData(FREE_CHANNEL, 99_999_999_999, long, 3)).toBe(`r:${FREE_CHANNEL}:99999999999:3`);
    expect(reactionCallbackData(FREE_CHANNEL, 42, long, 3)).toBe(`re:${FREE_CHANNEL}:42:${long}`);
  });
});
