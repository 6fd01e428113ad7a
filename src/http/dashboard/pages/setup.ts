/**
 * The first admin (issue 13): while the economy has no admin at all, `npm start` prints a
 * one-time setup link (../../setup-link.ts). GET /setup?token=bss_… shows a form asking for
 * the owner's Telegram numeric id (a preview or prefetch of the link spends nothing); the
 * POST spends the link, makes that id the first admin through the engine's audited role
 * change (`membership.claimFirstAdmin`, recorded as `setup`) and logs the browser in as it.
 * Once any admin exists the page only points to /login. A wrong link counts as a failed
 * attempt of the address, like a wrong token at /login.
 */
import type { Context, Hono } from 'hono';
import type { Economy } from '../../../core/index.js';
import { clientAddress } from '../../client-address.js';
import type { FailedAttempts } from '../../failed-attempts.js';
import { SETUP_PATH, type SetupLink } from '../../setup-link.js';
import type { DashEnv } from '../env.js';
import { attempt, readForm, refusedStatus, wholeNumber } from '../forms.js';
import { BASE, errorNotice, html, shell, type Html } from '../html.js';
import type { SessionStore } from '../sessions.js';
import { LOGIN_PATH } from './login.js';

/** Written into the role audit as who made the first admin. */
export const SETUP_ACTOR = 'setup';

type Status = 200 | 400 | 401 | 403 | 404 | 409 | 429;

function setupPage(c: Context<DashEnv>, body: Html, status: Status = 200): Response | Promise<Response> {
  return c.html(shell(c, { title: c.get('tr').t('dash-setup-title'), body }, false), status);
}

function idForm(c: Context<DashEnv>, token: string, error?: string, typed = ''): Html {
  const tr = c.get('tr');
  return html`${errorNotice(error)}
<form method="post" action="${SETUP_PATH}" class="card narrow">
<p>${tr.t('dash-setup-intro')}</p>
<input type="hidden" name="token" value="${token}">
<label for="admin-id">${tr.t('dash-setup-id')}</label>
<input id="admin-id" name="adminId" inputmode="numeric" autocomplete="off" required value="${typed}">
<p class="hint">${tr.t('dash-setup-id-hint')}</p>
<button type="submit">${tr.t('dash-setup-submit')}</button>
</form>`;
}

function doneAlready(c: Context<DashEnv>, status: Status): Response | Promise<Response> {
  const tr = c.get('tr');
  return setupPage(c, html`<div class="card narrow"><p>${tr.t('dash-setup-done-already')}</p><p><a href="${LOGIN_PATH}">${tr.t('dash-login-title')}</a></p></div>`, status);
}

function refused(c: Context<DashEnv>, status: 401 | 429, text: string): Response | Promise<Response> {
  return setupPage(c, html`${errorNotice(text)}<div class="card narrow"><p><a href="${LOGIN_PATH}">${c.get('tr').t('dash-login-title')}</a></p></div>`, status);
}

export function addSetupRoutes(app: Hono<DashEnv>, deps: { economy: Economy; sessions: SessionStore; failures: FailedAttempts; setup: SetupLink }): void {
  const { economy, sessions, failures, setup } = deps;
  const hasAdmin = async () => (await economy.admins.allIds()).length > 0;

  app.get(SETUP_PATH, async (c) => {
    if (await hasAdmin()) return doneAlready(c, 404);
    const token = c.req.query('token');
    if (!setup.valid(token)) return refused(c, 401, c.get('tr').t('dash-setup-refused'));
    return setupPage(c, idForm(c, token));
  });

  app.post(SETUP_PATH, async (c) => {
    const tr = c.get('tr');
    const address = clientAddress(c);
    const wait = failures.retryAfter(address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return refused(c, 429, tr.t('dash-login-too-many', { seconds: wait }));
    }
    let form: Record<string, string> = {};
    try {
      form = await readForm(c);
    } catch {
      form = {};
    }
    if (await hasAdmin()) return doneAlready(c, 409);
    const token = form.token;
    if (!setup.valid(token)) {
      failures.fail(address);
      return refused(c, 401, tr.t('dash-setup-refused'));
    }
    const typed = (form.adminId ?? '').trim();
    const adminId = wholeNumber(typed);
    // A typo keeps the link: only a well-formed id spends it.
    if (typeof adminId !== 'number' || !Number.isSafeInteger(adminId) || adminId <= 0) {
      return setupPage(c, idForm(c, token, tr.t('dash-setup-bad-id'), typed), 400);
    }
    if (!setup.take(token)) return refused(c, 401, tr.t('dash-setup-refused'));
    const made = await attempt(tr, () => economy.membership.claimFirstAdmin({ memberId: adminId, by: SETUP_ACTOR }));
    if (!made.ok) {
      if (made.code === 'FORBIDDEN') return doneAlready(c, 409);
      return setupPage(c, errorNotice(made.error) || html``, refusedStatus(made.code));
    }
    await sessions.open(c, { adminId, tokenId: null });
    return c.redirect(`${BASE}/`, 303);
  });
}
