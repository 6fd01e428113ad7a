/**
 * The address a request came from, as the socket says (@hono/node-server's conninfo).
 * Forwarded headers are not trusted: anyone can write them, and the failed-attempt limit
 * keyed on them would be no limit. Behind a reverse proxy every client shares the proxy's
 * address (documented in DEVELOPERS). Requests made in-process (`app.request` in tests)
 * have no socket: 'local'.
 */
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';

export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local';
  }
}
