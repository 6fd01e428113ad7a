/**
 * The admin REST API under /api/v1 (issue 13, SPEC §10): an adapter over the engine's face,
 * like the bot. Each route is declared once with @hono/zod-openapi: its zod schemas
 * validate the request (strict: unknown fields refused) and describe it in the OpenAPI 3.1
 * document at /api/v1/openapi.json, which the reference page (/api/v1/docs) reads.
 *
 * Order of the checks: body size (413) and type (415) before anything reads the body, then
 * the token (401/429), then the route's schemas (400), then the engine (its code's status).
 * A refusal changes nothing: the engine validates before it writes, in one transaction.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { isEconomyError, type Economy } from '../../core/index.js';
import { describe } from '../../log/describe.js';
import type { SessionStore } from '../dashboard/sessions.js';
import { FailedAttempts } from '../failed-attempts.js';
import { bearerAuth, type ApiEnv } from './auth.js';
import { checkBody } from './body-rules.js';
import { engineProblem, problem } from './problem.js';
import { addReferencePage } from './reference-page.js';
import { validationProblem } from './validation-problem.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { leaderboardRoutes } from './routes/leaderboards.js';
import { memberRoutes } from './routes/members.js';
import { purchasesAuditRoutes } from './routes/purchases-audit.js';
import { settingsRoutes } from './routes/settings.js';
import { systemRoutes } from './routes/system.js';

export const API_BASE = '/api/v1';
const PUBLIC = new Set([`${API_BASE}/openapi.json`, `${API_BASE}/docs`, `${API_BASE}/docs/start.js`]);
const isPublic = (path: string) => PUBLIC.has(path) || path.startsWith(`${API_BASE}/docs/assets/`);

export interface AdminApiOptions {
  economy: Economy;
  logger: Logger;
  /** Failed token attempts per address, shared with the login page. */
  failures?: FailedAttempts;
  /** The dashboard's sessions: a signed-in browser may read (GET) the API without a token. */
  sessions?: SessionStore;
}

export function createAdminApi(options: AdminApiOptions): OpenAPIHono<ApiEnv> {
  const { economy, logger } = options;
  const api = new OpenAPIHono<ApiEnv>({
    // A request that does not match its schema: 400 with every problem, nothing changed.
    defaultHook: (result, c) => (result.success ? undefined : validationProblem(c, result.error)),
  });

  api.use('*', checkBody, bearerAuth(economy, options.failures ?? new FailedAttempts(), isPublic, options.sessions));
  api.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', description: 'An admin token: `besitos tokens create --admin <telegram id>`' });

  systemRoutes(api, economy);
  settingsRoutes(api, economy);
  memberRoutes(api, economy);
  catalogueRoutes(api, economy);
  purchasesAuditRoutes(api, economy);
  leaderboardRoutes(api, economy);

  api.doc31('/openapi.json', (c) => ({
    openapi: '3.1.0',
    info: {
      title: 'besitos admin API',
      version: '1',
      description:
        'Run the economy of a Telegram community: settings, members, movements, shop, rewards, metrics. Every route but this document and its reference page needs `Authorization: Bearer <admin token>`. Errors are application/problem+json with a stable `code`.',
    },
    servers: [{ url: new URL(API_BASE, c.req.url).toString() }],
    security: [{ bearer: [] }],
  }));
  addReferencePage(api, API_BASE);

  api.onError((err, c) => {
    if (isEconomyError(err)) return engineProblem(c, err);
    // The validators' own refusal of a body that is not JSON at all.
    if (err instanceof HTTPException && err.status === 400) return problem(c, 400, 'INVALID_INPUT', 'the body is not valid JSON');
    logger.error({ err: describe(err), method: c.req.method, route: c.req.routePath }, 'admin API request failed');
    return problem(c, 500, 'INTERNAL', 'the request failed on the server; nothing is told here (see the server log)');
  });
  // Last: whatever no route above answered (the parent app's notFound never sees a mounted app's paths).
  api.all('*', (c) => problem(c, 404, 'ROUTE_NOT_FOUND', `no route ${c.req.method} ${c.req.path}`));
  return api;
}
