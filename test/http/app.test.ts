/**
 * The HTTP app without a bot (the bot is an optional part of the server): /healthz still
 * answers, and the webhook's usual path is an unknown path like any other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Hono } from 'hono';
import { openEconomy, type Economy } from '../../src/core/engine.js';
import { createHttpApp } from '../../src/http/app.js';

describe('the HTTP app without a bot', () => {
  let economy: Economy;
  let app: Hono;
  const logs: string[] = [];

  beforeAll(async () => {
    economy = await openEconomy('sqlite::memory:', { adminIds: [] });
    app = createHttpApp({ economy, logger: pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) }) });
  });
  afterAll(async () => {
    await economy?.close();
  });

  it('GET /healthz is 200', async () => {
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('the webhook path is 404, whatever the request carries', async () => {
    const res = await app.request('/telegram/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': 'any_secret' },
      body: JSON.stringify({ update_id: 1 }),
    });
    expect(res.status).toBe(404);
    expect(logs).toEqual([]);
  });
});
