/**
 * The dashboard (issue 13, SPEC §8 and §10): server-rendered pages under /dashboard over the
 * engine's public face, the same methods the admin API calls, every write acting as the
 * session's admin. A little progressive JavaScript (charts, the level formula's live
 * preview); every form works without it. No front-end build: the script and stylesheet are
 * plain files, Chart.js comes from node_modules.
 *
 * Order for every request: security headers (a strict CSP: scripts and styles from this
 * server only, nothing inline), the language (?lang= → cookie → Accept-Language → Spanish),
 * then, under /dashboard and for /logout, the session (none: to the login page), and for
 * every POST the CSRF checks: hono's csrf (the browser's Origin / Sec-Fetch-Site must be
 * this site) and the session's own token in the form.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { setCookie } from 'hono/cookie';
import { csrf } from 'hono/csrf';
import { languageDetector } from 'hono/language';
import type { Logger } from 'pino';
import type { Economy } from '../../core/index.js';
import type { FailedAttempts } from '../failed-attempts.js';
import { addAssetRoutes } from './assets.js';
import type { DashEnv } from './env.js';
import { readForm } from './forms.js';
import { BASE } from './html.js';
import { DASHBOARD_LANGUAGES, DEFAULT_LANGUAGE, isDashboardLanguage, translator } from './i18n.js';
import { addLoginRoutes, addLogoutRoute, LOGIN_PATH } from './pages/login.js';
import { addSetupRoutes } from './pages/setup.js';
import { SETUP_PATH, type SetupLink } from '../setup-link.js';
import { auditPages } from './pages/audit.js';
import { memberPages } from './pages/members.js';
import { overviewPage } from './pages/overview.js';
import { rewardPages } from './pages/rewards.js';
import { settingsPages } from './pages/settings.js';
import { shopPages } from './pages/shop.js';
import { leaderboardPages } from './pages/leaderboards.js';
import { isHttps, sameCsrf, type SessionStore } from './sessions.js';

export { SessionStore } from './sessions.js';
export { LOGIN_PATH } from './pages/login.js';
export const DASHBOARD_BASE = BASE;

export const DASHBOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const LANGUAGE_COOKIE = 'besitos_lang';
/** Forms are short; a larger body is refused before it is read. */
const MAX_FORM_BYTES = 64 * 1024;

export interface DashboardOptions {
  economy: Economy;
  logger: Logger;
  sessions: SessionStore;
  /** Failed token attempts per address, shared with the API. */
  failures: FailedAttempts;
  /** The first-admin link `npm start` prints while no admin exists; absent, /setup is a 404. */
  setup?: SetupLink;
}

export function createDashboard(options: DashboardOptions): Hono<DashEnv> {
  const { economy, sessions, failures } = options;
  const app = new Hono<DashEnv>();

  // The dashboard shares the process's one app with the API and the webhook: its middleware
  // runs on its own paths only.
  const scoped = (handler: MiddlewareHandler<DashEnv>) => {
    for (const path of ['/', LOGIN_PATH, SETUP_PATH, '/logout', BASE, `${BASE}/*`]) app.use(path, handler);
  };
  scoped(async (c, next) => {
    await next();
    c.header('Content-Security-Policy', DASHBOARD_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    // The login link carries its token in the URL: never sent on as a referrer.
    c.header('Referrer-Policy', 'no-referrer');
    if (!c.req.path.startsWith(`${BASE}/assets/`)) c.header('Cache-Control', 'no-store');
  });
  addAssetRoutes(app);

  scoped(
    languageDetector({
      supportedLanguages: [...DASHBOARD_LANGUAGES],
      fallbackLanguage: DEFAULT_LANGUAGE,
      order: ['querystring', 'cookie', 'header'],
      lookupCookie: LANGUAGE_COOKIE,
      caches: false,
    }),
  );
  scoped(async (c, next) => {
      const asked = c.req.query('lang');
      // The switch (?lang=) is remembered for a year; Secure only where the page is https.
      if (isDashboardLanguage(asked)) setCookie(c, LANGUAGE_COOKIE, asked, { path: '/', sameSite: 'Lax', httpOnly: true, secure: isHttps(c), maxAge: 365 * 86_400 });
      const lang = c.get('language' as never) as unknown;
      c.set('tr', translator(isDashboardLanguage(lang) ? lang : DEFAULT_LANGUAGE));
      c.set('tz', await economy.settings.get('economy.timezone'));
      await next();
  });

  // Every POST: the browser must say it comes from this site (Origin or Sec-Fetch-Site).
  scoped(csrf());
  scoped(bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('Payload Too Large', 413) }));
  addLoginRoutes(app, { economy, sessions, failures });
  if (options.setup) addSetupRoutes(app, { economy, sessions, failures, setup: options.setup });
  app.get('/', (c) => c.redirect(`${BASE}/`, 302));

  const requireSession = async (c: Context<DashEnv>, next: () => Promise<void>) => {
    const session = await sessions.read(c);
    if (!session) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect(LOGIN_PATH, 303);
      return c.text(c.get('tr').t('dash-session-over'), 401);
    }
    c.set('session', session);
    if (c.req.method === 'POST') {
      let sent: string | undefined;
      try {
        sent = (await readForm(c))._csrf;
      } catch {
        sent = undefined;
      }
      if (!sameCsrf(session, sent)) return c.text(c.get('tr').t('dash-csrf-refused'), 403);
    }
    await next();
  };
  app.use('/logout', requireSession);
  app.use(BASE, requireSession);
  app.use(`${BASE}/*`, requireSession);
  addLogoutRoute(app, sessions);
  app.get(BASE, (c) => c.redirect(`${BASE}/`, 302));

  overviewPage(app, economy);
  memberPages(app, economy);
  settingsPages(app, economy);
  shopPages(app, economy);
  rewardPages(app, economy);
  leaderboardPages(app, economy);
  auditPages(app, economy);
  return app;
}
