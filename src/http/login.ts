/**
 * The one-time login link `npm start` prints while no admin token exists (issue 13):
 * GET /login?token=… shows a page with one button, and only its POST uses the token up
 * (a link preview or prefetch must not spend it). A good link gives the admin a new API
 * token, shown once on the page with how to use it; a used, expired or unknown one gets
 * 401 and nothing else, counted with the API's failed token attempts. Until the dashboard
 * exists (it will turn this POST into a session cookie), the API token is what logging in
 * gives. Pages carry no script and a CSP that allows nothing but this page's own form.
 */
import type { Hono } from 'hono';
import { html } from 'hono/html';
import type { Economy } from '../core/index.js';
import { clientAddress } from './client-address.js';
import type { FailedAttempts } from './failed-attempts.js';

export const LOGIN_PATH = '/login';
/** The name of the token a login link gives. */
export const LOGIN_TOKEN_NAME = 'login link';

const CSP = "default-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
const HEADERS = { 'content-security-policy': CSP, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' };

const layout = (title: string, body: unknown) => html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · besitos</title></head>
<body>
<h1>${title}</h1>
${body}
</body>
</html>
`;

export function addLoginRoutes(app: Hono, economy: Economy, failures: FailedAttempts): void {
  app.get(LOGIN_PATH, async (c) => {
    const token = c.req.query('token') ?? '';
    const page = layout(
      'Log in to besitos',
      html`<p>This one-time link logs you in as an admin of the economy. It works once.</p>
<form method="post" action="${LOGIN_PATH}"><input type="hidden" name="token" value="${token}"><button type="submit">Log in</button></form>`,
    );
    return c.html(page, 200, HEADERS);
  });

  app.post(LOGIN_PATH, async (c) => {
    const address = clientAddress(c);
    const wait = failures.retryAfter(address);
    if (wait > 0) return c.html(layout('Too many attempts', html`<p>Try again in ${wait} s.</p>`), 429, { ...HEADERS, 'retry-after': String(wait) });
    let token: unknown;
    try {
      token = (await c.req.parseBody()).token;
    } catch {
      token = undefined;
    }
    const login = await economy.apiTokens.redeemLogin(token);
    if (!login) {
      failures.fail(address);
      return c.html(
        layout('This link does not work', html`<p>It was used already, has expired or was never valid. Restart the server for a new one while no admin token exists, or create a token: <code>npx besitos tokens create --admin &lt;telegram id&gt;</code>.</p>`),
        401,
        HEADERS,
      );
    }
    const issued = await economy.apiTokens.issue(login.adminId, { name: LOGIN_TOKEN_NAME });
    const base = new URL('/api/v1', c.req.url).toString();
    return c.html(
      layout(
        'Logged in',
        html`<p>Your admin token (admin ${login.adminId}). It is shown only now: keep it like a password.</p>
<p><code id="token">${issued.token}</code></p>
<p>Use it as <code>Authorization: Bearer &lt;token&gt;</code>, e.g.</p>
<pre>curl -H "Authorization: Bearer ${issued.token}" ${base}/metrics</pre>
<p>The API's reference: <a href="${base}/docs">${base}/docs</a>. List and revoke tokens with <code>npx besitos tokens list</code> and <code>npx besitos tokens revoke &lt;id&gt;</code>.</p>`,
      ),
      200,
      HEADERS,
    );
  });
}
