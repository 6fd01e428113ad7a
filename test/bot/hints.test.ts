/**
 * No silence in a private chat (issue 10): what no feature answers (an unknown command,
 * free text, a sticker, `/cancelar` or `/listo` with no flow in progress) gets a short hint
 * towards /ayuda (/help in English); nothing in groups or channels, and nothing extra where
 * a feature answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from 'grammy/types';
import { channelPost, privateMessage, text, user } from '../../src/bot/testing/updates.js';
import { ADMIN_ID, GROUP, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';

describe.each(testDialects())('hints ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const repliesTo = (chatId: number, since: number) =>
    h.api
      .since(since)
      .filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chatId)
      .map((c) => String(c.payload.text));

  it('answers an unknown command, free text, a sticker and /cancelar or /listo outside a flow, in the member’s language', async () => {
    const ana = user(7401);
    const ben = user(7402, { language_code: 'en' });
    const mark = h.api.mark();
    await h.send(text(ana, '/bailar'));
    await h.send(text(ana, 'hola, ¿qué tal?'));
    await h.send(privateMessage(ana, { sticker: { file_id: 'S', file_unique_id: 'S', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } as Partial<Message>));
    await h.send(text(ana, '/cancelar'));
    await h.send(text(ana, '/listo'));
    await h.send(text(ben, '/dance'));
    await h.send(text(ben, '/cancel'));
    expect(repliesTo(ana.id, mark)).toEqual([
      'No conozco ese comando. Escribe /ayuda para ver lo que puedo hacer.',
      'No sé qué hacer con eso 🙈 Usa los botones del menú (/start) o escribe /ayuda.',
      'No sé qué hacer con eso 🙈 Usa los botones del menú (/start) o escribe /ayuda.',
      'No hay nada en curso que cancelar o terminar. Escribe /ayuda para ver lo que puedo hacer.',
      'No hay nada en curso que cancelar o terminar. Escribe /ayuda para ver lo que puedo hacer.',
    ]);
    expect(repliesTo(ben.id, mark)).toEqual([
      "I don't know that command. Type /help to see what I can do.",
      'There is nothing in progress to cancel or finish. Type /help to see what I can do.',
    ]);
  });

  it('adds nothing to what a feature answered', async () => {
    const cris = user(7403);
    const mark = h.api.mark();
    await h.send(text(cris, '/saldo'));
    await h.send(text(cris, '/ayuda'));
    const replies = repliesTo(cris.id, mark);
    expect(replies).toHaveLength(2);
    expect(replies.join('\n')).not.toMatch(/No conozco|No sé qué hacer/);
  });

  it("leaves an admin's plain message alone (what they will /publicar), but not an unknown command", async () => {
    const admin = user(ADMIN_ID);
    const mark = h.api.mark();
    await h.send(text(admin, 'Nueva sesión de fotos este viernes'));
    await h.send(text(admin, '/bailar'));
    expect(repliesTo(ADMIN_ID, mark)).toEqual(['No conozco ese comando. Escribe /ayuda para ver lo que puedo hacer.']);
  });

  it('says nothing in groups and channels', async () => {
    const dani = user(7404);
    const mark = h.api.mark();
    await h.send(text(dani, '/bailar', { chat: { id: GROUP, type: 'supergroup', title: 'group' } } as Partial<Message>));
    await h.send(text(dani, 'hola a todos', { chat: { id: GROUP, type: 'supergroup', title: 'group' } } as Partial<Message>));
    await h.send(channelPost(-1009999999999, 5, 'una publicación'));
    expect(h.api.since(mark).filter((c) => c.method === 'sendMessage')).toEqual([]);
  });
});
