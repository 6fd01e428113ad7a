/**
 * The one HTTP app of the process (Hono): GET /healthz for load balancers and, when the
 * server runs the bot by webhook, Telegram's webhook route (webhook.ts). It takes the
 * economy because the admin API and the dashboard will be served from here too.
 */
import type { Context } from 'grammy';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Economy } from '../core/index.js';
import { describe } from '../log/describe.js';
import { addWebhookRoute, type WebhookOptions } from './webhook.js';

export interface HttpAppOptions<C extends Context = Context> {
  economy: Economy;
  logger: Logger;
  /** Telegram's webhook; absent, the webhook path is a 404 like any unknown path. */
  webhook?: WebhookOptions<C>;
}

export function createHttpApp<C extends Context>(options: HttpAppOptions<C>): Hono {
  const { logger, webhook } = options;
  const app = new Hono();
  app.get('/healthz', (c) => c.json(webhook ? { status: 'ok', mode: 'webhook' } : { status: 'ok' }));
  if (webhook) addWebhookRoute(app, webhook, logger);
  app.notFound((c) => c.body(null, 404));
  app.onError((err, c) => {
    logger.error({ err: describe(err) }, 'http request failed');
    return c.body(null, 500);
  });
  return app;
}
