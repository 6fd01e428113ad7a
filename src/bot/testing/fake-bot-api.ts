/**
 * A small Bot API server on loopback for tests and the bench: grammY's real HTTP client
 * talks to it through `apiRoot`. It serves `getUpdates` from a queue of scripted updates
 * (long polling: a request waits until updates arrive, bounded by its `timeout`), records
 * every call with its payload, answers the usual methods with plausible results, and can
 * be told to fail a method (e.g. 429 with retry_after) a number of times.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';
import { CHAT_ADMIN_METHODS, FakeChatAdmin, type FakeBotRights } from './fake-chat-admin.js';

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** Order of arrival, from 1. */
  seq: number;
}

export interface ApiFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

type Handler = (payload: Record<string, unknown>, call: RecordedCall) => unknown;

export const FAKE_BOT_INFO: UserFromGetMe = {
  id: 4242,
  is_bot: true,
  first_name: 'besitos',
  username: 'besitos_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  /** Invite links, bans, join requests and the bot's rights per chat (fake-chat-admin.ts). */
  readonly chats = new FakeChatAdmin(FAKE_BOT_INFO);
  readonly token: string;
  #server: Server | null = null;
  #url = '';
  #queue: Update[] = [];
  #nextUpdateId = 1;
  #nextMessageId = 1000;
  #seq = 0;
  #waiters = new Set<() => void>();
  #callWaiters = new Set<() => void>();
  #failures = new Map<string, ApiFailure[]>();
  #handlers = new Map<string, Handler>();
  #drops = new Map<string, number>();
  #polls = 0;
  #lastPoll: Record<string, unknown> | undefined;
  #closing = false;

  constructor(token = '123456:FAKE_TOKEN_FOR_TESTS_ONLY_xxxxxxxx') {
    this.token = token;
  }

  /** `http://127.0.0.1:<port>`: pass as grammY's `client.apiRoot`. */
  get url(): string {
    return this.#url;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.#serve(req, res));
    server.keepAliveTimeout = 1000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.#closing = true;
    for (const wake of this.#waiters) wake();
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.#server = null;
  }

  /** Queues updates for getUpdates (update_id assigned when missing); returns them. */
  push(...updates: Array<Omit<Update, 'update_id'> & { update_id?: number }>): Update[] {
    const out = updates.map((u) => ({ ...u, update_id: u.update_id ?? this.#nextUpdateId++ }) as Update);
    this.#queue.push(...out);
    for (const wake of this.#waiters) wake();
    return out;
  }

  /** Updates not yet fetched by the bot. */
  get pending(): number {
    return this.#queue.length;
  }

  /** The next `times` calls of `method` fail with `failure`. */
  fail(method: string, failure: ApiFailure, times = 1): void {
    const list = this.#failures.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(failure);
    this.#failures.set(method, list);
  }

  /** The next `times` calls of `method` are recorded, then get no answer: the connection is closed (a network error). */
  disconnect(method: string, times = 1): void {
    this.#drops.set(method, (this.#drops.get(method) ?? 0) + times);
  }

  /** How many getUpdates requests arrived (they are not in `calls`: there are many). */
  get polls(): number {
    return this.#polls;
  }

  /** The payload of the latest getUpdates (timeout, offset, allowed_updates). */
  get lastPoll(): Record<string, unknown> | undefined {
    return this.#lastPoll;
  }

  /** Replaces the default answer of `method` (return the `result`; throw an ApiFailure-like object to fail). */
  on(method: string, handler: Handler): void {
    this.#handlers.set(method, handler);
  }

  /** The bot's admin rights in a chat (default: administrator with every right). */
  setBotRights(chatId: number, rights: Partial<FakeBotRights>): void {
    this.chats.setBotRights(chatId, rights);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Calls made after `seq` (see `mark`). */
  since(seq: number): RecordedCall[] {
    return this.calls.filter((c) => c.seq > seq);
  }

  /** The seq of the last call so far: `since(mark())` reads what happened next. */
  mark(): number {
    return this.#seq;
  }

  /** Resolves with the first call (made after `afterSeq`) that matches, or rejects after `timeoutMs`. */
  async waitForCall(match: (c: RecordedCall) => boolean, options: { afterSeq?: number; timeoutMs?: number } = {}): Promise<RecordedCall> {
    const after = options.afterSeq ?? 0;
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    for (;;) {
      const found = this.calls.find((c) => c.seq > after && match(c));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching Bot API call within ${options.timeoutMs ?? 5000} ms (calls: ${this.calls.slice(-10).map((c) => c.method).join(', ')})`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(left, 200));
        const waiters = this.#callWaiters;
        function done() {
          clearTimeout(t);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
    const body = await readBody(req);
    if (!match || match[1] !== this.token) {
      return send(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    }
    const method = match[2]!;
    const payload = parsePayload(req.headers['content-type'], body);
    if (method === 'getUpdates') {
      this.#polls++;
      this.#lastPoll = payload;
      return this.#getUpdates(payload, res);
    }
    const call: RecordedCall = { method, payload, seq: ++this.#seq };
    this.calls.push(call);
    for (const wake of this.#callWaiters) wake();
    const drops = this.#drops.get(method) ?? 0;
    if (drops > 0) {
      this.#drops.set(method, drops - 1);
      req.socket.destroy();
      return;
    }
    const failure = this.#failures.get(method)?.shift();
    if (failure) return send(res, failure.error_code, { ok: false, ...failure });
    try {
      const handler = this.#handlers.get(method);
      const result = handler
        ? handler(payload, call)
        : CHAT_ADMIN_METHODS.has(method)
          ? this.chats.handle(method, payload)
          : this.#default(method, payload);
      send(res, 200, { ok: true, result });
    } catch (err) {
      const f = err as Partial<ApiFailure>;
      if (typeof f.error_code === 'number') return send(res, f.error_code, { ok: false, ...f });
      send(res, 500, { ok: false, error_code: 500, description: `fake Bot API: ${String(err)}` });
    }
  }

  async #getUpdates(payload: Record<string, unknown>, res: ServerResponse): Promise<void> {
    const offset = Number(payload.offset ?? 0);
    const limit = Math.min(Number(payload.limit ?? 100) || 100, 100);
    // Confirmed updates (below offset) are gone, as on Telegram.
    this.#queue = this.#queue.filter((u) => u.update_id >= offset);
    const timeoutMs = Math.min(Number(payload.timeout ?? 0), 30) * 1000;
    const deadline = Date.now() + timeoutMs;
    while (this.#queue.length === 0 && !this.#closing && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(done, Math.min(deadline - Date.now(), 500));
        const waiters = this.#waiters;
        function done() {
          clearTimeout(t);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
    send(res, 200, { ok: true, result: this.#queue.slice(0, limit) });
  }

  #default(method: string, p: Record<string, unknown>): unknown {
    const chat = { id: Number(p.chat_id ?? 0), type: Number(p.chat_id ?? 0) > 0 ? 'private' : 'channel' };
    const message = (extra: Record<string, unknown> = {}) => ({
      message_id: this.#nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      ...extra,
    });
    switch (method) {
      case 'getMe':
        return FAKE_BOT_INFO;
      case 'sendMessage':
        return message({ text: p.text, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) });
      case 'sendPhoto':
      case 'sendVideo':
      case 'sendDocument':
      case 'sendAudio':
      case 'sendAnimation':
        return message({ caption: p.caption });
      case 'sendMediaGroup':
        return (Array.isArray(p.media) ? p.media : []).map(() => message());
      case 'copyMessage':
        return { message_id: this.#nextMessageId++ };
      case 'editMessageText':
      case 'editMessageReplyMarkup':
      case 'editMessageCaption':
        return p.inline_message_id ? true : { message_id: Number(p.message_id), date: 0, chat, ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) };
      case 'getChat':
        return { id: chat.id, type: chat.type, title: 'chat' };
      default:
        return true;
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON bodies; multipart bodies (grammY uses them for uploads) are read field by field as text. */
function parsePayload(contentType: string | undefined, body: string): Record<string, unknown> {
  if (!body) return {};
  if (contentType?.includes('application/json')) return JSON.parse(body) as Record<string, unknown>;
  const boundary = /boundary=(.+)$/.exec(contentType ?? '')?.[1];
  if (!boundary) return {};
  const out: Record<string, unknown> = {};
  for (const part of body.split(`--${boundary}`)) {
    const name = /name="([^"]+)"/.exec(part)?.[1];
    if (!name) continue;
    const value = part.split('\r\n\r\n').slice(1).join('\r\n\r\n').replace(/\r\n$/, '');
    try {
      out[name] = JSON.parse(value);
    } catch {
      out[name] = value;
    }
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
