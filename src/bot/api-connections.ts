/**
 * The bot's HTTP client to the Bot API (issue 14, goal 4): grammY's `fetch`, over a bounded
 * pool of kept-alive connections (undici's `Pool`).
 *
 * - Bounded: grammY's default agent keeps connections alive but opens one per call in
 *   flight, without bound. A burst of presses (500 updates handled at once, each
 *   answering) opened hundreds of sockets at once, and under load some of those requests
 *   waited seconds before the server read them, answering presses after Telegram's 15 s.
 *   Here at most `maxConnections` are open; more calls wait for one, in the order they were
 *   made, and pay no handshake (TCP, and TLS on api.telegram.org) per call.
 * - Cheap: every toast, message and count edit is one call, so the client's own work per
 *   call is part of every press's cost. Measured against a loopback server in another
 *   process, 100 calls in flight (the process's CPU per call): node-fetch's Request,
 *   Headers, body stream and abort bridge around `http.request` cost the most; our own
 *   `http.request` wrapper (stop 26) 183–195 µs; undici's `Pool.request` 74–79 µs, 2.5×
 *   less, with 2.3× the calls a second.
 * - grammY reads only `res.json()` of the answer, and passes the method, headers, body (a
 *   string, or its multipart stream for uploads) and an abort signal (timeouts,
 *   runner.stop); its `baseFetchConfig` (agent, compress) does not apply to this client.
 *   No redirects (the Bot API sends none), no compression asked.
 * - Idle connections do not keep the process alive (undici unrefs them).
 */
import { Pool } from 'undici';

/** Connections open to the Bot API at most; more calls wait for one, in order. */
export const API_MAX_SOCKETS = 64;

/** What grammY's client passes to `fetch` (platform.node: node-fetch's options). */
export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | NodeJS.ReadableStream | null;
  signal?: { aborted: boolean; addEventListener(type: 'abort', fn: () => void): void; removeEventListener(type: 'abort', fn: () => void): void } | null;
}

/** The part of a fetch Response grammY reads: the body as JSON. */
export interface LeanResponse {
  readonly status: number;
  json(): Promise<unknown>;
}

export type ApiFetch = (url: string, init?: FetchInit) => Promise<LeanResponse>;

/** grammY's `fetch` for the Bot API at `apiRoot`: every call over one bounded pool. */
export function apiFetch(apiRoot: string, maxConnections = API_MAX_SOCKETS): ApiFetch {
  const origin = new URL(apiRoot).origin;
  const pool = new Pool(origin, { connections: maxConnections });
  return async (url, init = {}) => {
    const target = new URL(url);
    // grammY builds every URL from apiRoot; anything else is a bug, not a call to send elsewhere.
    if (target.origin !== origin) throw new TypeError(`the Bot API client for ${origin} was asked for another origin`);
    const { statusCode, body } = await pool.request({
      path: `${target.pathname}${target.search}`,
      method: (init.method ?? 'GET') as 'GET',
      headers: init.headers ?? {},
      body: (init.body ?? null) as string | null,
      signal: (init.signal ?? null) as AbortSignal | null,
    });
    return { status: statusCode, json: () => body.json() };
  };
}
