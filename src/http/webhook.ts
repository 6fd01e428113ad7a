/**
 * The Telegram webhook route: Telegram POSTs each update to the webhook's path with the
 * secret in X-Telegram-Bot-Api-Secret-Token. grammY's `webhookCallback` checks it
 * (constant time) before reading the body: a wrong or missing secret is a 401 and the
 * update is never handled. The bot is any grammY `Bot`; this module knows nothing of ours.
 */
import { timingSafeEqual } from 'node:crypto';
import { BotError, webhookCallback, type Bot, type Context } from 'grammy';
import type { Context as HonoContext, Hono } from 'hono';
import type { Logger } from 'pino';
import { describe } from '../log/describe.js';
import { bodySizeLimit } from './body-size.js';

export interface WebhookOptions<C extends Context = Context> {
  bot: Bot<C>;
  /** The route Telegram posts to: the webhook URL's pathname. */
  path: string;
  secretToken: string;
  /** Longest an update is waited for before Telegram gets its 200 (the work goes on). */
  timeoutMs?: number;
}

/** Telegram's updates are small; anything bigger is not from Telegram. */
const MAX_BODY_BYTES = 1024 * 1024;

export function addWebhookRoute<C extends Context>(app: Hono, options: WebhookOptions<C>, logger: Logger): void {
  const { bot } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const handle = webhookCallback(bot, honoAdapter, {
    secretToken: options.secretToken,
    timeoutMilliseconds: timeoutMs,
    // Answer 200 and let the update finish: a timeout reply would make Telegram send it again.
    onTimeout: () => logger.warn({ timeoutMs }, 'update still running after the webhook timeout: answered Telegram, work goes on'),
  });

  app.post(
    options.path,
    bodySizeLimit(MAX_BODY_BYTES, (c) => c.body(null, 413)),
    async (c) => {
      // With the right secret, a body that is not an update (null, an array, a number, an
      // object without update_id) is the sender's error: 400. It reached grammY as an
      // update and failed there as a 500 ("Cannot read properties of null"). A wrong secret
      // is left to grammY (401) without reading the body. Hono keeps the parsed body, so
      // grammY reads the same one.
      if (secretMatches(c.req.header('X-Telegram-Bot-Api-Secret-Token'), options.secretToken)) {
        let body: unknown;
        try {
          body = await c.req.json();
        } catch {
          return c.body(null, 400);
        }
        if (!isUpdate(body)) return c.body(null, 400);
      }
      const work = handle(c).catch(async (err: unknown) => {
        if (err instanceof BotError) {
          // What escaped the error boundary: logged like long polling does (bot.catch), and
          // acknowledged, or Telegram would redeliver an update that fails the same way.
          await bot.errorHandler(err as BotError<C>);
          return c.body(null, 200);
        }
        if (err instanceof SyntaxError) return c.body(null, 400);
        // Not the update's fault (e.g. getMe failed): 500, Telegram retries later.
        logger.error({ err: describe(err) }, 'webhook request failed');
        return c.body(null, 500);
      });
      // grammY resolves the adapter's answer at the webhook reply but returns it only when
      // the update is done: a press whose handler goes on after its toast (a delivery) would
      // hold the toast back. Telegram gets the reply at once; the rest runs on, and a
      // failure after it is handled as above (Telegram already has its 200). grammY's
      // express and http adapters answer at the reply too.
      const answered = answers.get(c);
      return answered ? Promise.race([work, answered]) : work;
    },
  );
}

/** Each webhook request's answer (set by the adapter, synchronously inside grammY's handler). */
const answers = new WeakMap<HonoContext, Promise<Response>>();

/**
 * grammY's own 'hono' adapter, with two changes for the webhook reply. grammY hands
 * `respond` the call already serialised, and its adapter passes that string to `c.json`,
 * which encodes it again: Telegram got a JSON string instead of the method call (grammY
 * 1.46; the same fault was mended for Deno's serveHttp adapter in grammY PR #357). Here the
 * answer is written as the JSON it already is. And the answer's promise is kept by request
 * (`answers`), so the route can return it before the update is done.
 */
function honoAdapter(c: HonoContext) {
  let resolveResponse: (response: Response) => void = () => {};
  const handlerReturn = new Promise<Response>((resolve) => (resolveResponse = resolve));
  answers.set(c, handlerReturn);
  return {
    get update() {
      return c.req.json();
    },
    header: c.req.header('X-Telegram-Bot-Api-Secret-Token'),
    end: () => resolveResponse(c.body('')),
    respond: (json: string) => resolveResponse(c.body(json, 200, { 'content-type': 'application/json' })),
    unauthorized: () => {
      c.status(401);
      resolveResponse(c.body(''));
    },
    handlerReturn,
  };
}

function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const [a, b] = [Buffer.from(given), Buffer.from(expected)];
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What Telegram sends: a JSON object whose update_id is a whole number. */
function isUpdate(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const id = (body as { update_id?: unknown }).update_id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}
