/**
 * The connections the bot keeps to the Bot API (issue 14, goal 4). grammY's default agent
 * keeps connections alive but opens one per call in flight, without bound: a burst of
 * presses (500 updates handled at once, each answering) opened hundreds of sockets at once,
 * and under load some of those requests waited seconds before the server read them,
 * answering presses after Telegram's 15 s. A bounded pool of kept-alive connections sends
 * the same calls over a few dozen sockets, in the order they were made (the agent queues
 * the rest), and pays no handshake (TCP, and TLS on api.telegram.org) per call.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { pipeline } from 'node:stream/promises';

/** Connections open to the Bot API at most; more calls wait for one, in order. */
export const API_MAX_SOCKETS = 64;

/** grammY's `baseFetchConfig` with a bounded keep-alive agent for `apiRoot`. */
export function apiFetchConfig(apiRoot: string, maxSockets = API_MAX_SOCKETS): { agent: HttpAgent; compress?: boolean } {
  const options = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'fifo' as const };
  // The same fields grammY sets by default (platform.node.js), with the bound added.
  return apiRoot.startsWith('https:') ? { agent: new HttpsAgent(options), compress: true } : { agent: new HttpAgent(options) };
}

/** What grammY's client passes to `fetch` (platform.node: node-fetch's options). */
interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | NodeJS.ReadableStream | null;
  signal?: { aborted: boolean; addEventListener(type: 'abort', fn: () => void): void; removeEventListener(type: 'abort', fn: () => void): void } | null;
  agent?: HttpAgent;
}

/** The part of a fetch Response grammY reads: the body as JSON. */
interface LeanResponse {
  readonly status: number;
  json(): Promise<unknown>;
}

/**
 * grammY's `fetch`, straight over `http(s).request` (issue 14, goal 4). grammY reads only
 * `res.json()` of the answer; node-fetch builds a Request, Headers, a body stream and an
 * abort bridge per call around the same request, which on a burst was a large share of
 * the bot's own work per press. Same wire behaviour: the options' agent, method, headers
 * and body (a string, or grammY's multipart stream for uploads), aborted by the signal
 * (timeouts, runner.stop); no redirects (the Bot API sends none), no compression asked.
 */
export function leanFetch(url: string, init: FetchInit = {}): Promise<LeanResponse> {
  return new Promise<LeanResponse>((resolve, reject) => {
    const signal = init.signal ?? undefined;
    const aborted = () => Object.assign(new Error('The request was aborted.'), { name: 'AbortError' });
    if (signal?.aborted) return reject(aborted());
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const headers: Record<string, string | number> = { ...init.headers };
    if (typeof init.body === 'string') headers['content-length'] = Buffer.byteLength(init.body);
    const req = send(target, { method: init.method ?? 'GET', headers, ...(init.agent ? { agent: init.agent } : {}) });
    const onAbort = () => req.destroy(aborted());
    signal?.addEventListener('abort', onAbort);
    const cleanup = () => signal?.removeEventListener('abort', onAbort);
    req.on('error', (err) => {
      cleanup();
      reject(err);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      const body = new Promise<string>((done, fail) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          cleanup();
          done(Buffer.concat(chunks).toString('utf8'));
        });
        res.on('error', (err) => {
          cleanup();
          fail(err);
        });
        res.on('aborted', () => fail(aborted()));
      });
      // A body never read still settles its promise: no unhandled rejection.
      body.catch(() => {});
      resolve({ status: res.statusCode ?? 0, json: async () => JSON.parse(await body) as unknown });
    });
    const payload = init.body;
    if (payload === undefined || payload === null || typeof payload === 'string') req.end(payload ?? undefined);
    else pipeline(payload, req).catch((err: unknown) => req.destroy(err instanceof Error ? err : new Error(String(err))));
  });
}
