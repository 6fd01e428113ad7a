/**
 * The dashboard (issue 13) in-process, on both databases: logging in by a token or the
 * one-time link opens a session cookie (HttpOnly, SameSite=Strict, Secure behind https);
 * every page answers in Spanish and English with no missing message; a wrong token, a
 * cross-site post and a post without the session's CSRF token are refused and change
 * nothing; the credit form moves besitos once (its key) under the session's admin; a
 * setting is changed and audited as that admin; a refund; logging out, a revoked token and
 * a demoted admin end the session; the session reads the API (GET) but cannot write it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { ScriptedDeliverer } from '../../../src/core/index.js';
import { createHttpApp } from '../../../src/http/app.js';
import { DASHBOARD_CSP } from '../../../src/http/dashboard/index.js';
import { SESSION_TTL_MS } from '../../../src/http/dashboard/sessions.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN_ID, useEngine } from '../../helpers/engine-fixture.js';

const MEMBER = 5001;
const ORIGIN = 'http://127.0.0.1';
const PAGES = ['/dashboard/', `/dashboard/members/${MEMBER}`, '/dashboard/members', '/dashboard/settings', '/dashboard/shop', '/dashboard/rewards', '/dashboard/leaderboards', '/dashboard/leaderboards?board=week', '/dashboard/leaderboards?board=month', '/dashboard/audit', '/dashboard/audit?tab=roles', '/dashboard/audit?tab=movements'];

/** The Fluent keys the dashboard's sources name literally (dynamic ones are listed in the test). */
function keysInSources(): string[] {
  const dir = new URL('../../../src/http/dashboard/', import.meta.url).pathname;
  const files = [...readdirSync(dir).map((f) => join(dir, f)), ...readdirSync(join(dir, 'pages')).map((f) => join(dir, 'pages', f))].filter((f) => f.endsWith('.ts'));
  const keys = new Set<string>();
  for (const file of files) for (const m of readFileSync(file, 'utf8').matchAll(/t\('(dash-[a-zA-Z0-9-]+)'/g)) keys.add(m[1]!);
  return [...keys];
}

function keysInLocale(lang: string): Set<string> {
  const text = readFileSync(new URL(`../../../locales/${lang}/dashboard.ftl`, import.meta.url), 'utf8');
  return new Set([...text.matchAll(/^([a-zA-Z][\w-]*)\s*=/gm)].map((m) => m[1]!));
}

describe('dashboard words', () => {
  it('every message the pages name is in both languages', () => {
    const dynamic = [
      ...['overview', 'members', 'settings', 'shop', 'rewards', 'leaderboards', 'audit'].map((p) => `dash-nav-${p}`),
      ...['settings', 'roles', 'movements'].map((t) => `dash-audit-${t}`),
      ...['job', 'shop', 'config'].map((b) => `dash-by-${b}`),
      ...['credited', 'debited', 'vip-granted', 'setting-saved', 'product-created', 'reward-created', 'switched-on', 'switched-off', 'refunded', 'logged-out', 'product-updated', 'content-set-renamed', 'reward-updated'].map((o) => `dash-ok-${o}`),
    ];
    for (const lang of ['es', 'en']) {
      const have = keysInLocale(lang);
      expect({ lang, missing: [...keysInSources(), ...dynamic].filter((k) => !have.has(k)) }).toEqual({ lang, missing: [] });
    }
  });
});

for (const dialect of testDialects()) {
  describe(`dashboard (${dialect.name})`, () => {
    const fx = useEngine(dialect);
    let app: Hono;
    let token: string;
    let purchaseId: number;

    /** A browser's request: same-site unless told, the cookie it holds. */
    const request = (method: string, path: string, options: { cookie?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      if (options.cookie) headers.cookie = options.cookie;
      if (options.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        headers.origin ??= ORIGIN;
      }
      const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
      return app.request(`${ORIGIN}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    };
    const cookieOf = (res: Response) => /besitos_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '')?.[0];
    const login = async (secret = token) => {
      const res = await request('POST', '/login', { form: { token: secret } });
      expect(res.status).toBe(303);
      return cookieOf(res)!;
    };
    const csrfOf = async (cookie: string, path = `/dashboard/members/${MEMBER}`) => /name="_csrf" value="([^"]+)"/.exec(await (await request('GET', path, { cookie })).text())![1]!;

    beforeEach(async () => {
      app = createHttpApp({ economy: fx.economy, logger: pino({ level: 'silent' }) });
      token = (await fx.economy.apiTokens.issue(ADMIN_ID, { name: 'tests' })).token;
      await fx.membership.register({ id: MEMBER, username: 'ana_bes', firstName: 'Ana' });
      await fx.ledger.credit({ memberId: MEMBER, amount: 100, reason: 'seed' });
      const set = await fx.shop.createContentSet({ adminId: ADMIN_ID, name: 'Pack', items: [{ kind: 'document', fileId: 'DOC' }] });
      const product = await fx.shop.createProduct({ adminId: ADMIN_ID, name: 'Guía', kind: 'CONTENT', contentSetId: set.id, price: 30 });
      fx.shop.setDeliverer(new ScriptedDeliverer());
      purchaseId = (await fx.shop.purchase({ memberId: MEMBER, productId: product.id, confirmationKey: 'buy-1' })).purchase.id;
    });

    it('a token opens a session cookie (HttpOnly, SameSite=Strict, expiring; Secure behind https); every page answers in both languages', async () => {
      expect((await request('GET', '/dashboard/')).headers.get('location')).toBe('/login');
      const res = await request('POST', '/login', { form: { token } });
      expect(res.headers.get('location')).toBe('/dashboard/');
      const setCookie = res.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Strict/);
      expect(setCookie).toMatch(new RegExp(`Max-Age=${SESSION_TTL_MS / 1000}`));
      expect(setCookie).not.toMatch(/Secure/);
      const behindTls = await request('POST', '/login', { form: { token }, headers: { 'x-forwarded-proto': 'https' } });
      expect(behindTls.headers.get('set-cookie')).toMatch(/Secure/);

      const cookie = cookieOf(res)!;
      const texts: Record<string, string> = {};
      for (const lang of ['es', 'en']) {
        for (const path of PAGES) {
          const page = await request('GET', `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`, { cookie });
          expect(page.status, `${lang} ${path}`).toBe(200);
          expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
          const text = await page.text();
          expect(text, `${lang} ${path}`).toContain(`<html lang="${lang}">`);
          // No message key left unrendered, no inline script (only data and files).
          expect(text.match(/\bdash-[a-z]+-[a-z-]+/g), `${lang} ${path}`).toBeNull();
          expect(text.match(/<script(?![^>]*(?:src="\/dashboard\/assets\/|type="application\/json"))/g)).toBeNull();
          texts[`${lang}${path}`] = text;
        }
      }
      expect(texts['es/dashboard/settings']).toContain('Fórmula de niveles');
      expect(texts['en/dashboard/settings']).toContain('Level formula');
      expect(texts['es/dashboard/']).toContain('En circulación');
      // The language comes from Accept-Language when nothing was chosen.
      const english = await app.request(`${ORIGIN}/login`, { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
      expect(await english.text()).toContain('Log in to besitos');
      expect(await (await app.request(`${ORIGIN}/login`)).text()).toContain('Entrar en besitos');
    });

    it('the one-time link: GET only shows a button, the POST opens a session once', async () => {
      const link = await fx.economy.apiTokens.createLoginToken({ adminId: ADMIN_ID, by: 'start' });
      const page = await request('GET', `/login?token=${link.token}`);
      expect(await page.text()).toContain(`value="${link.token}"`);
      const cookie = await login(link.token);
      expect((await request('GET', '/dashboard/', { cookie })).status).toBe(200);
      expect((await request('POST', '/login', { form: { token: link.token } })).status).toBe(401);
      // Opening a session by the link issued no API token (the next start prints a link again).
      expect(await fx.economy.apiTokens.activeCount()).toBe(1);
    });

    it('a wrong token, a cross-site post and a post without the CSRF token are refused and change nothing', async () => {
      const wrong = await request('POST', '/login', { form: { token: token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA') } });
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('set-cookie')).toBeNull();
      const cookie = await login();
      const csrf = await csrfOf(cookie);
      const credit = { _csrf: csrf, direction: 'credit', amount: '10', reason: 'gift', key: 'k1' };
      const before = await fx.ledger.balance(MEMBER);
      const crossSite = await request('POST', `/dashboard/members/${MEMBER}/movement`, { cookie, form: credit, headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
      expect(crossSite.status).toBe(403);
      const noToken = await request('POST', `/dashboard/members/${MEMBER}/movement`, { cookie, form: { ...credit, _csrf: 'x'.repeat(43) } });
      expect(noToken.status).toBe(403);
      const noSession = await request('POST', `/dashboard/members/${MEMBER}/movement`, { form: credit });
      expect(noSession.status).toBe(401);
      expect(await fx.ledger.balance(MEMBER)).toBe(before);
    });

    it('the credit form moves once under the session admin; a refusal is shown and moves nothing', async () => {
      const cookie = await login();
      const csrf = await csrfOf(cookie);
      const form = { _csrf: csrf, direction: 'credit', amount: '25', reason: 'premio del concurso', key: 'form-key-1' };
      const first = await request('POST', `/dashboard/members/${MEMBER}/movement`, { cookie, form });
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe(`/dashboard/members/${MEMBER}?ok=credited`);
      // The same form sent again (a double click, a reload) moves nothing more.
      expect((await request('POST', `/dashboard/members/${MEMBER}/movement`, { cookie, form })).status).toBe(303);
      expect(await fx.ledger.balance(MEMBER)).toBe(100 - 30 + 25);
      const [latest] = (await fx.economy.history(MEMBER, { limit: 1 })).items;
      expect(latest).toMatchObject({ type: 'EARN_ADMIN', amount: 25, reason: 'premio del concurso', metadata: { admin_id: ADMIN_ID, via: 'dashboard' } });
      const shown = await (await request('GET', `/dashboard/members/${MEMBER}?lang=es`, { cookie })).text();
      expect(shown).toContain('«premio del concurso»');
      expect(shown).toContain('+25');

      const tooMuch = await request('POST', `/dashboard/members/${MEMBER}/movement`, { cookie, form: { ...form, direction: 'debit', amount: '5000', key: 'form-key-2' } });
      expect(tooMuch.status).toBe(409);
      expect(await tooMuch.text()).toContain('No hay saldo suficiente');
      const bad = await request('POST', `/dashboard/members/${MEMBER}/movement`, { cookie, form: { ...form, amount: '1.5', key: 'form-key-3' } });
      expect(bad.status).toBe(400);
      expect(await fx.ledger.balance(MEMBER)).toBe(95);
    });

    it('a setting changes through its form, audited as the admin; the formula preview; a refund', async () => {
      const cookie = await login();
      const csrf = await csrfOf(cookie, '/dashboard/settings');
      const saved = await request('POST', '/dashboard/settings', { cookie, form: { _csrf: csrf, key: 'reactions.amount', value: '1_000' } });
      expect(saved.status).toBe(303);
      expect(await fx.settings.get('reactions.amount')).toBe(1000);
      expect((await fx.settings.audit({ limit: 1 }))[0]).toMatchObject({ key: 'reactions.amount', newValue: 1000, changedBy: `admin:${ADMIN_ID}` });
      const refused = await request('POST', '/dashboard/settings', { cookie, form: { _csrf: csrf, key: 'economy.timezone', value: 'Mars/Olympus' } });
      expect(refused.status).toBe(400);
      expect(await fx.settings.get('economy.timezone')).toBe('UTC');

      // Preview without saving: the server draws the first levels of the typed formula.
      const preview = await request('POST', '/dashboard/settings', { cookie, form: { _csrf: csrf, key: 'levels.formula', value: 'linear:250', action: 'preview' } });
      const text = await preview.text();
      expect(text).toMatch(/data-label="[^"]*">250<\/td>/);
      expect(await fx.settings.get('levels.formula')).toEqual({ kind: 'sqrt' });
      await request('POST', '/dashboard/settings', { cookie, form: { _csrf: csrf, key: 'levels.formula', value: 'linear:250', action: 'save' } });
      expect(await fx.settings.get('levels.formula')).toEqual({ kind: 'linear', step: 250 });

      const refund = await request('POST', `/dashboard/shop/purchases/${purchaseId}/refund`, { cookie, form: { _csrf: csrf, reason: 'archivo equivocado' } });
      expect(refund.status).toBe(303);
      expect(await fx.ledger.balance(MEMBER)).toBe(100);
      const again = await request('POST', `/dashboard/shop/purchases/${purchaseId}/refund`, { cookie, form: { _csrf: csrf, reason: 'otra vez' } });
      expect(again.status).toBe(409);
      expect(await fx.ledger.balance(MEMBER)).toBe(100);
    });

    it('products and rewards are created, switched off and (rewards) edited through their forms, as the admin', async () => {
      const cookie = await login();
      const csrf = await csrfOf(cookie, '/dashboard/shop');
      const product = await request('POST', '/dashboard/shop/products', { cookie, form: { _csrf: csrf, name: 'Semana VIP', kind: 'VIP_DAYS', days: '7', price: '400', vipDiscountPct: '', stock: '5', perMemberLimit: '' } });
      expect(product.status).toBe(303);
      const created = (await fx.shop.products(ADMIN_ID)).find((p) => p.name === 'Semana VIP')!;
      expect(created).toMatchObject({ kind: 'VIP_DAYS', days: 7, price: 400, stock: 5, perMemberLimit: null, tier: 'FREE', active: true });
      expect((await request('POST', `/dashboard/shop/products/${created.id}/active`, { cookie, form: { _csrf: csrf, active: '0' } })).status).toBe(303);
      expect((await fx.shop.product(ADMIN_ID, created.id)).active).toBe(false);
      const refused = await request('POST', '/dashboard/shop/products', { cookie, form: { _csrf: csrf, name: 'Sin precio', kind: 'VIP_DAYS', days: '7', price: 'mucho' } });
      expect(refused.status).toBe(400);

      const reward = await request('POST', '/dashboard/rewards', {
        cookie,
        form: { _csrf: csrf, name: 'Fiel', kind: 'BESITOS', value: '25', cond0: 'TOTAL_EARNED', cond0value: '500', cond0group: '0', cond1: 'FIRST_PURCHASE', cond1group: '1', cond2: '', repeatable: 'on', cooldownHours: '48' },
      });
      expect(reward.status).toBe(303);
      const fiel = (await fx.rewards.listRewards(ADMIN_ID)).find((r) => r.name === 'Fiel')!;
      expect(fiel).toMatchObject({ kind: 'BESITOS', value: 25, repeatable: true, cooldownHours: 48, claimMode: 'auto' });
      expect(fiel.conditions).toEqual([{ type: 'TOTAL_EARNED', value: 500, group: 0 }, { type: 'FIRST_PURCHASE', value: null, group: 1 }]);
      expect((await request('POST', `/dashboard/rewards/${fiel.id}/active`, { cookie, form: { _csrf: csrf, active: '0' } })).status).toBe(303);
      expect((await fx.rewards.getReward(ADMIN_ID, fiel.id)).active).toBe(false);
      const page = await (await request('GET', '/dashboard/rewards?lang=es', { cookie })).text();
      expect(page).toContain('ganado ≥ 500 y (primera compra)');

      // Edited through its prefilled form: words and besitos change, kind and conditions stay.
      expect(page).toMatch(new RegExp(`id="e${fiel.id}-value"[^>]*value="25"`));
      const edited = await request('POST', `/dashboard/rewards/${fiel.id}`, { cookie, form: { _csrf: csrf, name: 'Muy fiel', description: 'gracias', value: '40' } });
      expect(edited.status).toBe(303);
      expect(edited.headers.get('location')).toBe('/dashboard/rewards?ok=reward-updated');
      const after = await fx.rewards.getReward(ADMIN_ID, fiel.id);
      expect(after).toMatchObject({ name: 'Muy fiel', description: 'gracias', kind: 'BESITOS', value: 40, conditions: fiel.conditions });
      expect((await request('POST', `/dashboard/rewards/${fiel.id}`, { cookie, form: { _csrf: csrf, name: 'Muy fiel', value: 'cero' } })).status).toBe(400);
      expect(await fx.rewards.getReward(ADMIN_ID, fiel.id)).toEqual(after);
    });

    it('a product is edited and a content set renamed through their forms (prefilled; empty clears a limit); a refusal changes nothing', async () => {
      const cookie = await login();
      const shop = await (await request('GET', '/dashboard/shop?lang=en', { cookie })).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(shop)![1]!;
      const [guide] = await fx.shop.products(ADMIN_ID);
      expect(shop).toContain(`action="/dashboard/shop/products/${guide!.id}"`);
      expect(shop).toMatch(new RegExp(`id="e${guide!.id}-price"[^>]*value="30"`));
      const saved = await request('POST', `/dashboard/shop/products/${guide!.id}`, { cookie, form: { _csrf: csrf, name: 'Guía 2', price: '45', vipDiscountPct: '10', stock: '3', perMemberLimit: '' } });
      expect(saved.status).toBe(303);
      expect(saved.headers.get('location')).toBe('/dashboard/shop?ok=product-updated');
      expect(await fx.shop.product(ADMIN_ID, guide!.id)).toMatchObject({ name: 'Guía 2', price: 45, vipDiscountPct: 10, stock: 3, perMemberLimit: null });
      const cleared = await request('POST', `/dashboard/shop/products/${guide!.id}`, { cookie, form: { _csrf: csrf, name: 'Guía 2', price: '45', vipDiscountPct: '', stock: '', perMemberLimit: '2' } });
      expect(cleared.status).toBe(303);
      expect(await fx.shop.product(ADMIN_ID, guide!.id)).toMatchObject({ stock: null, perMemberLimit: 2 });
      const before = await fx.shop.product(ADMIN_ID, guide!.id);
      const refused = await request('POST', `/dashboard/shop/products/${guide!.id}`, { cookie, form: { _csrf: csrf, name: 'Guía 2', price: '-5' } });
      expect(refused.status).toBe(400);
      expect(await fx.shop.product(ADMIN_ID, guide!.id)).toEqual(before);
      const noCsrf = await request('POST', `/dashboard/shop/products/${guide!.id}`, { cookie, form: { name: 'X', price: '1' } });
      expect(noCsrf.status).toBe(403);

      const [set] = await fx.shop.contentSets(ADMIN_ID);
      const renamed = await request('POST', `/dashboard/shop/content-sets/${set!.id}`, { cookie, form: { _csrf: csrf, name: 'Pack nuevo' } });
      expect(renamed.status).toBe(303);
      expect((await fx.shop.contentSets(ADMIN_ID)).find((s) => s.id === set!.id)).toMatchObject({ name: 'Pack nuevo', items: set!.items });
      expect((await request('POST', `/dashboard/shop/content-sets/${set!.id}`, { cookie, form: { _csrf: csrf, name: '' } })).status).toBe(400);
      expect(await (await request('GET', '/dashboard/shop?ok=content-set-renamed&lang=en', { cookie })).text()).toContain('Content set renamed.');
    });

    it('the leaderboards list the members who opted in, as of the last refresh', async () => {
      const cookie = await login();
      await fx.membership.register({ id: 5002, username: 'luz_b' });
      await fx.ledger.credit({ memberId: 5002, amount: 500, reason: 'seed' });
      await fx.economy.leaderboards.setOptIn(MEMBER, true);
      await fx.economy.stats.refresh();
      const board = await (await request('GET', '/dashboard/leaderboards?lang=en', { cookie })).text();
      expect(board).toContain('@ana_bes');
      expect(board).not.toContain('@luz_b');
      expect(board).toContain('1 member on the board');
      const member = await (await request('GET', '/dashboard/members/5002?lang=en', { cookie })).text();
      expect(member).toContain('#1');
      expect(member).toContain('not listed');
    });

    it('the session reads the API (GET) but cannot write it; the preview route answers the live preview', async () => {
      const cookie = await login();
      const preview = await request('GET', '/api/v1/levels/preview?formula=linear:250&count=3', { cookie });
      expect(preview.status).toBe(200);
      expect(await preview.json()).toMatchObject({ levels: [{ level: 1, from: 0 }, { level: 2, from: 250 }, { level: 3, from: 500 }] });
      const write = await app.request(`${ORIGIN}/api/v1/members/${MEMBER}/credit`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ amount: 5, reason: 'x' }) });
      expect(write.status).toBe(401);
    });

    it('logging out, a revoked token, a demoted admin and the end of its time end the session', async () => {
      const cookie = await login();
      const csrf = await csrfOf(cookie);
      const out = await request('POST', '/logout', { cookie, form: { _csrf: csrf } });
      expect(out.status).toBe(303);
      expect(out.headers.get('set-cookie')).toMatch(/besitos_session=;/);
      expect((await request('GET', '/dashboard/', { cookie })).status).toBe(303);

      const other = await fx.economy.apiTokens.issue(ADMIN_ID);
      const byOther = await login(other.token);
      expect((await request('GET', '/dashboard/', { cookie: byOther })).status).toBe(200);
      await fx.economy.apiTokens.revoke(other.info.id, 'cli');
      expect((await request('GET', '/dashboard/', { cookie: byOther })).status).toBe(303);

      const STORED = 7_000_002;
      await fx.membership.register({ id: STORED });
      await fx.membership.setRole({ adminId: ADMIN_ID, memberId: STORED, role: 'ADMIN' });
      const link = await fx.economy.apiTokens.createLoginToken({ adminId: STORED, by: 'start' });
      const demoted = await login(link.token);
      expect((await request('GET', '/dashboard/', { cookie: demoted })).status).toBe(200);
      await fx.membership.setRole({ adminId: ADMIN_ID, memberId: STORED, role: 'FREE' });
      expect((await request('GET', '/dashboard/', { cookie: demoted })).status).toBe(303);

      const late = await login();
      fx.clock.advance(SESSION_TTL_MS);
      expect((await request('GET', '/dashboard/', { cookie: late })).status).toBe(303);
    });
  });
}
