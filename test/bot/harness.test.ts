/**
 * The harness itself: the real bot polls the fake Bot API with grammY's runner and
 * handles what it is sent; a refusal is answered in the member's language and an
 * internal error with an apology, never a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { callback, privateChat, text, user } from '../../src/bot/testing/updates.js';

describe.each(testDialects())('bot harness ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('registers a member who writes in private, names included', async () => {
    await h.send(text(user(501, { first_name: 'Ana', username: 'ana_b' }), 'hola'));
    const member = await h.economy.membership.get(501);
    expect(member).toMatchObject({ id: 501, firstName: 'Ana', username: 'ana_b', language: 'es' });
  });

  it('clears the blocked mark when the member writes again', async () => {
    await h.economy.membership.setBlocked(502, true);
    expect((await h.economy.membership.get(502))?.blockedAt).toBeInstanceOf(Date);
    await h.send(text(user(502), 'hola'));
    expect((await h.economy.membership.get(502))?.blockedAt).toBeNull();
  });

  it('answers a button no feature knows exactly once, moving nothing', async () => {
    const member = user(503);
    for (const data of ['zz:unknown', '', 'm', 'adm', '\u0000']) {
      const sent = await h.send(callback(member, { message_id: 7, chat: privateChat(member) }, data));
      const answers = h.api.callsOf('answerCallbackQuery').filter((c) => c.payload.callback_query_id === sent.callback_query!.id);
      expect(answers, `data ${JSON.stringify(data)}`).toHaveLength(1);
    }
    expect((await h.economy.ledger.profile(503)).balance).toBe(0);
  });

  it('answers in Telegram\'s language when the chosen one cannot be read', async () => {
    const locales = h.besitos.deps.locales;
    const resolve = locales.resolve;
    locales.resolve = async () => {
      throw new Error('database unavailable');
    };
    try {
      const member = user(504, { language_code: 'en' });
      const sent = await h.send(callback(member, { message_id: 8, chat: privateChat(member) }, 'zz:unknown'));
      const answers = h.api.callsOf('answerCallbackQuery').filter((c) => c.payload.callback_query_id === sent.callback_query!.id);
      expect(answers).toHaveLength(1);
      expect(h.logs.some((l) => l.includes('could not read the chosen language'))).toBe(true);
    } finally {
      locales.resolve = resolve;
    }
  });

  it('never logs the bot token', () => {
    expect(h.logs.join('\n')).not.toContain(h.api.token);
  });
});
