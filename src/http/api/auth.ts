/**
 * The bearer token check of every /api/v1 route but the document and its reference page:
 * `Authorization: Bearer <token>`, asked of the engine on every request (revoked tokens
 * and demoted admins are refused at once). No, unknown or revoked token: 401 with a
 * WWW-Authenticate challenge and nothing else (never which of them). Failures are counted
 * per client address; past the limit the address gets 429 until its window ends, before
 * the token is even looked up.
 *
 * A request without an Authorization header may instead carry the dashboard's session
 * cookie, for reads only (GET, HEAD): the dashboard's scripts read the API (the level
 * formula's preview) as the signed-in admin. Writes always need the bearer token, so the
 * API needs no CSRF defence of its own.
 */
import type { MiddlewareHandler } from 'hono';
import type { Economy, TokenPrincipal } from '../../core/index.js';
import { clientAddress } from '../client-address.js';
import type { SessionStore } from '../dashboard/sessions.js';
import type { FailedAttempts } from '../failed-attempts.js';
import { problem } from './problem.js';

export type ApiEnv = { Variables: { principal: TokenPrincipal } };

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function bearerAuth(economy: Economy, failures: FailedAttempts, isPublic: (path: string) => boolean, sessions?: SessionStore): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    if (isPublic(c.req.path)) return next();
    if (sessions && c.req.header('Authorization') === undefined && (c.req.method === 'GET' || c.req.method === 'HEAD')) {
      const session = await sessions.read(c);
      if (session) {
        // tokenId 0: no token (a session opened by the one-time link, or any session's read).
        c.set('principal', { adminId: session.adminId, tokenId: session.tokenId ?? 0 });
        return next();
      }
    }
    const address = clientAddress(c);
    const wait = failures.retryAfter(address);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return problem(c, 429, 'TOO_MANY_ATTEMPTS', `too many failed token attempts from this address: try again in ${wait} s`);
    }
    const token = BEARER.exec(c.req.header('Authorization') ?? '')?.[1];
    const principal = token === undefined ? null : await economy.apiTokens.authenticate(token);
    if (!principal) {
      failures.fail(address);
      c.header('WWW-Authenticate', 'Bearer realm="besitos"');
      return problem(c, 401, 'UNAUTHORIZED', 'a valid admin token is required: Authorization: Bearer <token>');
    }
    c.set('principal', principal);
    return next();
  };
}
