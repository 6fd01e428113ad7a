/**
 * The first admin (issue 13), on both databases: in an economy with no admin, the one-time
 * setup link shows a form (in Spanish and English), and its POST makes the typed Telegram id
 * the first admin (audited as `setup`) and opens a session as it. A wrong link, a used link,
 * a cross-site post and any setup once an admin exists are refused and change nothing; a
 * typo in the id keeps the link.
 */
import type { Hono } from 'hono';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../../src/http/app.js';
import { SetupLink } from '../../../src/http/setup-link.js';
import { testDialects } from '../../helpers/dialects.js';
import { useEngine } from '../../helpers/engine-fixture.js';

const ORIGIN = 'http://127.0.0.1';
const OWNER = 123_456_789;

for (const dialect of testDialects()) {
  describe(`dashboard setup (${dialect.name})`, () => {
    const fx = useEngine(dialect, { adminIds: [] });
    let app: Hono;
    let setup: SetupLink;
    let token: string;

    const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
      app.request(`${ORIGIN}/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN, ...headers },
        body: new URLSearchParams(form).toString(),
      });

    beforeEach(() => {
      setup = new SetupLink(() => fx.clock.now());
      app = createHttpApp({ economy: fx.economy, logger: pino({ level: 'silent' }), setup });
      token = setup.issue().token;
    });

    it('the link asks for the Telegram id in both languages, makes it the first admin (audited as setup) and logs in', async () => {
      for (const [lang, words] of [['es', 'id numérico de Telegram'], ['en', 'Telegram numeric id']] as const) {
        const page = await app.request(`${ORIGIN}/setup?token=${token}&lang=${lang}`);
        expect(page.status).toBe(200);
        const text = await page.text();
        expect(text).toContain(words);
        expect(text).toContain('@userinfobot');
        expect(text).not.toMatch(/\bdash-[a-z]+-[a-z-]+/);
      }
      // A typo keeps the link.
      const typo = await post({ token, adminId: '@owner' });
      expect(typo.status).toBe(400);
      expect(await fx.economy.admins.allIds()).toEqual([]);

      const res = await post({ token, adminId: ` ${OWNER} ` });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/dashboard/');
      const cookie = /besitos_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
      expect(await fx.economy.admins.allIds()).toEqual([OWNER]);
      const [change] = await fx.membership.roleChanges(OWNER);
      expect(change).toMatchObject({ from: 'FREE', to: 'ADMIN', changedBy: 'setup' });
      expect((await app.request(`${ORIGIN}/dashboard/`, { headers: { cookie } })).status).toBe(200);
      const me = await app.request(`${ORIGIN}/api/v1/me`, { headers: { cookie } });
      expect(await me.json()).toMatchObject({ adminId: OWNER });

      // Used once: the same link, or any setup now that an admin exists, changes nothing.
      expect((await post({ token, adminId: '777' })).status).toBe(409);
      expect((await app.request(`${ORIGIN}/setup?token=${token}`)).status).toBe(404);
      expect(await fx.economy.admins.allIds()).toEqual([OWNER]);
    });

    it('a wrong or spent link, and a cross-site post, make nobody admin', async () => {
      const wrong = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
      expect((await app.request(`${ORIGIN}/setup?token=${wrong}`)).status).toBe(401);
      expect((await post({ token: wrong, adminId: String(OWNER) })).status).toBe(401);
      expect((await post({ token, adminId: String(OWNER) }, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect(await fx.economy.admins.allIds()).toEqual([]);
      // A restart issues a new link: the old one stops working.
      const fresh = setup.issue().token;
      expect((await post({ token, adminId: String(OWNER) })).status).toBe(401);
      expect((await post({ token: fresh, adminId: String(OWNER) })).status).toBe(303);
    });

    it('the engine refuses a first admin when one exists already', async () => {
      await fx.membership.claimFirstAdmin({ memberId: OWNER, by: 'setup' });
      await expect(fx.membership.claimFirstAdmin({ memberId: 777, by: 'setup' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await fx.economy.admins.allIds()).toEqual([OWNER]);
    });
  });
}
