/**
 * The bot's HTTP client to the Bot API (api-connections.ts): calls reuse a few kept-alive
 * connections (the fake's keep-alive hint no longer makes Node drop each socket), JSON and
 * streamed (multipart) bodies arrive whole, and an aborted call rejects.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiFetchConfig, leanFetch } from '../../src/bot/api-connections.js';
import { FakeBotApi } from '../../src/bot/testing/fake-bot-api.js';

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('Bot API connections', () => {
  let server: Server;
  let url = '';
  const bodies: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      void bodyOf(req).then((body) => {
        bodies.push(body);
        if (req.url === '/slow') return; // never answers: the caller aborts
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, result: { echo: body } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('grammY calls through the fake Bot API reuse one kept-alive connection', async () => {
    const fake = await new FakeBotApi({ floodLimits: false }).start();
    let opened = 0;
    try {
      const api = new Api(fake.token, { apiRoot: fake.url, baseFetchConfig: apiFetchConfig(fake.url), fetch: leanFetch as never });
      const agent = apiFetchConfig(fake.url).agent;
      const counting = new Api(fake.token, { apiRoot: fake.url, baseFetchConfig: { agent }, fetch: leanFetch as never });
      const create = agent.createConnection.bind(agent);
      agent.createConnection = ((...args: Parameters<typeof create>) => {
        opened++;
        return create(...args);
      }) as typeof agent.createConnection;
      for (let i = 0; i < 5; i++) await counting.sendMessage(-100, `hello ${i}`);
      expect(opened).toBe(1);
      expect(fake.callsOf('sendMessage').map((c) => c.payload.text)).toEqual(['hello 0', 'hello 1', 'hello 2', 'hello 3', 'hello 4']);
      expect((await api.getMe()).is_bot).toBe(true);
    } finally {
      await fake.close();
    }
  });

  it('sends a JSON body and a streamed body whole, and reads the answer', async () => {
    const { agent } = apiFetchConfig(url);
    const json = await leanFetch(`${url}/json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":"ñ"}', agent });
    expect(await json.json()).toEqual({ ok: true, result: { echo: '{"a":"ñ"}' } });
    const streamed = await leanFetch(`${url}/stream`, { method: 'POST', body: Readable.from(['part 1, ', 'part 2']), agent });
    expect(await streamed.json()).toEqual({ ok: true, result: { echo: 'part 1, part 2' } });
    agent.destroy();
  });

  it('an aborted call rejects', async () => {
    const controller = new AbortController();
    const call = leanFetch(`${url}/slow`, { method: 'POST', body: '{}', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });
});
