/**
 * The one HTTP app of the process (Hono): GET /healthz for load balancers, the admin API
 * under /api/v1 (api/), the one-time login link (login.ts) and, when the server runs the
 * bot by webhook, Telegram's webhook route (webhook.ts), and the dashboard (dashboard/:
 * /login, /logout, /dashboard/…), which shares the economy, the failed-attempt counter and
 * its sessions with the API (a session may read the API: GET only).
 */
import type { Context } from 'grammy';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import type { Economy } from '../core/index.js';
import { describe } from '../log/describe.js';
import { API_BASE, createAdminApi } from './api/index.js';
import { FailedAttempts, type FailedAttemptsOptions } from './failed-attempts.js';
import { createDashboard, SessionStore } from './dashboard/index.js';
import type { SetupLink } from './setup-link.js';
import { addWebhookRoute, type WebhookOptions } from './webhook.js';

export interface HttpAppOptions<C extends Context = Context> {
  economy: Economy;
  logger: Logger;
  /** Telegram's webhook; absent, the webhook path is a 404 like any unknown path. */
  webhook?: WebhookOptions<C>;
  /** Failed token attempts per client address (default 10 a minute). */
  failedAttempts?: FailedAttemptsOptions;
  /** The one-time first-admin link (`npm start` while no admin exists): serves /setup. */
  setup?: SetupLink;
}

export function createHttpApp<C extends Context>(options: HttpAppOptions<C>): Hono {
  const { economy, logger, webhook } = options;
  const app = new Hono();
  const failures = new FailedAttempts(options.failedAttempts);
  app.get('/healthz', (c) => c.json(webhook ? { status: 'ok', mode: 'webhook' } : { status: 'ok' }));
  if (webhook) addWebhookRoute(app, webhook, logger);
  const sessions = new SessionStore(economy);
  app.route(API_BASE, createAdminApi({ economy, logger, failures, sessions }));
  app.route('/', createDashboard({ economy, logger, failures, sessions, ...(options.setup ? { setup: options.setup } : {}) }));
  app.notFound((c) => c.body(null, 404));
  app.onError((err, c) => {
    // hono's own middleware refuses by throwing (csrf: 403 for a cross-site form post).
    if (err instanceof HTTPException) return err.getResponse();
    logger.error({ err: describe(err) }, 'http request failed');
    return c.body(null, 500);
  });
  return app;
}
