/**
 * The "/" menu: members' lists in Spanish and English, admin extras per admin chat, and an
 * admin whose chat Telegram cannot find (never opened the bot) does not cost the others
 * their lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { Api } from 'grammy';
import { publishCommands } from '../../src/bot/command-list.js';
import { createI18n } from '../../src/bot/i18n.js';
import { FakeBotApi } from '../../src/bot/testing/fake-bot-api.js';

describe('command lists', () => {
  let fake: FakeBotApi;
  beforeAll(async () => {
    fake = await new FakeBotApi().start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('reach every admin but the one whose chat is unknown, and say which failed', async () => {
    fake.on('setMyCommands', (payload) => {
      const scope = payload.scope as { type: string; chat_id?: number };
      if (scope.chat_id === 901) throw { error_code: 400, description: 'Bad Request: chat not found' };
      return true;
    });
    const logs: string[] = [];
    const api = new Api(fake.token, { apiRoot: fake.url });
    await publishCommands(api, createI18n(), [901, 902], pino({ level: 'warn' }, { write: (l: string) => void logs.push(l) }));

    const sent = fake.callsOf('setMyCommands').map((c) => ({
      scope: c.payload.scope as { type: string; chat_id?: number },
      language: (c.payload.language_code as string | undefined) ?? null,
      commands: (c.payload.commands as Array<{ command: string; description: string }>).map((x) => x.command),
    }));
    const members = sent.filter((s) => s.scope.type === 'all_private_chats');
    expect(members.map((s) => s.language)).toEqual([null, 'en']);
    expect(members[0]!.commands).toEqual(['start', 'regalo', 'saldo', 'historial', 'tienda', 'compras', 'recompensas', 'ranking', 'idioma', 'ayuda']);
    expect(members[1]!.commands).toEqual(['start', 'daily', 'balance', 'history', 'shop', 'purchases', 'rewards', 'top', 'language', 'help']);
    const admin902 = sent.filter((s) => s.scope.chat_id === 902);
    expect(admin902.map((s) => s.language)).toEqual([null, 'en']);
    expect(admin902[0]!.commands.slice(-4)).toEqual(['admin', 'miembro', 'publicar', 'cancelar']);
    // English admins read English command names (both names work in both languages).
    expect(admin902[1]!.commands.slice(-4)).toEqual(['admin', 'member', 'publish', 'cancel']);
    expect(logs.filter((l) => l.includes('could not publish a command list')).map((l) => JSON.parse(l).adminId)).toEqual([901]);
  });
});
