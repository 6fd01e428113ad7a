/**
 * The channel side of the bot (SPEC §3, issue 5 item 2) through the real bot: new posts
 * get the reaction row, count refreshes are coalesced and survive Telegram's "not
 * modified" and "not found" answers, admins publish through `/publicar` (others are
 * refused), and native reactions in groups count like a press.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, Update } from 'grammy/types';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN_ID, FREE_CHANNEL, GROUP, VIP_CHANNEL, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { callback, channel, channelPost, messageReaction, privateChat, text, user } from '../../src/bot/testing/updates.js';
import { reactionCallbackData } from '../../src/bot/features/channels/reaction-keyboard.js';
import type { RecordedCall } from '../../src/bot/testing/fake-bot-api.js';

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
const INTERVAL_MS = 200; // the harness's countEditIntervalMs

/** The extra fields of a message that replies to `source`. */
function replyingTo(source: Message): Partial<Message> {
  return { reply_to_message: source } as unknown as Partial<Message>;
}

function labels(call: RecordedCall): string[] {
  return (call.payload.reply_markup as Keyboard).inline_keyboard.flat().map((b) => b.text);
}

describe.each(testDialects())('channels ($name)', (dialect) => {
  let h: BotHarness;
  /** editMessageReplyMarkup failures by message id, each used once (a stray edit of another post cannot take them). */
  const editFailures = new Map<number, { error_code: number; description: string }>();
  beforeAll(async () => {
    h = await startBotHarness(dialect);
    h.api.on('editMessageReplyMarkup', (p) => {
      const failure = editFailures.get(Number(p.message_id));
      if (failure) {
        editFailures.delete(Number(p.message_id));
        throw failure;
      }
      return { message_id: Number(p.message_id), date: 0, chat: { id: Number(p.chat_id), type: 'channel' }, reply_markup: p.reply_markup };
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const tx = async () => (await h.economy.verify()).transactions;
  const editsOf = (chatId: number, messageId: number, after = 0) =>
    h.api.since(after).filter((c) => c.method === 'editMessageReplyMarkup' && c.payload.chat_id === chatId && c.payload.message_id === messageId);

  /** Waits (bounded) for a log line the bot writes outside an update. */
  async function waitForLog(match: (line: string) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!h.logs.some(match)) {
      if (Date.now() > deadline) throw new Error('no matching log line');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const EMOJIS = ['❤️', '🔥', '💋', '😈'];
  async function pressAll(chatId: number, messageId: number, members: number[], emojiIndex = 0): Promise<Update[]> {
    return Promise.all(
      members.map((m) => h.send(callback(user(m), { message_id: messageId, chat: channel(chatId) }, reactionCallbackData(chatId, messageId, EMOJIS[emojiIndex]!)))),
    );
  }

  describe('channel posts', () => {
    it('adds one button per configured emoji to a new post, emoji alone at 0', async () => {
      const mark = h.api.mark();
      await h.send(channelPost(FREE_CHANNEL, 10));
      const [edit, ...more] = editsOf(FREE_CHANNEL, 10, mark);
      expect(more).toHaveLength(0);
      expect(edit!.payload.reply_markup).toEqual({
        inline_keyboard: [EMOJIS.map((e) => ({ text: e, callback_data: reactionCallbackData(FREE_CHANNEL, 10, e) }))],
      });
      expect(await h.economy.reactions.counts(FREE_CHANNEL, 10)).toEqual({ '❤️': 0, '🔥': 0, '💋': 0, '😈': 0 });
    });

    it('adds the row in the VIP channel too', async () => {
      const mark = h.api.mark();
      await h.send(channelPost(VIP_CHANNEL, 10));
      expect(editsOf(VIP_CHANNEL, 10, mark)).toHaveLength(1);
    });

    it('ignores posts in chats that are not configured, and posts that already have buttons', async () => {
      const mark = h.api.mark();
      await h.send(channelPost(-1009999999999, 11));
      await h.send(channelPost(FREE_CHANNEL, 12, 'with buttons', { reply_markup: { inline_keyboard: [[{ text: 'x', url: 'https://example.com' }]] } }));
      expect(h.api.since(mark)).toEqual([]);
      await expect(h.economy.reactions.counts(FREE_CHANNEL, 12)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('puts the row under the first item of an album only', async () => {
      const mark = h.api.mark();
      await h.send(channelPost(FREE_CHANNEL, 13, 'a', { media_group_id: 'album-1' }));
      await h.send(channelPost(FREE_CHANNEL, 14, 'b', { media_group_id: 'album-1' }));
      expect(editsOf(FREE_CHANNEL, 13, mark)).toHaveLength(1);
      expect(editsOf(FREE_CHANNEL, 14, mark)).toHaveLength(0);
    });
  });

  describe('count refreshes', () => {
    it('coalesces many presses into few edits, the last one showing the final counts', async () => {
      await h.send(channelPost(FREE_CHANNEL, 20));
      const mark = h.api.mark();
      const started = Date.now();
      const members = Array.from({ length: 30 }, (_, i) => 7000 + i);
      await pressAll(FREE_CHANNEL, 20, members.slice(0, 20), 0);
      await pressAll(FREE_CHANNEL, 20, members.slice(20), 1);
      const final = await h.api.waitForCall(
        (c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === 20 && labels(c).join(' ') === '❤️ 20 🔥 10 💋 😈',
        { afterSeq: mark, timeoutMs: 5000 },
      );
      const elapsed = Date.now() - started;
      const edits = editsOf(FREE_CHANNEL, 20, mark);
      // At most one edit per interval (plus the leading one): far fewer than the 30 presses.
      expect(edits.length).toBeGreaterThanOrEqual(1);
      expect(edits.length).toBeLessThanOrEqual(1 + Math.floor(elapsed / INTERVAL_MS) + 1);
      expect(edits.at(-1)!.seq).toBeGreaterThanOrEqual(final.seq);
      expect(labels(edits.at(-1)!).join(' ')).toBe('❤️ 20 🔥 10 💋 😈');
    });

    it('ignores "message is not modified" and keeps refreshing', async () => {
      await h.send(channelPost(FREE_CHANNEL, 21));
      editFailures.set(21, { error_code: 400, description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same' });
      const mark = h.api.mark();
      const [press] = await pressAll(FREE_CHANNEL, 21, [7100]);
      const answer = h.api.callsOf('answerCallbackQuery').filter((c) => c.payload.callback_query_id === press!.callback_query!.id);
      expect(answer.map((c) => c.payload.text)).toEqual(['+5 besitos (1/20)']);
      await h.api.waitForCall((c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === 21, { afterSeq: mark });
      // The next press is refreshed as usual.
      await pressAll(FREE_CHANNEL, 21, [7101], 2);
      await h.api.waitForCall(
        (c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === 21 && labels(c).join(' ') === '❤️ 1 🔥 💋 1 😈',
        { afterSeq: mark, timeoutMs: 5000 },
      );
      expect(h.logs.filter((l) => l.includes('"level":50'))).toEqual([]);
    });

    it('stops refreshing a post Telegram says cannot be edited, and presses still pay', async () => {
      await h.send(channelPost(FREE_CHANNEL, 22));
      editFailures.set(22, { error_code: 400, description: 'Bad Request: message to edit not found' });
      const mark = h.api.mark();
      await pressAll(FREE_CHANNEL, 22, [7200]);
      await h.api.waitForCall((c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === 22, { afterSeq: mark });
      await waitForLog((l) => l.includes('refreshes stop') && l.includes('"messageId":22'));
      const [press] = await pressAll(FREE_CHANNEL, 22, [7201]);
      expect(h.api.callsOf('answerCallbackQuery').filter((c) => c.payload.callback_query_id === press!.callback_query!.id).map((c) => c.payload.text)).toEqual([
        '+5 besitos (1/20)',
      ]);
      expect((await h.economy.reactions.counts(FREE_CHANNEL, 22))['❤️']).toBe(2);
      // A later press on another post is refreshed; by then no second edit of post 22 was sent.
      await h.send(channelPost(FREE_CHANNEL, 23));
      const mark2 = h.api.mark();
      await pressAll(FREE_CHANNEL, 23, [7202]);
      await h.api.waitForCall((c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === 23, { afterSeq: mark2 });
      expect(editsOf(FREE_CHANNEL, 22, mark)).toHaveLength(1);
    });
  });

  describe('/publicar', () => {
    const admin = user(ADMIN_ID, { first_name: 'Admin' });

    it('copies the replied-to message into the chosen channel, registered, with the reaction row', async () => {
      h.api.on('copyMessage', () => ({ message_id: 7777 }));
      const source = (await h.send(text(admin, 'hola a todos'))).message!;
      const mark = h.api.mark();
      await h.send(text(admin, '/publicar', replyingTo(source)));
      const chooser = h.api.since(mark).find((c) => c.method === 'sendMessage')!;
      expect(chooser.payload.text).toBe('¿En qué canal lo publico?');
      const buttons = (chooser.payload.reply_markup as Keyboard).inline_keyboard.flat();
      expect(buttons.map((b) => b.callback_data)).toEqual([
        `pub:${FREE_CHANNEL}:${source.message_id}`,
        `pub:${GROUP}:${source.message_id}`,
        `pub:${VIP_CHANNEL}:${source.message_id}`,
        'pub:x',
      ]);
      expect(buttons.map((b) => b.text)).toEqual(['free', 'group', 'vip (VIP)', 'Cancelar']);

      const mark2 = h.api.mark();
      await h.send(callback(admin, { message_id: 5000, chat: privateChat(admin) }, `pub:${VIP_CHANNEL}:${source.message_id}`));
      const calls = h.api.since(mark2);
      expect(calls.find((c) => c.method === 'copyMessage')!.payload).toMatchObject({
        chat_id: VIP_CHANNEL,
        from_chat_id: ADMIN_ID,
        message_id: source.message_id,
      });
      const edit = calls.find((c) => c.method === 'editMessageReplyMarkup')!;
      expect(edit.payload).toMatchObject({ chat_id: VIP_CHANNEL, message_id: 7777 });
      expect((edit.payload.reply_markup as Keyboard).inline_keyboard[0]!.map((b) => b.callback_data)).toEqual(
        EMOJIS.map((e) => reactionCallbackData(VIP_CHANNEL, 7777, e)),
      );
      expect(calls.filter((c) => c.method === 'answerCallbackQuery').map((c) => c.payload.text)).toEqual([
        'Publicado en vip, con los botones de reacción.',
      ]);
      expect(await h.economy.reactions.counts(VIP_CHANNEL, 7777)).toEqual({ '❤️': 0, '🔥': 0, '💋': 0, '😈': 0 });
    });

    it('explains how to use it when not replying to a message, and cancels', async () => {
      const mark = h.api.mark();
      await h.send(text(admin, '/publicar'));
      expect(h.api.since(mark).filter((c) => c.method === 'sendMessage').map((c) => c.payload.text)).toEqual([
        'Para publicar, envíame el mensaje y respóndelo con /publicar.',
      ]);
      const mark2 = h.api.mark();
      await h.send(callback(admin, { message_id: 5001, chat: privateChat(admin) }, 'pub:x'));
      const calls = h.api.since(mark2).filter((c) => c.method !== 'editMessageReplyMarkup');
      expect(calls.map((c) => c.method).sort()).toEqual(['answerCallbackQuery', 'editMessageText']);
      expect(calls.find((c) => c.method === 'editMessageText')!.payload.text).toBe('Publicación cancelada.');
    });

    it('refuses a member who is not an admin, the command and the channel button alike', async () => {
      const intruder = user(7300, { language_code: 'en' });
      const source = (await h.send(text(intruder, 'spam'))).message!;
      const mark = h.api.mark();
      await h.send(text(intruder, '/publicar', replyingTo(source)));
      await h.send(callback(intruder, { message_id: 5002, chat: privateChat(intruder) }, `pub:${FREE_CHANNEL}:${source.message_id}`));
      const calls = h.api.since(mark).filter((c) => c.method !== 'editMessageReplyMarkup');
      expect(calls.map((c) => [c.method, c.payload.text])).toEqual([
        ['sendMessage', 'This option is for admins only.'],
        ['answerCallbackQuery', 'This option is for admins only.'],
      ]);
    });
  });

  describe('native reactions in groups', () => {
    it('credit a new configured emoji like a press; a second reaction on the message is refused', async () => {
      const member = user(7400);
      const before = await tx();
      await h.send(messageReaction(GROUP, 300, member, ['🔥']));
      expect(await h.economy.reactions.todayUsed(7400)).toMatchObject({ used: 1 });
      expect((await h.economy.reactions.counts(GROUP, 300))['🔥']).toBe(1);
      const history = await h.economy.history(7400, { types: ['EARN_REACTION'] });
      expect(history.items.map((t) => t.amount)).toEqual([5]);
      const afterFirst = await tx();
      expect(afterFirst).toBeGreaterThan(before);

      h.clock.advance(31_000);
      await h.send(messageReaction(GROUP, 300, member, ['🔥', '❤️'], ['🔥']));
      // Removing it does nothing either; nor does an emoji outside the set on another message.
      await h.send(messageReaction(GROUP, 300, member, [], ['🔥', '❤️']));
      await h.send(messageReaction(GROUP, 301, member, ['👍']));
      expect(await tx()).toBe(afterFirst);
      expect(await h.economy.reactions.todayUsed(7400)).toMatchObject({ used: 1 });
      expect(await h.economy.reactions.counts(GROUP, 300)).toEqual({ '❤️': 0, '🔥': 1, '💋': 0, '😈': 0 });
      expect(h.logs.some((l) => l.includes('native reaction refused') && l.includes('ALREADY_REACTED'))).toBe(true);
    });

    it('ignore chats that are not configured, and send nothing', async () => {
      const before = await tx();
      const mark = h.api.mark();
      await h.send(messageReaction(-1008888888888, 5, user(7401), ['❤️']));
      expect(await tx()).toBe(before);
      expect(h.api.since(mark).filter((c) => c.method !== 'editMessageReplyMarkup')).toEqual([]);
    });
  });
});
