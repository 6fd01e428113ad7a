/**
 * Issue 11, failure 5: a request that sends its body slowly held its connection for about
 * 5 minutes (Node's requestTimeout, checked every 30 s). The server `listen` starts bounds
 * the headers and the whole request to seconds (configurable), and cuts a slow sender there.
 */
import { connect, type Socket } from 'node:net';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HTTP_TIMEOUTS, listen, type HttpServerHandle } from '../../src/http/listen.js';

/** Opens a socket, writes `first`, then waits until the server answers and closes: what it said, and after how long. */
function slowRequest(port: number, first: string): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    let reply = '';
    const socket: Socket = connect(port, '127.0.0.1', () => socket.write(first));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ reply, ms: Date.now() - started }));
  });
}

describe('HTTP timeouts of the served app', () => {
  let server: HttpServerHandle | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  // The cut request's body read fails; the real app (createHttpApp) answers that in its onError too.
  const app = new Hono().post('/hook', async (c) => c.text(await c.req.text())).onError((_err, c) => c.body(null, 400));

  it('defaults to seconds, not minutes', () => {
    expect(DEFAULT_HTTP_TIMEOUTS).toEqual({ headersMs: 10_000, requestMs: 30_000 });
  });

  it('a body that never finishes is cut at the request bound (408), not after 5 minutes', { timeout: 20_000 }, async () => {
    server = await listen(app, '127.0.0.1', 0, { headersMs: 500, requestMs: 1_500 });
    const head = 'POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\npart of it';
    const { reply, ms } = await slowRequest(server.port, head);
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    // Cut after the bound (1.5 s) and within a few of Node's checking intervals of it.
    expect(ms).toBeGreaterThanOrEqual(1_400);
    expect(ms).toBeLessThan(10_000);
  });

  it('headers that never finish are cut at the headers bound', { timeout: 20_000 }, async () => {
    server = await listen(app, '127.0.0.1', 0, { headersMs: 500, requestMs: 5_000 });
    const { reply, ms } = await slowRequest(server.port, 'POST /hook HTTP/1.1\r\nHost: x\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 408 /);
    expect(ms).toBeLessThan(5_000);
  });

  it('a request sent at once is served; bounds out of order are refused', async () => {
    server = await listen(app, '127.0.0.1', 0, { headersMs: 500, requestMs: 1_500 });
    const res = await fetch(`http://127.0.0.1:${server.port}/hook`, { method: 'POST', body: 'hola' });
    expect(await res.text()).toBe('hola');
    await expect(listen(app, '127.0.0.1', 0, { headersMs: 2_000, requestMs: 1_000 })).rejects.toThrow(RangeError);
  });
});
