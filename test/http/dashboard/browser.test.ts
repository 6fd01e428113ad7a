/**
 * The dashboard in a real browser (issue 13): Debian's chromium driven by playwright-core
 * against a real server started without BOT_TOKEN (`startServer`, as `npm start` and
 * `demo --serve` run it) over a demo's economy. It opens the one-time link the server
 * prints, sees the overview's charts drawn with data, credits a member through the form and
 * sees the history and the balance change, previews the level formula live and saves it,
 * changes a setting, switches the language and logs out; a wrong token and a cross-site form
 * post are refused. No page is wider than a phone's screen, no script breaks the CSP.
 *
 * After it, a second server, on a fresh database with no admin, shows the setup link making the first
 * admin in the browser.
 *
 * Screenshots of every page, desktop and phone width, Spanish and English, are saved in
 * test-artifacts/dashboard/ (git-ignored) for people to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN_ID, demoEndsAt, runDemo } from '../../../src/demo/run-demo.js';
import { createLogger } from '../../../src/log/logger.js';
import { loadServerConfig } from '../../../src/server/server-config.js';
import { startServer, type ServerHandle } from '../../../src/server/start-server.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = new URL('../../../test-artifacts/dashboard/', import.meta.url).pathname;
const DAYS = 10;
const MEMBER = 100_003;
const PAGES = ['', `members/${MEMBER}`, 'settings', 'shop', 'rewards', 'leaderboards', 'leaderboards?board=week', 'audit', 'audit?tab=roles'];
const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const;

// Under CI a missing chromium is a failure (.ci/run installs it); elsewhere the test is skipped.
const runnable = existsSync(CHROMIUM) || process.env.CI === 'true';

/** Debian's chromium, headless, in a new empty profile under `dir`, Spanish first. */
function launch(dir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(dir, 'profile-')), {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'es-ES',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

describe.skipIf(!runnable)('the dashboard in chromium', () => {
  let dir: string;
  let handle: ServerHandle;
  let base: string;
  let browser: BrowserContext;
  let page: Page;
  let attacker: Server;
  /** Console errors and page errors (a CSP violation is one). */
  const problems: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'besitos-browser-'));
    const url = `sqlite:${join(dir, 'demo.db')}`;
    await runDemo({ members: 40, days: DAYS, seed: 7, url });
    const loaded = loadServerConfig({ env: { DATABASE_URL: url, ADMIN_IDS: String(DEMO_ADMIN_ID), PORT: '0' } });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    // The demo's clock goes on from its last minute, as `demo --serve` does.
    const servedAt = Date.now();
    handle = await startServer(loaded.config, {
      logger: createLogger('silent', { write: () => undefined }, []),
      clock: { now: () => demoEndsAt(DAYS) + (Date.now() - servedAt) },
    });
    base = `http://127.0.0.1:${handle.address.port}`;
    browser = await launch(dir);
    page = browser.pages()[0] ?? (await browser.newPage());
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    page.on('pageerror', (e) => void problems.push(e.message));
    // Another site on this machine: another port of 127.0.0.1 is the same *site* to the
    // browser (SameSite cookies go along), so only the Origin check stops its form.
    attacker = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<form method="post" action="${base}/dashboard/members/${MEMBER}/movement"><input name="direction" value="credit"><input name="amount" value="500"><input name="reason" value="free money"><button id="go">go</button></form>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await handle?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const balance = async () => Number((await page.locator('.profile .stat .value').first().innerText()).replace(/\D/g, ''));

  it('refuses a wrong token', async () => {
    await page.goto(`${base}/login`);
    await page.fill('#token', 'bst_' + 'A'.repeat(43));
    const [response] = await Promise.all([page.waitForResponse((r) => r.url() === `${base}/login` && r.request().method() === 'POST'), page.click('button[type=submit]')]);
    expect(response.status()).toBe(401);
    await expect(page.locator('.notice.error').innerText()).resolves.toContain('no vale');
    expect(await page.context().cookies()).not.toContainEqual(expect.objectContaining({ name: 'besitos_session' }));
  });

  it('the one-time link logs in; the overview draws its charts with data', async () => {
    expect(handle.welcome.loginUrl).toMatch(/\/login\?token=bsl_/);
    await page.goto(handle.welcome.loginUrl!);
    await page.click('button[type=submit]');
    await page.waitForURL(`${base}/dashboard/`);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'besitos_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(cookie.expires).toBeGreaterThan(Date.now() / 1000);

    await page.waitForSelector('canvas[data-drawn]');
    // Evaluated in the page (a string: these tests compile without the DOM's types).
    const charts = (await page.evaluate(`[...document.querySelectorAll('canvas[data-chart]')].map((canvas) => {
      const values = Chart.getChart(canvas).data.datasets.flatMap((d) => d.data);
      // Something was painted: some pixels of the canvas are not transparent.
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
      return { id: canvas.id, nonZero: values.filter((v) => v !== 0).length, painted, width: canvas.clientWidth };
    })`)) as Array<{ id: string; nonZero: number; painted: number; width: number }>;
    expect(charts.map((c) => c.id)).toEqual(['chart-circulation', 'chart-flows', 'chart-active', 'chart-levels', 'chart-holders']);
    for (const chart of charts) {
      expect(chart.nonZero, chart.id).toBeGreaterThan(0);
      expect(chart.painted, chart.id).toBeGreaterThan(1000);
      expect(chart.width, chart.id).toBeGreaterThan(200);
    }
  });

  it('credits a member through the form: the balance and the history change', async () => {
    await page.goto(`${base}/dashboard/members?lang=es`);
    await page.fill('#q', `@miembro${MEMBER - 100_000}`);
    await page.click('form.search button');
    await page.waitForURL(`${base}/dashboard/members/${MEMBER}`);
    const before = await balance();
    await page.selectOption('#direction', 'credit');
    await page.fill('#amount', '37');
    await page.fill('#reason', 'premio del sorteo');
    await page.click('#movement-form button[type=submit]');
    await page.waitForURL(`${base}/dashboard/members/${MEMBER}?ok=credited`);
    await expect(page.locator('.notice.ok').innerText()).resolves.toContain('Besitos abonados');
    expect(await balance()).toBe(before + 37);
    const first = await page.locator('#history tbody tr').first().innerText();
    expect(first).toContain('«premio del sorteo»');
    expect(first).toContain('+37');
    expect(first).toContain(String(before + 37));
    // The member's chart is drawn too.
    await page.waitForSelector('#chart-member[data-drawn]');
  });

  it('a form posted from another site is refused and moves nothing', async () => {
    const before = await handle.economy.ledger.balance(MEMBER);
    await page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
    const [response] = await Promise.all([page.waitForResponse((r) => r.url().startsWith(base) && r.request().method() === 'POST'), page.click('#go')]);
    expect(response.status()).toBe(403);
    expect(await handle.economy.ledger.balance(MEMBER)).toBe(before);
  });

  it('previews the level formula while it is typed, saves it, and changes a setting', async () => {
    await page.goto(`${base}/dashboard/settings`);
    await page.fill('#formula', '');
    await page.type('#formula', 'linear:250');
    await page.waitForSelector('#level-preview[data-formula="linear:250"]');
    const rows = await page.locator('#level-preview tbody tr').allInnerTexts();
    expect(rows.slice(0, 3).map((r) => r.replace(/\s+/g, ' ').trim())).toEqual(['1 0', '2 250', '3 500']);
    await page.type('#formula', '+');
    await page.waitForSelector('#formula-error .notice.error');
    await page.fill('#formula', 'linear:250');
    await page.click('form.formula button[value=save]');
    await page.waitForURL(/ok=setting-saved/);
    expect(await handle.economy.settings.get('levels.formula')).toEqual({ kind: 'linear', step: 250 });

    await page.fill('#setting-reactions-amount', '8');
    await page.click('#form-setting-reactions-amount button[type=submit]');
    await page.waitForURL(/ok=setting-saved/);
    expect(await handle.economy.settings.get('reactions.amount')).toBe(8);
    expect((await handle.economy.settings.audit({ limit: 1 }))[0]).toMatchObject({ changedBy: `admin:${DEMO_ADMIN_ID}` });
  });

  it('every page, desktop and phone, Spanish and English: screenshots, nothing wider than the screen', async () => {
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      for (const lang of ['es', 'en']) {
        for (const path of PAGES) {
          await page.goto(`${base}/dashboard/${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
          if (await page.locator('canvas[data-chart]').count()) await page.waitForSelector('canvas[data-drawn]');
          expect(await page.getAttribute('html', 'lang')).toBe(lang);
          // Forms folded away (new product, new reward) are opened, so they are measured and seen too.
          await page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })");
          const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
          expect(overflow, `${viewport.name} ${lang} /${path}`).toBeLessThanOrEqual(0);
          const name = `${viewport.name}-${lang}-${path.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '') || 'overview'}.png`;
          await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
        }
      }
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 240_000);

  it('switches the language, logs out, and the session is over', async () => {
    await page.goto(`${base}/dashboard/?lang=es`);
    await expect(page.locator('nav.nav a[aria-current=page]').innerText()).resolves.toBe('Resumen');
    await page.click('a[data-lang=en]');
    await page.waitForURL(/lang=en/);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expect(page.locator('nav.nav a[aria-current=page]').innerText()).resolves.toBe('Overview');
    // Remembered: the next page is English without asking.
    await page.goto(`${base}/dashboard/shop`);
    await expect(page.locator('h1').innerText()).resolves.toBe('Shop');

    await page.click('form.logout button');
    await page.waitForURL(`${base}/login?ok=logged-out`);
    await expect(page.locator('.notice.ok').innerText()).resolves.toBe('Logged out.');
    await page.goto(`${base}/dashboard/`);
    expect(page.url()).toBe(`${base}/login`);
    // Refused requests (the wrong token, the cross-site post, bad formulas) log a failed load;
    // anything else (a CSP violation, a script error) is a problem.
    expect(problems.filter((p) => !p.startsWith('Failed to load resource'))).toEqual([]);
  });
});

describe.skipIf(!runnable)('the first admin in chromium (a fresh clone: no ADMIN_IDS)', () => {
  let dir: string;
  let handle: ServerHandle;
  let browser: BrowserContext;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'besitos-setup-'));
    const loaded = loadServerConfig({ env: { DATABASE_URL: `sqlite:${join(dir, 'fresh.db')}`, PORT: '0' } });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    handle = await startServer(loaded.config, { logger: createLogger('silent', { write: () => undefined }, []) });
    browser = await launch(dir);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await handle?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the setup link asks for the Telegram id (Spanish and English), makes it the admin and opens the dashboard', async () => {
    expect(handle.welcome.loginUrl).toBeNull();
    expect(handle.welcome.setupUrl).toMatch(/\/setup\?token=bss_/);
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${handle.welcome.setupUrl!}&lang=en`);
    await expect(page.locator('form').innerText()).resolves.toContain('Telegram numeric id');
    await page.screenshot({ path: join(ARTIFACTS, 'setup-en.png'), fullPage: true });
    await page.goto(`${handle.welcome.setupUrl!}&lang=es`);
    await expect(page.locator('form').innerText()).resolves.toContain('id numérico de Telegram');
    await page.screenshot({ path: join(ARTIFACTS, 'setup-es.png'), fullPage: true });
    await page.fill('#admin-id', '4244');
    await Promise.all([page.waitForURL(`${new URL(handle.welcome.setupUrl!).origin}/dashboard/`), page.click('button[type=submit]')]);
    expect(await handle.economy.admins.allIds()).toEqual([4244]);
    // Used: the link now only points to the login page.
    const again = await page.goto(handle.welcome.setupUrl!);
    expect(again?.status()).toBe(404);
  });
});
