/**
 * The webhook path (Hono app, in-process through `app.request`): only a request carrying
 * the secret token reaches the bot; anything else is refused before any handling.
 */
import { Bot } from 'grammy';
import { Hono as HonoApp } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Hono } from 'hono';
import type { Update } from 'grammy/types';
import { createEconomy, type Economy } from '../../src/core/engine.js';
import { createBot, type BesitosBot } from '../../src/bot/create-bot.js';
import { FakeBotApi, FAKE_BOT_INFO } from '../../src/bot/testing/fake-bot-api.js';
import { callback, privateChat, text, user } from '../../src/bot/testing/updates.js';
import { createHttpApp } from '../../src/http/app.js';
import { addWebhookRoute } from '../../src/http/webhook.js';
import { migratedStorage, testDialects } from '../helpers/dialects.js';

const SECRET = 'right_Secret-42';
const PATH = '/telegram/webhook';

describe.each(testDialects())('webhook over Hono ($name)', (dialect) => {
  let economy: Economy;
  let api: FakeBotApi;
  let besitos: BesitosBot;
  let app: Hono;
  let cleanup: () => Promise<void>;
  const logs: string[] = [];
  let nextUpdateId = 1;

  beforeAll(async () => {
    const migrated = await migratedStorage(dialect);
    cleanup = migrated.cleanup;
    economy = createEconomy({ storage: migrated.storage, adminIds: [] });
    api = await new FakeBotApi().start();
    const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
    besitos = createBot({ economy, token: api.token, botInfo: FAKE_BOT_INFO, apiRoot: api.url, logger, autoRetry: { maxRetryAttempts: 1, maxDelaySeconds: 1 } });
    app = createHttpApp({ economy, logger, webhook: { bot: besitos.bot, path: PATH, secretToken: SECRET } });
  });
  afterAll(async () => {
    besitos?.dispose();
    await api?.close();
    await economy?.close();
    await cleanup?.();
  });

  const post = (update: Omit<Update, 'update_id'>, headers: Record<string, string>) =>
    app.request(PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ update_id: nextUpdateId++, ...update }),
    });

  it('a wrong or missing secret token is 401 and nothing is handled', async () => {
    const mark = api.mark();
    const wrong = await post(text(user(7001), 'hola'), { 'X-Telegram-Bot-Api-Secret-Token': 'wrong_secret' });
    expect(wrong.status).toBe(401);
    const missing = await post(text(user(7002), 'hola'), {});
    expect(missing.status).toBe(401);
    // A secret that only differs in length is refused too.
    const longer = await post(text(user(7003), 'hola'), { 'X-Telegram-Bot-Api-Secret-Token': `${SECRET}x` });
    expect(longer.status).toBe(401);
    expect(api.since(mark)).toEqual([]);
    for (const id of [7001, 7002, 7003]) expect(await economy.membership.get(id)).toBeNull();
  });

  it('the right secret token is 200 and the update is handled before the answer', async () => {
    const res = await post(text(user(7010, { first_name: 'Lu' }), 'hola'), { 'X-Telegram-Bot-Api-Secret-Token': SECRET });
    expect(res.status).toBe(200);
    expect(await economy.membership.get(7010)).toMatchObject({ id: 7010, firstName: 'Lu' });
  });

  it("a press's answer rides in the webhook's answer: no call of its own, answered once", async () => {
    const member = user(7030);
    const mark = api.mark();
    const update = callback(member, { message_id: 5, chat: privateChat(member) }, 'no-such-button');
    const res = await post(update, { 'X-Telegram-Bot-Api-Secret-Token': SECRET });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: update.callback_query!.id });
    expect(api.since(mark).filter((c) => c.method === 'answerCallbackQuery')).toEqual([]);
  });

  it('a body that is not JSON is 400; other paths 404; GET /healthz is 200', async () => {
    const garbage = await app.request(PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
      body: '{not json',
    });
    expect(garbage.status).toBe(400);
    expect((await app.request('/elsewhere', { method: 'POST' })).status).toBe(404);
    expect((await app.request(PATH, { method: 'GET' })).status).toBe(404);
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', mode: 'webhook' });
  });

  it('with the right secret, a body that is not an update is 400 (null was a 500) and nothing is handled', async () => {
    const mark = api.mark();
    for (const body of ['null', '[]', '42', '"text"', 'true', '{}', '{"update_id":"7"}', '{"update_id":-1}', '{"update_id":1.5}']) {
      const res = await app.request(PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
        body,
      });
      expect(res.status, body).toBe(400);
    }
    expect(api.since(mark)).toEqual([]);
    expect(logs.filter((line) => line.includes('webhook request failed'))).toEqual([]);
    // A wrong secret is still 401 whatever the body.
    const wrong = await app.request(PATH, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': 'nope' }, body: 'null' });
    expect(wrong.status).toBe(401);
  });

  it('a body over 1 MB is 413 and nothing is handled', async () => {
    const mark = api.mark();
    const big = text(user(7020), 'x'.repeat(1024 * 1024));
    const res = await post(big, { 'X-Telegram-Bot-Api-Secret-Token': SECRET });
    expect(res.status).toBe(413);
    expect(api.since(mark)).toEqual([]);
    expect(await economy.membership.get(7020)).toBeNull();
  });

  it('never logs the token or the secret', () => {
    const all = logs.join('\n');
    expect(all).not.toContain(api.token);
    expect(all).not.toContain(SECRET);
  });
});

describe('webhook reply', () => {
  it("goes out at once, while the update's handler still runs, and the handler then finishes", async () => {
    const api = await new FakeBotApi().start();
    try {
      const bot = new Bot(api.token, { botInfo: FAKE_BOT_INFO, client: { apiRoot: api.url, canUseWebhookReply: (m) => m === 'answerCallbackQuery' } });
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let finished = false;
      bot.on('callback_query', async (ctx) => {
        await ctx.answerCallbackQuery({ text: 'hecho' });
        await gate; // the slow part after the toast (a delivery)
        await ctx.api.sendMessage(ctx.from.id, 'entregado');
        finished = true;
      });
      const app = new HonoApp();
      // Without the early answer the request would wait for the handler, which waits for
      // the answer: it hangs (the webhook's own timeout is set far beyond the test's).
      addWebhookRoute(app, { bot, path: PATH, secretToken: SECRET, timeoutMs: 600_000 }, pino({ level: 'silent' }));
      const member = user(7040);
      api.privateChats.open(member.id);
      const update = { update_id: 1, ...callback(member, { message_id: 9, chat: privateChat(member) }, 'comprar') };
      const res = await app.request(PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
        body: JSON.stringify(update),
      });
      expect(finished).toBe(false);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ method: 'answerCallbackQuery', callback_query_id: update.callback_query!.id, text: 'hecho' });
      release();
      await expect.poll(() => finished).toBe(true);
      expect(api.callsOf('sendMessage').map((c) => c.payload.text)).toEqual(['entregado']);
      expect(api.callsOf('answerCallbackQuery')).toEqual([]);
    } finally {
      await api.close();
    }
  });
});
