/**
 * Serves a Hono app with @hono/node-server and says where it listens (port 0 picks a free
 * port: tests). `close()` stops accepting, ends idle keep-alive connections and waits for
 * the requests in flight.
 *
 * Slow requests are cut in seconds: Node's defaults let a client take 60 s for its headers
 * and 5 minutes for the whole request (checked only every 30 s), so a few slow senders
 * could hold connections for minutes. Telegram sends an update at once.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

export interface HttpServerHandle {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export interface HttpTimeouts {
  /** Longest wait for a request's headers (Node's headersTimeout), ms. */
  headersMs: number;
  /** Longest wait for the whole request, headers and body (Node's requestTimeout), ms; at least headersMs. */
  requestMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: Readonly<HttpTimeouts> = { headersMs: 10_000, requestMs: 30_000 };

function checkTimeouts(t: HttpTimeouts): HttpTimeouts {
  const whole = (n: number) => Number.isSafeInteger(n) && n >= 100;
  if (!whole(t.headersMs) || !whole(t.requestMs) || t.requestMs < t.headersMs) {
    throw new RangeError(`HTTP timeouts must be whole milliseconds of at least 100, the request's no shorter than the headers': ${JSON.stringify(t)}`);
  }
  return t;
}

export function listen(app: Hono, host: string, port: number, timeouts: Partial<HttpTimeouts> = {}): Promise<HttpServerHandle> {
  return new Promise((resolve, reject) => {
    const { headersMs, requestMs } = checkTimeouts({ ...DEFAULT_HTTP_TIMEOUTS, ...timeouts });
    const server = serve({
      fetch: app.fetch,
      hostname: host,
      port,
      serverOptions: {
        headersTimeout: headersMs,
        requestTimeout: requestMs,
        // Node checks both timeouts on this interval (30 s by default), so it bounds how late a cut comes.
        connectionsCheckingInterval: Math.min(1000, Math.floor(headersMs / 4)),
      },
    }) as Server;
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      const address = server.address() as AddressInfo;
      resolve({
        host,
        port: address.port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
