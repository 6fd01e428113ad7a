/**
 * The admin REST API (issue 13) on both databases: every route's happy path; 401 without,
 * with a bad and with a revoked token (and for a demoted admin); 400, 413 and 415 for bad
 * bodies, changing nothing; an idempotent replay of a credit; writes audited under the
 * token's admin; errors as problem+json with SPEC §12's codes; the OpenAPI document valid
 * and listing every route the app serves.
 */
import { validate } from '@readme/openapi-parser';
import { pino } from 'pino';
import type { Hono } from 'hono';
import { beforeEach, describe, expect, it } from 'vitest';
import { ScriptedDeliverer } from '../../../src/core/index.js';
import { createHttpApp } from '../../../src/http/app.js';
import { MAX_BODY_BYTES } from '../../../src/http/api/body-rules.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN_ID, useEngine, type EngineFixture } from '../../helpers/engine-fixture.js';

const MEMBER = 5001;

/** A response's JSON body, as the tests read it. */
const json = (res: Response): Promise<any> => res.json() as Promise<any>;

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  path: string;
  body?: unknown;
  status: number;
}

/** One happy call per route, given the ids the set-up made. */
function happyCalls(ids: { set: number; product: number; reward: number; purchase: number }): Call[] {
  return [
    { method: 'GET', path: '/api/v1/me', status: 200 },
    { method: 'GET', path: '/api/v1/verify', status: 200 },
    { method: 'GET', path: '/api/v1/metrics?days=7', status: 200 },
    { method: 'GET', path: '/api/v1/settings', status: 200 },
    { method: 'PUT', path: '/api/v1/settings/reactions.amount', body: { value: 7 }, status: 200 },
    { method: 'GET', path: '/api/v1/settings/audit?limit=5', status: 200 },
    { method: 'GET', path: '/api/v1/levels/preview?formula=linear:250&count=3', status: 200 },
    { method: 'GET', path: `/api/v1/members/${MEMBER}`, status: 200 },
    { method: 'GET', path: '/api/v1/members/@ana_bes', status: 200 },
    { method: 'GET', path: `/api/v1/members/${MEMBER}/history?types=EARN_ADMIN&limit=2`, status: 200 },
    { method: 'GET', path: `/api/v1/members/${MEMBER}/purchases`, status: 200 },
    { method: 'GET', path: `/api/v1/members/${MEMBER}/rewards`, status: 200 },
    { method: 'GET', path: `/api/v1/members/${MEMBER}/role-changes`, status: 200 },
    { method: 'POST', path: `/api/v1/members/${MEMBER}/credit`, body: { amount: 10, reason: 'api gift' }, status: 201 },
    { method: 'POST', path: `/api/v1/members/${MEMBER}/debit`, body: { amount: 5, reason: 'api fine' }, status: 201 },
    { method: 'POST', path: `/api/v1/members/${MEMBER}/vip`, body: { days: 3, reason: 'promo' }, status: 200 },
    { method: 'GET', path: '/api/v1/content-sets', status: 200 },
    { method: 'POST', path: '/api/v1/content-sets', body: { name: 'Fotos', items: [{ kind: 'photo', fileId: 'PH1' }] }, status: 201 },
    { method: 'PATCH', path: `/api/v1/content-sets/${ids.set}`, body: { name: 'Pack 2' }, status: 200 },
    { method: 'GET', path: '/api/v1/products', status: 200 },
    { method: 'POST', path: '/api/v1/products', body: { name: 'VIP semana', kind: 'VIP_DAYS', days: 7, price: 100 }, status: 201 },
    { method: 'PATCH', path: `/api/v1/products/${ids.product}`, body: { price: 40, stock: null }, status: 200 },
    { method: 'POST', path: `/api/v1/products/${ids.product}/deactivate`, status: 200 },
    { method: 'POST', path: `/api/v1/products/${ids.product}/activate`, status: 200 },
    { method: 'GET', path: '/api/v1/rewards', status: 200 },
    { method: 'POST', path: '/api/v1/rewards', body: { name: 'Mil', kind: 'BESITOS', amount: 20, conditions: [{ type: 'TOTAL_EARNED', value: 1000 }] }, status: 201 },
    { method: 'PATCH', path: `/api/v1/rewards/${ids.reward}`, body: { amount: 15 }, status: 200 },
    { method: 'POST', path: `/api/v1/rewards/${ids.reward}/deactivate`, status: 200 },
    { method: 'POST', path: `/api/v1/rewards/${ids.reward}/activate`, status: 200 },
    { method: 'GET', path: `/api/v1/purchases?memberId=${MEMBER}&limit=5`, status: 200 },
    { method: 'POST', path: `/api/v1/purchases/${ids.purchase}/refund`, body: { reason: 'wrong file' }, status: 200 },
    { method: 'GET', path: '/api/v1/audit/roles?limit=5', status: 200 },
    { method: 'GET', path: '/api/v1/audit/movements', status: 200 },
    { method: 'GET', path: '/api/v1/leaderboards/all', status: 200 },
    { method: 'GET', path: '/api/v1/leaderboards/week?limit=25', status: 200 },
    { method: 'GET', path: `/api/v1/leaderboards/month/members/${MEMBER}`, status: 200 },
  ];
}

