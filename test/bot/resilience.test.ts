/**
 * Resilience (SPEC §12, issue 5 item 5) on the real bot against the fake Bot API: 429 and
 * network failures are retried within a bound, a failure beyond it is logged and the bot
 * goes on, members who blocked the bot are marked, an internal error is answered with an
 * apology and never a stack trace, and a burst of commands is slowed down.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from 'grammy';
import type { MembershipService } from '../../src/core/membership/membership-service.js';
import { text, user } from '../../src/bot/testing/updates.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';

const TOO_MANY = { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
const FAULT = 'simulated storage failure';

describe.each(testDialects())('resilience ($name)', (dialect) => {
  let h: BotHarness;
  /** Members whose registration fails (memberTouch runs it on their every private message). */
  const faulty = new Set<number>();

  beforeAll(async () => {
    // The harness bounds auto-retry at 2 retries of at most 2 s each.
    // A wide rate-limit window: a loaded machine must not let the burst below span two windows.
    h = await startBotHarness(dialect, { bot: { commandLimit: { timeFrameMs: 60_000, limit: 5 } } });
    // Members these tests write to directly (outside an update) started the bot earlier.
    h.api.privateChats.open(8221, 8230, 8240, 8241);
    const membership: MembershipService = h.economy.membership;
    const register = membership.register.bind(membership);
    membership.register = async (input) => {
      if (faulty.has(input.id)) throw new Error(`${FAULT}\n    at Storage.write (/srv/besitos/storage.js:42:7)`);
      return register(input);
    };
  });
  afterAll(async () => {
    await h?.stop();
  });

  const apology = (locale: 'es' | 'en') => h.besitos.deps.i18n.t(locale, 'error-internal');
  const sentTo = (chatId: number, after: number) => h.api.since(after).filter((c) => c.method === 'sendMessage' && c.payload.chat_id === chatId);

  it('an internal error is answered with a short apology in the member’s language, never a stack trace', async () => {
    faulty.add(8201).add(8202);
    const mark = h.api.mark();
    await h.send(text(user(8201), 'hola'));
    await h.send(text(user(8202, { language_code: 'en' }), 'hello'));
    expect(sentTo(8201, mark).map((c) => c.payload.text)).toEqual([apology('es')]);
    expect(sentTo(8202, mark).map((c) => c.payload.text)).toEqual([apology('en')]);
    expect(apology('es')).not.toBe(apology('en'));
    for (const call of h.api.since(mark)) {
      const sent = JSON.stringify(call.payload);
      expect(sent).not.toContain(FAULT);
      expect(sent).not.toMatch(/\bat \S+ \(|storage\.js|Error:/);
    }
    // The error itself is in the log, for the operator.
    expect(h.logs.some((l) => l.includes('"update failed"') && l.includes(FAULT))).toBe(true);
  });

  it('Telegram answering 429 (retry_after 1) then success: the answer still arrives', async () => {
    faulty.add(8210);
    const mark = h.api.mark();
    h.api.fail('sendMessage', TOO_MANY, 1);
    await h.send(text(user(8210), 'hola'));
    const calls = sentTo(8210, mark);
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.payload.text)).toEqual([apology('es'), apology('es')]);
  });

  it('429 beyond the retry budget fails that call only: logged, and the next update is handled', async () => {
    faulty.add(8220).add(8221);
    const mark = h.api.mark();
    h.api.fail('sendMessage', TOO_MANY, 3); // the first try and both retries
    await h.send(text(user(8220), 'hola'));
    expect(sentTo(8220, mark)).toHaveLength(3);
    expect(h.logs.some((l) => l.includes('"could not answer the member"') && l.includes('429'))).toBe(true);

    await h.send(text(user(8221), 'hola'));
    expect(sentTo(8221, mark).map((c) => c.payload.text)).toEqual([apology('es')]);
    // And outside an update (a notification), the same bound applies.
    h.api.fail('sendMessage', TOO_MANY, 3);
    await expect(h.besitos.deps.api.sendMessage(8221, 'x')).rejects.toMatchObject({ error_code: 429 });
  });

  it('a 502 from the Bot API is retried', async () => {
    const mark = h.api.mark();
    h.api.fail('sendMessage', { error_code: 502, description: 'Bad Gateway' }, 1);
    const message = await h.besitos.deps.api.sendMessage(8230, 'hola');
    expect(message.message_id).toBeGreaterThan(0);
    expect(sentTo(8230, mark)).toHaveLength(2);
  });

  it('a dropped connection is retried, and only a bounded number of times', async () => {
    const mark = h.api.mark();
    h.api.disconnect('sendMessage', 1);
    await h.besitos.deps.api.sendMessage(8240, 'hola');
    expect(sentTo(8240, mark)).toHaveLength(2);

    const mark2 = h.api.mark();
    h.api.disconnect('sendMessage', 3);
    await expect(h.besitos.deps.api.sendMessage(8241, 'hola')).rejects.toBeInstanceOf(HttpError);
    expect(sentTo(8241, mark2)).toHaveLength(3);
    // Nothing of that left the bot stuck: it still answers.
    faulty.add(8242);
    const mark3 = h.api.mark();
    await h.send(text(user(8242), 'hola'));
    expect(sentTo(8242, mark3)).toHaveLength(1);
  });

  it('a member who blocked the bot is marked when a message to them is refused with 403', async () => {
    await h.economy.membership.register({ id: 8250, username: null, firstName: 'Bea', lastName: null, language: 'es' });
    expect((await h.economy.membership.get(8250))?.blockedAt).toBeNull();
    h.api.fail('sendMessage', { error_code: 403, description: 'Forbidden: bot was blocked by the user' }, 1);
    await expect(h.besitos.deps.api.sendMessage(8250, 'hola')).rejects.toMatchObject({ error_code: 403 });
    expect((await h.economy.membership.get(8250))?.blockedAt).toBeInstanceOf(Date);
    // A 403 for another reason marks nobody.
    await h.economy.membership.register({ id: 8251, username: null, firstName: 'Cris', lastName: null, language: 'es' });
    h.api.fail('sendMessage', { error_code: 403, description: 'Forbidden: not enough rights to send text messages to the chat' }, 1);
    await expect(h.besitos.deps.api.sendMessage(8251, 'hola')).rejects.toMatchObject({ error_code: 403 });
    expect((await h.economy.membership.get(8251))?.blockedAt).toBeNull();
  });

  it('six commands in one burst: the extra one is told to slow down', async () => {
    const mark = h.api.mark();
    const from = user(8260);
    await Promise.all(Array.from({ length: 6 }, () => h.send(text(from, '/zz'))));
    const slowDown = h.besitos.deps.i18n.t('es', 'error-rate-limited');
    expect(sentTo(8260, mark).filter((c) => c.payload.text === slowDown)).toHaveLength(1);
  });

  it('never logs the bot token', () => {
    expect(h.logs.join('\n')).not.toContain(h.api.token);
  });
});
