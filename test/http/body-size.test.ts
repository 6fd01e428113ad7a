/**
 * The body size limit shared by the webhook and the admin API (http/body-size.ts): a
 * declared Content-Length is judged as a number before the body is read, a body without
 * one (chunked) is counted as it streams; over the limit both are refused and the route
 * never runs.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodySizeLimit, declaredLength } from '../../src/http/body-size.js';

function app() {
  const seen: string[] = [];
  const hono = new Hono();
  hono.post(
    '/in',
    bodySizeLimit(10, (c) => c.body('too large', 413)),
    async (c) => {
      seen.push(await c.req.text());
      return c.body('ok');
    },
  );
  return { hono, seen };
}

/** A body streamed in pieces, with no length declared (Transfer-Encoding: chunked on a socket). */
function streamed(...pieces: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(new TextEncoder().encode(p));
      controller.close();
    },
  });
}

describe('bodySizeLimit', () => {
  it('lets a declared length within the limit through, and refuses one over it unread', async () => {
    const { hono, seen } = app();
    const ok = await hono.request('/in', { method: 'POST', headers: { 'content-length': '10' }, body: '0123456789' });
    expect([ok.status, await ok.text()]).toEqual([200, 'ok']);
    const over = await hono.request('/in', { method: 'POST', headers: { 'content-length': '11' }, body: '0123456789a' });
    expect([over.status, await over.text()]).toEqual([413, 'too large']);
    // Not a number of bytes: refused as over, never read.
    const odd = await hono.request('/in', { method: 'POST', headers: { 'content-length': '1e1' }, body: '0123456789' });
    expect(odd.status).toBe(413);
    expect(seen).toEqual(['0123456789']);
  });

  it('counts a body that declares no length as it streams', async () => {
    const { hono, seen } = app();
    const init = (body: ReadableStream<Uint8Array>) => ({ method: 'POST', body, duplex: 'half' }) as RequestInit;
    const ok = await hono.request('/in', init(streamed('01234', '56789')));
    expect(ok.status).toBe(200);
    const over = await hono.request('/in', init(streamed('01234', '56789', 'a')));
    expect(over.status).toBe(413);
    expect(seen).toEqual(['0123456789']);
  });
});

describe('declaredLength', () => {
  it('tells undeclared, within and over; a chunked body is undeclared whatever it says', async () => {
    const hono = new Hono();
    hono.post('/d', (c) => c.text(declaredLength(c, 10)));
    const ask = async (headers: Record<string, string>) => (await hono.request('/d', { method: 'POST', headers })).text();
    expect(await ask({})).toBe('undeclared');
    expect(await ask({ 'content-length': '0' })).toBe('within');
    expect(await ask({ 'content-length': '10' })).toBe('within');
    expect(await ask({ 'content-length': '11' })).toBe('over');
    expect(await ask({ 'content-length': '-1' })).toBe('over');
    expect(await ask({ 'content-length': '5', 'transfer-encoding': 'chunked' })).toBe('undeclared');
  });
});
