/**
 * `npm start` without BOT_TOKEN (issue 13): the database is migrated and the admin API is
 * served on loopback; the terminal is told that the bot is off and how to turn it on, and,
 * while no admin token exists, gets a one-time login link that works once and opens a
 * dashboard session (which may read the API). The link never reaches the log.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { startServer } from '../../src/server/start-server.js';
import { testDialects, type TestDialect, type TestLocation } from '../helpers/dialects.js';

const locations: TestLocation[] = [];
afterAll(async () => {
  for (const location of locations.splice(0)) await location.destroy();
});

function databaseUrl(dialect: TestDialect): string {
  const location = dialect.newLocation();
  locations.push(location);
  return location.schema === undefined ? location.url : `${location.url}?schema=${location.schema}`;
}

async function start(env: Record<string, string>) {
  const loaded = loadServerConfig({ env: { PORT: '0', ...env } });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  const logs: string[] = [];
  const told: string[] = [];
  const handle = await startServer(loaded.config, {
    logger: createLogger('debug', { write: (line) => logs.push(line) }, []),
    tell: (text) => told.push(text),
  });
  return { handle, logs, told: () => told.join('\n') };
}

describe.each(testDialects())('startServer without BOT_TOKEN ($name)', (dialect) => {
  it('serves the API on loopback, says the bot is off, and prints a one-time login link that works once', async () => {
    const url = databaseUrl(dialect);
    const { handle, logs, told } = await start({ DATABASE_URL: url, ADMIN_IDS: '4242' });
    try {
      expect(handle.mode).toBe('none');
      expect(handle.besitos).toBeNull();
      expect(handle.address.host).toBe('127.0.0.1');
      const base = `http://127.0.0.1:${handle.address.port}`;
      expect(told()).toContain('WITHOUT the Telegram bot: BOT_TOKEN is not set');
      expect(told()).toContain('BOT_TOKEN=<the token>');
      expect(told()).toContain(`${base}/api/v1`);
      expect(handle.welcome.loginUrl).toMatch(new RegExp(`^${base}/login\\?token=bsl_[A-Za-z0-9_-]{43}$`));
      expect(told()).toContain(handle.welcome.loginUrl!);
      expect(handle.economy.jobs.scheduled).toBe(true);

      // Without a token the API answers 401; the link's page only shows a button (GET spends nothing).
      expect((await fetch(`${base}/api/v1/me`)).status).toBe(401);
      const page = await fetch(handle.welcome.loginUrl!);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
      const token = new URL(handle.welcome.loginUrl!).searchParams.get('token')!;
      expect(await page.text()).toContain(`value="${token}"`);

      // The POST spends it: a session cookie and the dashboard (the browser says where the form came from).
      const login = () => fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ token }), headers: { origin: base }, redirect: 'manual' });
      const first = await login();
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe('/dashboard/');
      const cookie = /besitos_session=[^;]+/.exec(first.headers.get('set-cookie') ?? '')?.[0];
      expect(cookie).toBeDefined();
      expect((await fetch(`${base}/dashboard/`, { headers: { cookie: cookie! } })).status).toBe(200);
      const me = await fetch(`${base}/api/v1/me`, { headers: { cookie: cookie! } });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ adminId: 4242 });
      // Single use.
      expect((await login()).status).toBe(401);

      const log = logs.join('\n');
      expect(log).toContain('one-time login link printed on the terminal');
      expect(log).not.toContain(token);
    } finally {
      await handle.stop();
    }

    // Started again: still no API token in force (the link opened a session only), so a new link.
    const again = await start({ DATABASE_URL: url, ADMIN_IDS: '4242' });
    try {
      expect(again.handle.welcome.loginUrl).not.toBeNull();
      expect(again.handle.welcome.loginUrl).not.toBe(handle.welcome.loginUrl);
      await again.handle.economy.apiTokens.issue(4242);
    } finally {
      await again.handle.stop();
    }

    // With a token in force: no link.
    const third = await start({ DATABASE_URL: url, ADMIN_IDS: '4242' });
    try {
      expect(third.handle.welcome.loginUrl).toBeNull();
      expect(third.told()).toContain('npx besitos tokens list');
    } finally {
      await third.handle.stop();
    }
  });
  it('with no admin at all there is no login link but a setup link (valid until used), and the terminal says how to name one', async () => {
    const { handle, told } = await start({ DATABASE_URL: databaseUrl(dialect) });
    try {
      expect(handle.welcome.loginUrl).toBeNull();
      const base = `http://127.0.0.1:${handle.address.port}`;
      expect(handle.welcome.setupUrl).toMatch(new RegExp(`^${base}/setup\\?token=bss_[A-Za-z0-9_-]{43}$`));
      expect(told()).toContain(handle.welcome.setupUrl!);
      expect(told()).toContain('No admin yet');
      expect(told()).toContain('ADMIN_IDS');
      expect((await fetch(handle.welcome.setupUrl!)).status).toBe(200);
    } finally {
      await handle.stop();
    }
  });
});
