/**
 * Logging in (issue 13): with the one-time link `npm start` prints (GET /login?token=bsl_…
 * only shows a button, so a link preview or prefetch cannot spend it; the POST does) or by
 * pasting an admin token (bst_…). Either opens a session (sessions.ts) and goes to the
 * overview. A wrong, used or expired token gets 401 and the form again, and counts as a
 * failed attempt of this address, shared with the API's bearer check (429 past the limit).
 */
import type { Context, Hono } from 'hono';
import type { Economy } from '../../../core/index.js';
import { clientAddress } from '../../client-address.js';
import type { FailedAttempts } from '../../failed-attempts.js';
import type { DashEnv } from '../env.js';
import { readForm } from '../forms.js';
import { BASE, errorNotice, html, shell, type Html } from '../html.js';
import type { SessionStore } from '../sessions.js';

export const LOGIN_PATH = '/login';

function loginPage(c: Context<DashEnv>, body: Html, status: 200 | 401 | 429 = 200): Response | Promise<Response> {
  return c.html(shell(c, { title: c.get('tr').t('dash-login-title'), body }, false), status);
}

function tokenForm(c: Context<DashEnv>, error?: string): Html {
  const tr = c.get('tr');
  return html`${errorNotice(error)}
<form method="post" action="${LOGIN_PATH}" class="card narrow">
<label for="token">${tr.t('dash-login-token')}</label>
<input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required>
<button type="submit">${tr.t('dash-login-submit')}</button>
<p class="hint">${tr.t('dash-login-token-hint')} <code>npx besitos tokens create --admin &lt;telegram id&gt;</code></p>
</form>`;
}

export function addLoginRoutes(app: Hono<DashEnv>, deps: { economy: Economy; sessions: SessionStore; failures: FailedAttempts }): void {
  const { economy, sessions, failures } = deps;

  app.get(LOGIN_PATH, async (c) => {
    const tr = c.get('tr');
    const token = c.req.query('token');
    if (token !== undefined && token.startsWith('bsl_')) {
      return loginPage(
        c,
        html`<form method="post" action="${LOGIN_PATH}" class="card narrow">
<p>${tr.t('dash-login-link')}</p>
<input type="hidden" name="token" value="${token}">
<button type="submit">${tr.t('dash-login-submit')}</button>
</form>`,
      );
    }
    if (await sessions.read(c)) return c.redirect(`${BASE}/`, 303);
    return loginPage(c, tokenForm(c));
  });

  app.post(LOGIN_PATH, async (c) => {
    const tr = c.get('tr');
    const address = clientAddress(c);
    const wait = failures.retryAfter(address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return loginPage(c, tokenForm(c, tr.t('dash-login-too-many', { seconds: wait })), 429);
    }
    let token: unknown;
    try {
      token = (await readForm(c)).token?.trim();
    } catch {
      token = undefined;
    }
    let who: { adminId: number; tokenId: number | null } | null = null;
    if (typeof token === 'string' && token.startsWith('bsl_')) {
      const login = await economy.apiTokens.redeemLogin(token);
      if (login) who = { adminId: login.adminId, tokenId: null };
    } else {
      const principal = await economy.apiTokens.authenticate(token);
      if (principal) who = principal;
    }
    if (!who) {
      failures.fail(address);
      return loginPage(c, tokenForm(c, tr.t('dash-login-refused')), 401);
    }
    await sessions.open(c, who);
    return c.redirect(`${BASE}/`, 303);
  });
}

export function addLogoutRoute(app: Hono<DashEnv>, sessions: SessionStore): void {
  app.post('/logout', async (c) => {
    await sessions.close(c);
    return c.redirect(`${LOGIN_PATH}?ok=logged-out`, 303);
  });
}