for (const dialect of testDialects()) {
  describe(`admin API (${dialect.name})`, () => {
    const fx: EngineFixture = useEngine(dialect);
    let app: Hono;
    let token: string;
    let ids: { set: number; product: number; reward: number; purchase: number };
    const logs: string[] = [];

    const request = (method: string, path: string, options: { body?: unknown; token?: string | null; headers?: Record<string, string>; raw?: string } = {}) => {
      const headers: Record<string, string> = { ...options.headers };
      const bearer = options.token === undefined ? token : options.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      if (options.body !== undefined) headers['content-type'] ??= 'application/json';
      const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
      return app.request(`http://127.0.0.1${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    };
    /** What a refused write must leave as it was. */
    const snapshot = async () => ({
      transactions: (await fx.economy.history(MEMBER, { limit: 100 })).total,
      settings: await fx.economy.settings.audit({ limit: 100 }),
      products: await fx.shop.products(ADMIN_ID),
      sets: await fx.shop.contentSets(ADMIN_ID),
      rewards: await fx.rewards.listRewards(ADMIN_ID),
      roles: await fx.membership.roleChanges(MEMBER),
      purchases: await fx.shop.allPurchases(ADMIN_ID),
    });

    beforeEach(async () => {
      logs.length = 0;
      app = createHttpApp({ economy: fx.economy, logger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) }) });
      token = (await fx.economy.apiTokens.issue(ADMIN_ID, { name: 'tests' })).token;
      await fx.membership.register({ id: MEMBER, username: 'ana_bes', firstName: 'Ana' });
      await fx.ledger.credit({ memberId: MEMBER, amount: 100, reason: 'seed' });
      const set = await fx.shop.createContentSet({ adminId: ADMIN_ID, name: 'Pack', items: [{ kind: 'document', fileId: 'DOC' }] });
      const product = await fx.shop.createProduct({ adminId: ADMIN_ID, name: 'Guía', kind: 'CONTENT', contentSetId: set.id, price: 30 });
      const reward = await fx.rewards.createReward(ADMIN_ID, { name: 'Diez', kind: 'BESITOS', amount: 10, conditions: [{ type: 'FIRST_REACTION' }] });
      fx.shop.setDeliverer(new ScriptedDeliverer());
      const bought = await fx.shop.purchase({ memberId: MEMBER, productId: product.id, confirmationKey: 'buy-1' });
      ids = { set: set.id, product: product.id, reward: reward.id, purchase: bought.purchase.id };
    });

    it('every route answers its happy path', async () => {
      for (const call of happyCalls(ids)) {
        const res = await request(call.method, call.path, call.body === undefined ? {} : { body: call.body });
        expect(res.status, `${call.method} ${call.path}: ${await res.clone().text()}`).toBe(call.status);
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      }
      const member = await json(await request('GET', `/api/v1/members/${MEMBER}`));
      expect(member).toMatchObject({ id: MEMBER, username: 'ana_bes', role: 'VIP', profile: { balance: 105, totalEarned: 110 } });
      expect(await json(await request('GET', '/api/v1/levels/preview?formula=linear:250&count=3'))).toMatchObject({
        levels: [{ level: 1, from: 0 }, { level: 2, from: 250 }, { level: 3, from: 500 }],
      });
      expect((await fx.shop.product(ADMIN_ID, ids.product)).price).toBe(40);
      expect((await fx.economy.verify()).ok).toBe(true);
    });

    it('401 and nothing else without a token, with a bad one, a revoked one, or a demoted admin\'s', async () => {
      const revoked = await fx.economy.apiTokens.issue(ADMIN_ID);
      await fx.economy.apiTokens.revoke(revoked.info.id, 'cli');
      const STORED = 7_000_002;
      await fx.membership.register({ id: STORED });
      await fx.membership.setRole({ adminId: ADMIN_ID, memberId: STORED, role: 'ADMIN' });
      const demoted = await fx.economy.apiTokens.issue(STORED);
      await fx.membership.setRole({ adminId: ADMIN_ID, memberId: STORED, role: 'FREE' });
      const before = await snapshot();
      const bad = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
      // Enough failures in one window would be 429: a fresh app (a fresh counter) for each kind.
      for (const t of [null, bad, 'not-a-token', revoked.token, demoted.token]) {
        app = createHttpApp({ economy: fx.economy, logger: pino({ level: 'silent' }) });
        for (const call of happyCalls(ids).slice(0, 9)) {
          const res = await request(call.method, call.path, { token: t, ...(call.body === undefined ? {} : { body: call.body }) });
          expect(res.status, `${call.method} ${call.path} with ${String(t).slice(0, 8)}`).toBe(401);
          expect(res.headers.get('www-authenticate')).toBe('Bearer realm="besitos"');
          expect(await json(res)).toEqual({
            type: 'urn:besitos:error:UNAUTHORIZED',
            title: 'Unauthorized',
            status: 401,
            code: 'UNAUTHORIZED',
            detail: 'a valid admin token is required: Authorization: Bearer <token>',
          });
        }
      }
      expect(await snapshot()).toEqual(before);
    });

    it('a token revoked, or its admin demoted, is refused on the very next request (nothing of the last answer is reused)', async () => {
      const credit = (t: string) => request('POST', `/api/v1/members/${MEMBER}/credit`, { token: t, body: { amount: 1, reason: 'next' } });
      const used = await fx.economy.apiTokens.issue(ADMIN_ID);
      expect((await credit(used.token)).status).toBe(201);
      expect((await request('GET', '/api/v1/me', { token: used.token })).status).toBe(200);
      await fx.economy.apiTokens.revoke(used.info.id, 'cli');
      expect((await credit(used.token)).status).toBe(401);
      expect((await request('GET', '/api/v1/me', { token: used.token })).status).toBe(401);

      const STORED = 7_000_003;
      await fx.membership.register({ id: STORED });
      await fx.membership.setRole({ adminId: ADMIN_ID, memberId: STORED, role: 'ADMIN' });
      const theirs = await fx.economy.apiTokens.issue(STORED);
      expect((await credit(theirs.token)).status).toBe(201);
      await fx.membership.setRole({ adminId: ADMIN_ID, memberId: STORED, role: 'FREE' });
      expect((await credit(theirs.token)).status).toBe(401);
      expect((await fx.economy.history(MEMBER, { limit: 100 })).items.filter((t) => t.reason === 'next')).toHaveLength(2);
    });

    it('failed token attempts from one address are limited (429 with Retry-After), a good token still refused then', async () => {
      app = createHttpApp({ economy: fx.economy, logger: pino({ level: 'silent' }), failedAttempts: { max: 3, windowMs: 60_000 } });
      for (let i = 0; i < 3; i++) expect((await request('GET', '/api/v1/me', { token: 'bst_nope' })).status).toBe(401);
      const limited = await request('GET', '/api/v1/me');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await json(limited)).code).toBe('TOO_MANY_ATTEMPTS');
    });

    it('bad bodies: 400 (wrong types, unknown fields), 413 (too large), 415 (not JSON); nothing changes', async () => {
      const before = await snapshot();
      const writes = happyCalls(ids).filter((c) => c.body !== undefined);
      for (const call of writes) {
        const wrongType = await request(call.method, call.path, { body: { ...(call.body as object), name: 42, amount: 'ten', value: undefined, days: 'x', price: 'free' } });
        expect(wrongType.status, `${call.method} ${call.path} wrong types`).toBe(400);
        expect(wrongType.headers.get('content-type')).toBe('application/problem+json');
        expect(['INVALID_INPUT', 'INVALID_AMOUNT']).toContain((await json(wrongType)).code);

        const unknown = await request(call.method, call.path, { body: { ...(call.body as object), sneaky: true } });
        expect(unknown.status, `${call.method} ${call.path} unknown field`).toBe(400);
        expect((await json(unknown)).errors).toEqual(expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining('sneaky') })]));

        const notJson = await request(call.method, call.path, { raw: JSON.stringify(call.body), headers: { 'content-type': 'text/plain' } });
        expect(notJson.status, `${call.method} ${call.path} text/plain`).toBe(415);
        expect((await json(notJson)).code).toBe('UNSUPPORTED_MEDIA_TYPE');

        const huge = await request(call.method, call.path, { raw: JSON.stringify({ ...(call.body as object), reason: 'x'.repeat(MAX_BODY_BYTES) }), headers: { 'content-type': 'application/json' } });
        expect(huge.status, `${call.method} ${call.path} huge`).toBe(413);
        expect((await json(huge)).code).toBe('PAYLOAD_TOO_LARGE');

        const broken = await request(call.method, call.path, { raw: '{"amount": 1,', headers: { 'content-type': 'application/json' } });
        expect(broken.status, `${call.method} ${call.path} broken JSON`).toBe(400);
      }
      // A declared Content-Length over the limit is refused before the body is read; so is a lie in it.
      const declared = await request('POST', `/api/v1/members/${MEMBER}/credit`, { body: { amount: 1, reason: 'x' }, headers: { 'content-length': String(MAX_BODY_BYTES + 1) } });
      expect(declared.status).toBe(413);
      expect((await request('POST', `/api/v1/members/${MEMBER}/credit`, { body: { amount: 1, reason: 'x' }, headers: { 'content-length': 'lots' } })).status).toBe(413);
      // Ids that are not plain digits are not ids.
      expect((await request('POST', '/api/v1/members/1e3/credit', { body: { amount: 1, reason: 'x' } })).status).toBe(400);
      // No body at all: the schema names what is missing; a key over its length is refused too.
      const empty = await request('POST', `/api/v1/members/${MEMBER}/credit`);
      expect(empty.status).toBe(400);
      expect((await json(empty)).errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'amount' }), expect.objectContaining({ path: 'reason' })]));
      const longKey = await request('POST', `/api/v1/members/${MEMBER}/credit`, { body: { amount: 1, reason: 'x' }, headers: { 'idempotency-key': 'k'.repeat(1000) } });
      expect(longKey.status).toBe(400);
      expect((await json(longKey)).errors).toEqual([expect.objectContaining({ path: 'idempotency-key' })]);
      expect(await snapshot()).toEqual(before);
      expect(logs.filter((l) => l.includes('"level":50'))).toEqual([]);
    });

    it('engine refusals are problem+json with the code of SPEC §12 and its details, nothing changed', async () => {
      const before = await snapshot();
      const funds = await request('POST', `/api/v1/members/${MEMBER}/debit`, { body: { amount: 1000, reason: 'too much' } });
      expect(funds.status).toBe(409);
      expect(await json(funds)).toMatchObject({ code: 'INSUFFICIENT_FUNDS', details: { balance: 70, amount: 1000 }, type: 'urn:besitos:error:INSUFFICIENT_FUNDS' });
      const setting = await request('PUT', '/api/v1/settings/reactions.amount', { body: { value: -1 } });
      expect(setting.status).toBe(400);
      expect(await json(setting)).toMatchObject({ code: 'INVALID_CONFIG', details: { key: 'reactions.amount' } });
      expect((await request('GET', '/api/v1/levels/preview?formula=sqrt(', {})).status).toBe(400);
      expect((await json(await request('GET', '/api/v1/members/@nobody_here'))).code).toBe('NOT_FOUND');
      expect((await request('PATCH', '/api/v1/products/999999', { body: { price: 1 } })).status).toBe(404);
      expect((await request('GET', '/api/v1/nothing-here')).status).toBe(404);
      expect(await snapshot()).toEqual(before);
    });

    it('a credit replayed with its Idempotency-Key moves once; the same key for another amount is 422', async () => {
      const headers = { 'idempotency-key': 'crm-4711' };
      const first = await request('POST', `/api/v1/members/${MEMBER}/credit`, { body: { amount: 25, reason: 'bonus' }, headers });
      const again = await request('POST', `/api/v1/members/${MEMBER}/credit`, { body: { amount: 25, reason: 'bonus (retry)' }, headers });
      expect([first.status, again.status]).toEqual([201, 200]);
      const [a, b] = [await json(first), await json(again)];
      expect(b.replayed).toBe(true);
      expect(b.transaction.id).toBe(a.transaction.id);
      expect(await fx.ledger.balance(MEMBER)).toBe(95);
      const conflict = await request('POST', `/api/v1/members/${MEMBER}/credit`, { body: { amount: 26, reason: 'bonus' }, headers });
      expect(conflict.status).toBe(422);
      expect((await json(conflict)).code).toBe('IDEMPOTENCY_CONFLICT');
      expect(await fx.ledger.balance(MEMBER)).toBe(95);
    });

    it("writes are audited under the token's admin", async () => {
      const credit = await json(await request('POST', `/api/v1/members/${MEMBER}/credit`, { body: { amount: 10, reason: 'api gift' } }));
      const stored = (await fx.economy.history(MEMBER, { types: ['EARN_ADMIN'] })).items[0]!;
      expect(stored.id).toBe(credit.transaction.id);
      expect(stored.metadata).toMatchObject({ admin_id: ADMIN_ID, via: 'api' });
      expect(stored.reason).toBe('api gift');
      await request('PUT', '/api/v1/settings/daily.base', { body: { value: 25 } });
      expect((await fx.economy.settings.audit({ key: 'daily.base' }))[0]).toMatchObject({ newValue: 25, changedBy: `admin:${ADMIN_ID}` });
      await request('POST', `/api/v1/members/${MEMBER}/vip`, { body: { days: 2 } });
      expect((await fx.membership.roleChanges(MEMBER))[0]).toMatchObject({ to: 'VIP', changedBy: `admin:${ADMIN_ID}` });
    });

    it('history pages with cursors and filters', async () => {
      for (let i = 1; i <= 5; i++) await fx.ledger.credit({ memberId: MEMBER, amount: i, reason: `r${i}` });
      const first = await json(await request('GET', `/api/v1/members/${MEMBER}/history?limit=2`));
      expect(first.items.map((t: { amount: number }) => t.amount)).toEqual([5, 4]);
      expect(first.total).toBe(7);
      const second = await json(await request('GET', `/api/v1/members/${MEMBER}/history?limit=2&cursor=${first.nextCursor}`));
      expect(second.items.map((t: { amount: number }) => t.amount)).toEqual([3, 2]);
      expect((await request('GET', `/api/v1/members/${MEMBER}/history?types=NOPE`)).status).toBe(400);
      expect((await request('GET', `/api/v1/members/${MEMBER}/history?limit=500`)).status).toBe(400);
      expect((await request('GET', `/api/v1/members/${MEMBER}/history?bogus=1`)).status).toBe(400);
    });

    it('leaderboards: pages of 10 to 25 opted-in members by cursor, a member\'s own position; 401 and 400 as problem+json', async () => {
      // Twelve opted-in members earning 1010, 1020, … 1120, and MEMBER (100 earned) not opted in.
      for (let i = 1; i <= 12; i++) {
        await fx.membership.register({ id: 6000 + i, username: `p${i}` });
        await fx.ledger.credit({ memberId: 6000 + i, amount: 1000 + 10 * i, type: 'EARN_REACTION' });
        await fx.economy.leaderboards.setOptIn(6000 + i, true);
      }
      await fx.economy.stats.refresh();
      const first = await json(await request('GET', '/api/v1/leaderboards/all'));
      expect(first).toMatchObject({ board: 'all', period: null, members: 12, prevCursor: null });
      expect(first.asOf).toEqual(expect.any(String));
      expect(first.entries).toHaveLength(10);
      expect(first.entries[0]).toMatchObject({ position: 1, memberId: 6012, username: 'p12', score: 1120 });
      const second = await json(await request('GET', `/api/v1/leaderboards/all?cursor=${first.nextCursor}`));
      expect(second.entries.map((e: { memberId: number }) => e.memberId)).toEqual([6002, 6001]);
      expect(second.nextCursor).toBeNull();
      const wide = await json(await request('GET', '/api/v1/leaderboards/all?limit=25'));
      expect(wide.entries).toHaveLength(12);
      const week = await json(await request('GET', '/api/v1/leaderboards/week'));
      expect(week.period).toEqual({ from: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), to: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });

      const mine = await json(await request('GET', '/api/v1/leaderboards/all/members/6011'));
      expect(mine).toMatchObject({ board: 'all', memberId: 6011, optedIn: true, listed: true, score: 1110, position: 2, outOf: 12, ahead: { position: 1, score: 1120, gap: 10 } });
      const hidden = await json(await request('GET', `/api/v1/leaderboards/all/members/${MEMBER}`));
      expect(hidden).toMatchObject({ memberId: MEMBER, optedIn: false, listed: false });

      for (const path of ['/api/v1/leaderboards/all', `/api/v1/leaderboards/all/members/${MEMBER}`]) {
        const res = await request('GET', path, { token: null });
        expect(res.status).toBe(401);
        expect(res.headers.get('content-type')).toBe('application/problem+json');
      }
      for (const path of [
        '/api/v1/leaderboards/year',
        '/api/v1/leaderboards/all?limit=9',
        '/api/v1/leaderboards/all?limit=26',
        '/api/v1/leaderboards/all?limit=ten',
        '/api/v1/leaderboards/all?cursor=zzz',
        '/api/v1/leaderboards/all?page=2',
        '/api/v1/leaderboards/year/members/6011',
        '/api/v1/leaderboards/all/members/1e3',
      ]) {
        const res = await request('GET', path);
        expect(res.status, path).toBe(400);
        expect(res.headers.get('content-type'), path).toBe('application/problem+json');
        expect((await json(res)).code, path).toBe('INVALID_INPUT');
      }
    });

    it('the OpenAPI 3.1 document is valid and lists every route the app serves; the reference page is served from node_modules', async () => {
      const res = await request('GET', '/api/v1/openapi.json', { token: null });
      expect(res.status).toBe(200);
      const doc = await json(res);
      expect(doc.openapi).toBe('3.1.0');
      const result = await validate(structuredClone(doc));
      expect(result.valid ? [] : result.errors).toEqual([]);

      const documented = new Set(Object.entries(doc.paths as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${path}`)));
      const served = new Set(
        app.routes
          .filter((r) => r.path.startsWith('/api/v1/') && r.method !== 'ALL' && !/\/(openapi\.json|docs)(\/|$)/.test(r.path))
          .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
      );
      expect(served.size).toBeGreaterThan(25);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/leaderboards/{board}', '/leaderboards/{board}/members/{memberId}']));
      expect([...served].filter((r) => !documented.has(r))).toEqual([]);
      // And every happy call above is one of them.
      for (const call of happyCalls(ids)) {
        const path = new URL(call.path, 'http://x').pathname.replace(/\/\d+(?=\/|$)/g, (m) => (m === `/${MEMBER}` ? '/{memberId}' : m)).replace('/@ana_bes', '/{ref}');
        const any = [...documented].some((d) => new RegExp(`^${call.method} ${d.split(' ')[1]!.replace(/\{\w+\}/g, '[^/]+')}$`).test(`${call.method} ${path}`));
        expect(any, `${call.method} ${call.path}`).toBe(true);
      }

      const page = await request('GET', '/api/v1/docs', { token: null });
      expect(page.status).toBe(200);
      const csp = page.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/https?:/);
      const html = await page.text();
      expect(html).not.toMatch(/https?:\/\//);
      for (const asset of ['/api/v1/docs/assets/swagger-ui-bundle.js', '/api/v1/docs/assets/swagger-ui.css', '/api/v1/docs/start.js']) {
        expect(html).toContain(asset);
        const r = await request('GET', asset, { token: null });
        expect(r.status, asset).toBe(200);
      }
      expect((await request('GET', '/api/v1/docs/assets/package.json', { token: null })).status).toBe(404);
    });
  });
}
