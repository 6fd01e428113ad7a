/**
 * `startServer` from a configuration, in-process against the fake Bot API: long polling
 * (after deleteWebhook) or a webhook (setWebhook with the secret and the update kinds, a
 * real HTTP server on loopback), configuration applied to the economy, clean stop.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Update } from 'grammy/types';
import { ALLOWED_UPDATES } from '../../src/bot/allowed-updates.js';
import { createLogger } from '../../src/log/logger.js';
import { loadServerConfig, type ServerConfig } from '../../src/server/server-config.js';
import { startServer, type ServerHandle, type StartServerOptions } from '../../src/server/start-server.js';
import { FakeBotApi } from '../../src/bot/testing/fake-bot-api.js';
import { text, user } from '../../src/bot/testing/updates.js';
import { testDialects, type TestDialect, type TestLocation } from '../helpers/dialects.js';

const FREE = -1002000000001;
const VIP = -1002000000002;
const GROUP = -1002000000003;

interface Running {
  api: FakeBotApi;
  handle: ServerHandle;
  config: ServerConfig;
  logs: string[];
  /** Resolves when the update with this id was handled. */
  handled(updateId: number): Promise<void>;
}

const locations: TestLocation[] = [];
afterAll(async () => {
  for (const location of locations.splice(0)) await location.destroy();
});

function databaseUrl(dialect: TestDialect): string {
  const location = dialect.newLocation();
  locations.push(location);
  return location.schema === undefined ? location.url : `${location.url}?schema=${location.schema}`;
}

async function startBot(dialect: TestDialect, env: Record<string, string>, before?: (api: FakeBotApi) => void, options: Partial<StartServerOptions> = {}): Promise<Running> {
  const api = await new FakeBotApi().start();
  before?.(api);
  const loaded = loadServerConfig({ env: { BOT_TOKEN: api.token, BOT_API_ROOT: api.url, DATABASE_URL: databaseUrl(dialect), PORT: '0', ...env } });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const logs: string[] = [];
  const logger = createLogger('debug', { write: (line) => logs.push(line) }, [api.token, ...(loaded.config.webhook ? [loaded.config.webhook.secret] : [])]);
  const done = new Set<number>();
  const waiting = new Map<number, () => void>();
  try {
    const handle = await startServer(loaded.config, {
      logger,
      pollTimeoutSeconds: 1,
      ...options,
      bot: {
        onUpdateHandled: (u: Update) => {
          done.add(u.update_id);
          waiting.get(u.update_id)?.();
        },
      },
    });
    return {
      api,
      handle,
      config: loaded.config,
      logs,
      handled: (id) =>
        done.has(id)
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => {
              const t = setTimeout(() => reject(new Error(`update ${id} not handled within 10 s`)), 10_000);
              waiting.set(id, () => {
                clearTimeout(t);
                resolve();
              });
            }),
    };
  } catch (err) {
    await api.close();
    throw err;
  }
}

