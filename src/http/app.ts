/**
 * The one HTTP app of the process (Hono): GET /healthz for load balancers, the admin API
 * under /api/v1 (api/), the one-time login link (login.ts) and, when the server runs the
 * bot by webhook, Telegram's webhook route (webhook.ts). The dashboard (issue 13, next)
 * plugs in here beside the API, as `app.route('/', createDashboard(...))`, sharing the
 * economy and the failed-attempt counter.
 */
import type { Context } from 'grammy';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Economy } from '../core/index.js';
import { describe } from '../log/describe.js';
import { API_BASE, createAdminApi } from './api/index.js';
import { FailedAttempts, type FailedAttemptsOptions } from './failed-attempts.js';
import { addLoginRoutes } from './login.js';
import { addWebhookRoute, type WebhookOptions } from './webhook.js';

export interface HttpAppOptions<C extends Context = Context> {
  economy: Economy;
  logger: Logger;
  /** Telegram's webhook; absent, the webhook path is a 404 like any unknown path. */
  webhook?: WebhookOptions<C>;
  /** Failed token attempts per client address (default 10 a minute). */
  failedAttempts?: FailedAttemptsOptions;
}

export function createHttpApp<C extends Context>(options: HttpAppOptions<C>): Hono {
  const { economy, logger, webhook } = options;
  const app = new Hono();
  const failures = new FailedAttempts(options.failedAttempts);
  app.get('/healthz', (c) => c.json(webhook ? { status: 'ok', mode: 'webhook' } : { status: 'ok' }));
  if (webhook) addWebhookRoute(app, webhook, logger);
  app.route(API_BASE, createAdminApi({ economy, logger, failures }));
  addLoginRoutes(app, economy, failures);
  app.notFound((c) => c.body(null, 404));
  app.onError((err, c) => {
    logger.error({ err: describe(err) }, 'http request failed');
    return c.body(null, 500);
  });
  return app;
}
