/**
 * The server's configuration: environment over file, every problem named on its own line,
 * secrets never in a message or a log line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { configuredChannels, configSecrets, loadServerConfig, type ServerConfig } from '../../src/server/server-config.js';
import { DEFAULT_DATABASE_URL } from '../../src/storage/connect.js';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const dir = mkdtempSync(join(tmpdir(), 'besitos-config-'));
let files = 0;
function configFile(contents: unknown): string {
  const path = join(dir, `config-${++files}.json`);
  writeFileSync(path, typeof contents === 'string' ? contents : JSON.stringify(contents));
  return path;
}

function ok(result: ReturnType<typeof loadServerConfig>): ServerConfig {
  if (!result.ok) throw new Error(`expected a valid configuration, got: ${result.problems.join(' | ')}`);
  return result.config;
}

describe('server configuration', () => {
  it('names every problem at once, one line each, in the order of the settings', () => {
    const result = loadServerConfig({
      env: {
        BOT_TOKEN: TOKEN,
        ADMIN_IDS: '1, 12a, -3',
        FREE_CHANNEL_ID: '5',
        GROUP_IDS: '-100,x',
        TIMEZONE: 'Mars/Olympus',
        DATABASE_URL: 'mysql://root:hunter2@db/besitos',
        WEBHOOK_URL: 'http://bot.example.com/hook',
        WEBHOOK_SECRET: 'has spaces',
        PORT: '99999',
        BOT_API_ROOT: 'ftp://api',
        LOG_LEVEL: 'loud',
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      "ADMIN_IDS: '12a' is not a Telegram user id (a positive whole number)",
      "ADMIN_IDS: '-3' is not a Telegram user id (a positive whole number)",
      "FREE_CHANNEL_ID: '5' is not a channel or group id (a negative number such as -1001234567890)",
      "GROUP_IDS: 'x' is not a channel or group id (a negative number such as -1001234567890)",
      "TIMEZONE: 'Mars/Olympus' is not an IANA time zone (e.g. UTC, Europe/Madrid)",
      'DATABASE_URL: unsupported database URL "mysql://root:***@db/besitos": use sqlite:<file> or postgres://user@host/db',
      "WEBHOOK_URL: 'http://bot.example.com/hook' is not an https:// URL (Telegram only delivers webhooks over HTTPS; http:// works only with a self-hosted Bot API server in BOT_API_ROOT)",
      "WEBHOOK_SECRET: must be 1 to 256 characters among A-Z, a-z, 0-9, _ and - (Telegram's rule)",
      'PORT: 99999 is not a port (0 to 65535)',
      "BOT_API_ROOT: 'ftp://api' is not an http(s):// URL",
      "LOG_LEVEL: 'loud' is not one of fatal, error, warn, info, debug, trace, silent",
    ]);
    // A database password is never repeated.
    expect(result.problems.join('\n')).not.toContain('hunter2');
  });

  it('never repeats a mistyped token or secret in a problem', () => {
    const badToken = '123456:too-short-but-still-secret';
    const result = loadServerConfig({ env: { BOT_TOKEN: badToken, WEBHOOK_URL: 'https://x.example/h', WEBHOOK_SECRET: 'sécret-with-accent' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toMatch(/^BOT_TOKEN: does not look like a bot token/);
    expect(result.problems[1]).toMatch(/^WEBHOOK_SECRET: must be 1 to 256 characters/);
    const text = result.problems.join('\n');
    expect(text).not.toContain(badToken);
    expect(text).not.toContain('too-short');
    expect(text).not.toContain('sécret');
  });

  it('a chat cannot be two things at once', () => {
    const result = loadServerConfig({ env: { BOT_TOKEN: TOKEN, FREE_CHANNEL_ID: '-100', VIP_CHANNEL_ID: '-100', GROUP_IDS: '-100, -200' } });
    expect(result.ok ? [] : result.problems).toEqual([
      'VIP_CHANNEL_ID: -100 is also the free channel (FREE_CHANNEL_ID)',
      'GROUP_IDS: -100 is also the free channel (FREE_CHANNEL_ID)',
      'GROUP_IDS: -100 is also the VIP channel (VIP_CHANNEL_ID)',
    ]);
  });

  it('without a token the configuration is one without the bot, on loopback (and still names the other problems)', () => {
    const none = ok(loadServerConfig({ env: {} }));
    expect(none).toMatchObject({ botToken: null, webhook: null, host: '127.0.0.1', port: 8080 });
    // An empty variable is unset, as docker-compose and .env files write them.
    expect(ok(loadServerConfig({ env: { BOT_TOKEN: '  ' } })).botToken).toBeNull();
    expect(loadServerConfig({ env: { ADMIN_IDS: 'me' } })).toEqual({
      ok: false,
      problems: ["ADMIN_IDS: 'me' is not a Telegram user id (a positive whole number)"],
    });
    // A webhook must be reachable from Telegram: every interface unless HOST says otherwise.
    expect(ok(loadServerConfig({ env: { BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://x.example/h' } })).host).toBe('0.0.0.0');
    // A webhook is the bot's: without the token it is a mistake, said as one.
    expect(loadServerConfig({ env: { WEBHOOK_URL: 'https://x.example/h' } })).toEqual({
      ok: false,
      problems: ['WEBHOOK_URL: a webhook is the bot\'s, and BOT_TOKEN is not set (set it, or unset WEBHOOK_URL to run without the bot)'],
    });
  });

  it('defaults: polling, the embedded database, port 8080, level info', () => {
    const config = ok(loadServerConfig({ env: { BOT_TOKEN: TOKEN } }));
    expect(config).toEqual({
      botToken: TOKEN,
      adminIds: [],
      freeChannelId: null,
      vipChannelId: null,
      groupIds: [],
      timezone: null,
      databaseUrl: DEFAULT_DATABASE_URL,
      webhook: null,
      port: 8080,
      host: '127.0.0.1', // loopback unless a webhook needs to be reached
      botApiRoot: null,
      logLevel: 'info',
    });
  });

  it('reads every setting from the environment', () => {
    const config = ok(
      loadServerConfig({
        env: {
          BOT_TOKEN: ` ${TOKEN} `,
          ADMIN_IDS: '11, 22,11',
          FREE_CHANNEL_ID: '-1001',
          VIP_CHANNEL_ID: '-1002',
          GROUP_IDS: '-1003,-1004',
          TIMEZONE: 'Europe/Madrid',
          DATABASE_URL: 'postgres://u:p@h/db',
          WEBHOOK_URL: 'https://bot.example.com/telegram/webhook',
          WEBHOOK_SECRET: 'my_Secret-123',
          PORT: '3000',
          HOST: '127.0.0.1',
          BOT_API_ROOT: 'http://localhost:8081/',
          LOG_LEVEL: 'DEBUG',
        },
      }),
    );
    expect(config).toEqual({
      botToken: TOKEN,
      adminIds: [11, 22],
      freeChannelId: -1001,
      vipChannelId: -1002,
      groupIds: [-1003, -1004],
      timezone: 'Europe/Madrid',
      databaseUrl: 'postgres://u:p@h/db',
      webhook: { url: 'https://bot.example.com/telegram/webhook', path: '/telegram/webhook', secret: 'my_Secret-123', secretGenerated: false },
      port: 3000,
      host: '127.0.0.1',
      botApiRoot: 'http://localhost:8081',
      logLevel: 'debug',
    });
    expect(configuredChannels(config)).toEqual([
      { id: -1001, kind: 'FREE' },
      { id: -1002, kind: 'VIP' },
      { id: -1003, kind: 'FREE' },
      { id: -1004, kind: 'FREE' },
    ]);
  });

  it('an http:// webhook only with a self-hosted Bot API server: Telegram\'s cloud API delivers over HTTPS only', () => {
    const base = { BOT_TOKEN: TOKEN, WEBHOOK_URL: 'http://bot.internal:8080/hook' };
    expect(ok(loadServerConfig({ env: { ...base, BOT_API_ROOT: 'http://127.0.0.1:8081' } })).webhook).toMatchObject({ url: 'http://bot.internal:8080/hook', path: '/hook' });
    for (const env of [base, { ...base, BOT_API_ROOT: 'https://api.telegram.org' }]) {
      const result = loadServerConfig({ env });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems).toEqual([expect.stringMatching(/^WEBHOOK_URL: 'http:\/\/bot.internal:8080\/hook' is not an https:\/\/ URL/)]);
    }
  });

  it('generates a webhook secret when none is set, a different one each start', () => {
    const env = { BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.com/hook' };
    const a = ok(loadServerConfig({ env })).webhook;
    const b = ok(loadServerConfig({ env })).webhook;
    expect(a?.secretGenerated).toBe(true);
    expect(a?.secret).toMatch(/^[A-Za-z0-9_-]{32,256}$/);
    expect(a?.secret).not.toBe(b?.secret);
  });

  it('merges the config file under the environment (the environment wins)', () => {
    const file = configFile({
      botToken: TOKEN,
      adminIds: [1, 2],
      freeChannelId: -1001,
      vipChannelId: '-1002',
      groupIds: '-1003',
      timezone: 'America/Mexico_City',
      port: 9000,
      webhookUrl: null,
    });
    const config = ok(loadServerConfig({ env: { ADMIN_IDS: '7', TIMEZONE: '' }, file }));
    expect(config).toMatchObject({
      botToken: TOKEN,
      adminIds: [7],
      freeChannelId: -1001,
      vipChannelId: -1002,
      groupIds: [-1003],
      timezone: 'America/Mexico_City',
      port: 9000,
      webhook: null,
    });
    // --database beats both.
    const withDb = ok(loadServerConfig({ env: { DATABASE_URL: 'sqlite:env.db' }, file: configFile({ botToken: TOKEN, databaseUrl: 'sqlite:file.db' }), databaseUrl: 'sqlite:flag.db' }));
    expect(withDb.databaseUrl).toBe('sqlite:flag.db');
    expect(ok(loadServerConfig({ env: {}, file: configFile({ botToken: TOKEN, databaseUrl: 'sqlite:file.db' }) })).databaseUrl).toBe('sqlite:file.db');
  });

  it("names a file's problems with the file's keys, unknown keys included", () => {
    const file = configFile({ adminIds: [1, 'two'], freeChannelId: 100, BOT_TOKEN: 'x', adminId: 3, port: 'eighty' });
    const result = loadServerConfig({ env: {}, file });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      `${file}: unknown key 'BOT_TOKEN': the file uses 'botToken' (BOT_TOKEN is the environment variable)`,
      `${file}: unknown key 'adminId' (known: botToken, adminIds, freeChannelId, vipChannelId, groupIds, timezone, databaseUrl, webhookUrl, webhookSecret, port, host, botApiRoot, logLevel)`,
      `adminIds (in ${file}): 'two' is not a Telegram user id (a positive whole number)`,
      `freeChannelId (in ${file}): '100' is not a channel or group id (a negative number such as -1001234567890)`,
      `port (in ${file}): 'eighty' is not a port (0 to 65535)`,
    ]);
  });

  it('a missing, unreadable or non-object file is a named problem', () => {
    const missing = join(dir, 'nope.json');
    expect(loadServerConfig({ env: { BOT_TOKEN: TOKEN }, file: missing })).toEqual({
      ok: false,
      problems: [`${missing}: cannot read the config file (no such file)`],
    });
    const broken = configFile('{"adminIds": [1,');
    const result = loadServerConfig({ env: { BOT_TOKEN: TOKEN }, file: broken });
    expect(result.ok ? [] : result.problems).toHaveLength(1);
    expect(result.ok ? '' : result.problems[0]).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON`));
    const list = configFile([1, 2]);
    expect(loadServerConfig({ env: { BOT_TOKEN: TOKEN }, file: list })).toMatchObject({ problems: [`${list}: must hold one JSON object, e.g. {"adminIds": [12345]}`] });
  });

  it('the example config file at the repository root is valid', () => {
    const config = ok(loadServerConfig({ env: { BOT_TOKEN: TOKEN }, file: join(__dirname, '..', '..', 'besitos.config.example.json') }));
    expect(config.adminIds.length).toBeGreaterThan(0);
    expect(config.freeChannelId).toBeLessThan(0);
  });

  it('the logger redacts secret fields and scrubs secret values from every line', () => {
    const config = ok(loadServerConfig({ env: { BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://x.example/h', WEBHOOK_SECRET: 'webhook_secret_value_1' } }));
    const lines: string[] = [];
    const logger = createLogger('debug', { write: (line) => lines.push(line) }, configSecrets(config));
    logger.info({ botToken: TOKEN, config: { botToken: TOKEN, webhook: { secret: config.webhook?.secret } } }, 'fields');
    logger.error({ err: { message: `request to https://api.telegram.org/bot${TOKEN}/getMe failed` } }, 'an error quoting the url');
    logger.warn(`a message that should never hold ${TOKEN} or webhook_secret_value_1`);
    const text = lines.join('');
    expect(lines).toHaveLength(3);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain('AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1');
    expect(text).not.toContain('webhook_secret_value_1');
    expect(text).toContain('[redacted]');
  });
});