describe.each(testDialects())('startServer ($name)', (dialect) => {
  it('long polling: getMe, deleteWebhook before the first getUpdates, every update kind asked for', async () => {
    let pollsWhenDeleted = -1;
    const { api, handle, logs, handled } = await startBot(
      dialect,
      {
        ADMIN_IDS: '901,902',
        FREE_CHANNEL_ID: String(FREE),
        VIP_CHANNEL_ID: String(VIP),
        GROUP_IDS: String(GROUP),
        TIMEZONE: 'Europe/Madrid',
      },
      (fake) =>
        fake.on('deleteWebhook', () => {
          pollsWhenDeleted = fake.polls;
          return true;
        }),
    );
    try {
      expect(handle.mode).toBe('polling');
      // Polling too serves the HTTP app (the admin API), on loopback by default.
      expect(handle.address.host).toBe('127.0.0.1');
      expect(api.calls.map((c) => c.method).filter((m) => m !== 'setMyCommands').slice(0, 2)).toEqual(['getMe', 'deleteWebhook']);
      // The "/" menu: members' commands in Spanish (default) and English, admins' in their chats.
      const lists = api.callsOf('setMyCommands').map((c) => ({
        scope: c.payload.scope,
        language: c.payload.language_code ?? null,
        commands: (c.payload.commands as Array<{ command: string }>).map((x) => x.command),
      }));
      expect(lists.filter((l) => (l.scope as { type: string }).type === 'all_private_chats').map((l) => [l.language, l.commands.slice(0, 3)])).toEqual([
        [null, ['start', 'regalo', 'saldo']],
        ['en', ['start', 'daily', 'balance']],
      ]);
      const adminLists = lists.filter((l) => (l.scope as { type: string }).type === 'chat');
      expect(adminLists.map((l) => (l.scope as { chat_id: number }).chat_id)).toEqual([901, 901, 902, 902]);
      // Each admin's list in their language: Spanish names by default, English ones for English apps.
      for (const l of adminLists) expect(l.commands).toEqual(expect.arrayContaining(l.language === 'en' ? ['admin', 'member', 'publish'] : ['admin', 'miembro', 'publicar']));
      // Pending updates are kept: a restart loses nothing Telegram still holds.
      expect(api.callsOf('deleteWebhook')[0]?.payload.drop_pending_updates).toBeUndefined();
      expect(pollsWhenDeleted).toBe(0);
      expect(api.callsOf('setWebhook')).toEqual([]);

      const [update] = api.push(text(user(8001, { first_name: 'Rita' }), 'hola'));
      await handled(update!.update_id);
      expect(await handle.economy.membership.get(8001)).toMatchObject({ firstName: 'Rita' });
      expect(api.polls).toBeGreaterThan(0);
      expect(api.lastPoll?.allowed_updates).toEqual([...ALLOWED_UPDATES]);
      for (const kind of ['message', 'edited_message', 'callback_query', 'channel_post', 'message_reaction', 'my_chat_member', 'chat_member']) {
        expect(api.lastPoll?.allowed_updates).toContain(kind);
      }

      // The configuration reached the economy.
      expect(await handle.economy.reactions.channels()).toEqual([
        { id: VIP, kind: 'VIP', title: null },
        { id: FREE, kind: 'FREE', title: null },
        { id: GROUP, kind: 'FREE', title: null },
      ].sort((a, b) => a.id - b.id));
      expect(await handle.economy.admins.isAdmin(901)).toBe(true);
      expect(await handle.economy.admins.isAdmin(8001)).toBe(false);
      expect((await handle.economy.settings.all())['economy.timezone']).toBe('Europe/Madrid');
      expect(await handle.economy.settings.audit({ key: 'economy.timezone' })).toMatchObject([
        { oldValue: 'UTC', newValue: 'Europe/Madrid', changedBy: 'config' },
      ]);
      expect(handle.economy.jobs.scheduled).toBe(true);
    } finally {
      await handle.stop();
      await api.close();
    }
    await handle.stopped;
    expect(logs.join('\n')).not.toContain(api.token);
    expect(logs.some((l) => l.includes('"bot stopped"'))).toBe(true);
  });

  it('the time zone is written only when it differs, and stop() is idempotent', async () => {
    const url = databaseUrl(dialect);
    for (let run = 0; run < 2; run++) {
      const api = await new FakeBotApi().start();
      const loaded = loadServerConfig({ env: { BOT_TOKEN: api.token, BOT_API_ROOT: api.url, DATABASE_URL: url, TIMEZONE: 'Asia/Tokyo', PORT: '0' } });
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const handle = await startServer(loaded.config, { logger: createLogger('silent', { write: () => 0 }, []), pollTimeoutSeconds: 1 });
      try {
        expect(await handle.economy.settings.audit({ key: 'economy.timezone' })).toHaveLength(1);
      } finally {
        await Promise.all([handle.stop(), handle.stop()]);
        await api.close();
      }
    }
  });

  it('the abort signal stops the bot', async () => {
    const controller = new AbortController();
    const { api, handle } = await startBot(dialect, {}, undefined, { signal: controller.signal });
    try {
      controller.abort();
      await handle.stopped;
      expect(handle.economy.jobs.scheduled).toBe(false);
    } finally {
      await handle.stop();
      await api.close();
    }
  });

  it('webhook: listens, then setWebhook with the secret and every update kind; only the right secret is handled', async () => {
    const secret = 'a_webhook-Secret_0123456789';
    const { api, handle, logs } = await startBot(dialect, {
      WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
      WEBHOOK_SECRET: secret,
      HOST: '127.0.0.1',
      PORT: '0',
    });
    try {
      expect(handle.mode).toBe('webhook');
      expect(api.calls.map((c) => c.method).filter((m) => m !== 'setMyCommands')).toEqual(['getMe', 'setWebhook']);
      expect(api.callsOf('setWebhook')[0]?.payload).toMatchObject({
        url: 'https://bot.example.com/telegram/webhook',
        secret_token: secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      expect(api.polls).toBe(0);
      const port = handle.address?.port;
      expect(port).toBeGreaterThan(0);
      const base = `http://127.0.0.1:${port}`;

      const post = (id: number, from: number, headers: Record<string, string>) =>
        fetch(`${base}/telegram/webhook`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ update_id: id, ...text(user(from), 'hola') }),
        });
      const mark = api.mark();
      expect((await post(1, 8101, { 'X-Telegram-Bot-Api-Secret-Token': 'not-the-secret' })).status).toBe(401);
      expect((await post(2, 8102, {})).status).toBe(401);
      expect(api.since(mark)).toEqual([]);
      expect(await handle.economy.membership.get(8101)).toBeNull();
      expect(await handle.economy.membership.get(8102)).toBeNull();

      expect((await post(3, 8103, { 'X-Telegram-Bot-Api-Secret-Token': secret })).status).toBe(200);
      expect(await handle.economy.membership.get(8103)).not.toBeNull();

      const health = await fetch(`${base}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok' });
    } finally {
      await handle.stop();
      await api.close();
    }
    const all = logs.join('\n');
    expect(all).not.toContain(secret);
    expect(all).not.toContain(api.token);
  });

  it('webhook over http:// with a self-hosted Bot API (BOT_API_ROOT): set and served', async () => {
    const secret = 'local_api_secret_42';
    // The fake Bot API is a local server on http://127.0.0.1 (BOT_API_ROOT), as a self-hosted one would be.
    const { api, handle } = await startBot(dialect, { WEBHOOK_URL: 'http://bot.internal/telegram/webhook', WEBHOOK_SECRET: secret, HOST: '127.0.0.1', PORT: '0' });
    try {
      expect(handle.mode).toBe('webhook');
      expect(api.callsOf('setWebhook')[0]?.payload).toMatchObject({ url: 'http://bot.internal/telegram/webhook', secret_token: secret });
      const res = await fetch(`http://127.0.0.1:${handle.address?.port}/telegram/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': secret },
        body: JSON.stringify({ update_id: 1, ...text(user(8201), 'hola') }),
      });
      expect(res.status).toBe(200);
      expect(await handle.economy.membership.get(8201)).not.toBeNull();
    } finally {
      await handle.stop();
      await api.close();
    }
  });

  it('webhook without WEBHOOK_SECRET: a random secret is given to Telegram and logged as generated, never its value', async () => {
    const { api, handle, logs, config } = await startBot(dialect, { WEBHOOK_URL: 'https://bot.example.com/hook', HOST: '127.0.0.1', PORT: '0' });
    try {
      const sent = api.callsOf('setWebhook')[0]?.payload.secret_token;
      expect(sent).toBe(config.webhook?.secret);
      expect(sent).toMatch(/^[A-Za-z0-9_-]{32,}$/);
      expect(logs.some((l) => l.includes('generated a random one'))).toBe(true);
      expect(logs.join('\n')).not.toContain(String(sent));
    } finally {
      await handle.stop();
      await api.close();
    }
  });

  it('a token Telegram refuses stops the start with a named problem', async () => {
    const api = await new FakeBotApi().start();
    try {
      const other = '999999:ANOTHER_TOKEN_THE_FAKE_API_REFUSES_xx';
      const loaded = loadServerConfig({ env: { BOT_TOKEN: other, BOT_API_ROOT: api.url, DATABASE_URL: databaseUrl(dialect) } });
      if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
      const error = await startServer(loaded.config, { logger: createLogger('silent', { write: () => 0 }, []) }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(error).toMatchObject({ name: 'BotConfigError' });
      expect((error as { problems: string[] }).problems).toEqual([
        'BOT_TOKEN: the Bot API refused the token (401 Unauthorized). Get the current one from @BotFather (/mybots → API Token).',
      ]);
    } finally {
      await api.close();
    }
  });
});
