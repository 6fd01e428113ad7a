/**
 * The bot's HTTP client to the Bot API (api-connections.ts): calls reuse a few kept-alive
 * connections, never more than the bound, in the order they were made; JSON and streamed
 * (multipart) bodies arrive whole; an aborted call rejects; another origin is refused.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Api } from 'grammy';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiFetch } from '../../src/bot/api-connections.js';
import { FakeBotApi } from '../../src/bot/testing/fake-bot-api.js';

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('Bot API connections', () => {
  let server: Server;
  let url = '';
  let opened = 0;
  const bodies: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      void bodyOf(req).then((body) => {
        bodies.push(body);
        if (req.url === '/slow') return; // never answers: the caller aborts
        const answer = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok: true, result: { echo: body } }));
        };
        // Held a while, so calls made together are in flight together, and each wave of
        // calls has arrived well before the next can be sent.
        if (req.url === '/held') setTimeout(answer, 100);
        else answer();
      });
    });
    server.on('connection', () => opened++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => {
    opened = 0;
    bodies.length = 0;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('grammY calls one after another reuse kept-alive connections', async () => {
    const fake = await new FakeBotApi({ floodLimits: false }).start();
    try {
      const api = new Api(fake.token, { apiRoot: fake.url, fetch: apiFetch(fake.url) as never });
      for (let i = 0; i < 20; i++) await api.sendMessage(-100, `hello ${i}`);
      expect((await api.getMe()).is_bot).toBe(true);
      // Not one per call. Not always exactly one either: a call made as soon as the previous
      // answer was read may find that connection not yet marked free, and the pool opens a
      // second one rather than wait.
      expect(fake.connectionsOpened).toBeGreaterThanOrEqual(1);
      expect(fake.connectionsOpened).toBeLessThanOrEqual(2);
      expect(fake.callsOf('sendMessage').map((c) => c.payload.text)).toEqual(Array.from({ length: 20 }, (_, i) => `hello ${i}`));
    } finally {
      await fake.close();
    }
  });

  it('calls made at once open no more connections than the bound, and all are answered in order', async () => {
    const fetch = apiFetch(url, 3);
    const answers = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => (await fetch(`${url}/held`, { method: 'POST', body: `call ${i}` })).json()),
    );
    expect(answers).toEqual(Array.from({ length: 12 }, (_, i) => ({ ok: true, result: { echo: `call ${i}` } })));
    expect(opened).toBe(3);
    // Queued calls go out in the order they were made, a connection's worth at a time: the
    // first three, then the next three, … (within a wave, three sockets race to the server).
    for (let wave = 0; wave < 4; wave++) {
      expect(bodies.slice(wave * 3, wave * 3 + 3).sort()).toEqual([0, 1, 2].map((i) => `call ${wave * 3 + i}`).sort());
    }
  });

  it('sends a JSON body and a streamed body whole, and reads the answer', async () => {
    const fetch = apiFetch(url);
    const json = await fetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'keep-alive' }, body: '{"a":"ñ"}' });
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({ ok: true, result: { echo: '{"a":"ñ"}' } });
    const streamed = await fetch(`${url}/stream`, { method: 'POST', body: Readable.from(['part 1, ', 'part 2']) });
    expect(await streamed.json()).toEqual({ ok: true, result: { echo: 'part 1, part 2' } });
  });

  it('an aborted call rejects', async () => {
    const controller = new AbortController();
    const call = apiFetch(url)(`${url}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a URL of another origin, sending nothing', async () => {
    await expect(apiFetch(url)('http://127.0.0.1:1/botX/getMe')).rejects.toThrow(TypeError);
    expect(bodies).toEqual([]);
  });
});
