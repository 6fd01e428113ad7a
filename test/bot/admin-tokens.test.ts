/**
 * Admin API tokens from /admin (issue 13): the menu's 🔑 button lists the admin's tokens; one
 * button issues a token for them, shown once in its own message (Spanish and English), that
 * the engine accepts as acting for that admin. Non-admins are refused at both buttons (the
 * admin entry-point test covers them through ADMIN_ENTRY_POINTS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN_ID, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { callback, privateChat, text, user } from '../../src/bot/testing/updates.js';

const EN_ADMIN_ID = 900002;
const admin = user(ADMIN_ID, { first_name: 'Ada', language_code: 'es' });
const enAdmin = user(EN_ADMIN_ID, { first_name: 'Eve', language_code: 'en' });

describe.each(testDialects())('admin tokens in the bot ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect, { adminIds: [ADMIN_ID, EN_ADMIN_ID] });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const press = (data: string, from = admin) => h.send(callback(from, { message_id: 1, chat: privateChat(from) }, data));
  const texts = (mark: number, to: number) =>
    h.api
      .since(mark)
      .filter((c) => ['sendMessage', 'editMessageText'].includes(c.method) && Number(c.payload.chat_id) === to)
      .map((c) => String(c.payload.text ?? ''));

  for (const [who, lang] of [[admin, 'es'], [enAdmin, 'en']] as const) {
    it(`lists the admin's tokens and issues one, shown once (${lang})`, async () => {
      let mark = h.api.mark();
      await h.send(text(who, '/admin'));
      const menu = h.api.since(mark).flatMap((c) => ((c.payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string; text: string }>> } | undefined)?.inline_keyboard ?? []).flat());
      expect(menu.find((b) => b.callback_data === 'adm:tokens')?.text).toBe(lang === 'es' ? '🔑 Tokens de API' : '🔑 API tokens');

      mark = h.api.mark();
      await press('adm:tokens', who);
      expect(texts(mark, who.id).join('\n')).toContain(lang === 'es' ? 'No tienes tokens' : 'You have no admin API tokens');

      mark = h.api.mark();
      await press('adm:tk:new', who);
      const all = texts(mark, who.id).join('\n');
      const token = /bst_[A-Za-z0-9_-]{43}/.exec(all)?.[0];
      expect(token).toBeDefined();
      expect(all).toContain(lang === 'es' ? 'Solo se muestra ahora' : 'It is shown only now');
      expect(await h.economy.apiTokens.authenticate(token)).toMatchObject({ adminId: who.id });
      // The list now shows it by its first characters, never whole.
      const list = texts(mark, who.id).find((t) => t.includes(token!.slice(0, 8) + '…'));
      expect(list).toBeDefined();
      expect(list).not.toContain(token);
      expect((await h.economy.apiTokens.list()).filter((t) => t.adminId === who.id).map((t) => t.name)).toEqual(['telegram']);
    });
  }
});
