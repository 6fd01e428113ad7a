/**
 * A small Bot API server on loopback for tests and the bench: grammY's real HTTP client
 * talks to it through `apiRoot`. It serves `getUpdates` from a queue of scripted updates
 * (long polling: a request waits until updates arrive, bounded by its `timeout`), records
 * every call with its payload, answers the usual methods with plausible results, and can
 * be told to fail a method (e.g. 429 with retry_after) a number of times.
 *
 * It answers as Telegram does where the bot could get it wrong (each rule in a module
 * beside this one): flood limits (fake-flood-limits.ts), a callback query answered twice
 * or too late (fake-callback-queries.ts), edits of unknown or unchanged messages
 * (fake-messages.ts). All on by default; tests that scale the bot's pacing pass the same
 * `floodLimits`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Update, UserFromGetMe } from 'grammy/types';
import { TELEGRAM_LIMITS, type TelegramLimits } from '../telegram-limits.js';
import { FakeCallbackQueries } from './fake-callback-queries.js';
import { FakeFloodLimits } from './fake-flood-limits.js';
import { DELETE_NOT_FOUND, FakeMessages } from './fake-messages.js';
import { PrivateChats } from './private-chats.js';
import { CHAT_ADMIN_METHODS, FakeChatAdmin, type FakeBotRights } from './fake-chat-admin.js';

export interface RecordedCall {
  method: string;
  payload: Record<string, unknown>;
  /** Order of arrival, from 1. */
  seq: number;
  /** The HTTP status answered (200, or the failure's error_code); unset until answered or when the connection was dropped. */
  status?: number;
}

export interface ApiFailure {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

export interface FakeBotApiOptions {
  token?: string;
  /** Flood limits answered with 429 (default Telegram's, TELEGRAM_LIMITS); false: none. */
  floodLimits?: TelegramLimits | false;
  /** How long a callback query can be answered after delivery (default 15 s, as Telegram). */
  callbackQueryTtlMs?: number;
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
  /** Who started the bot: sends to anyone else are refused as Telegram does (private-chats.ts). */
  readonly privateChats = new PrivateChats();
  /** Invite links, bans, join requests and the bot's rights per chat (fake-chat-admin.ts). */
  readonly chats = new FakeChatAdmin(FAKE_BOT_INFO);
  readonly token: string;
  #server: Server | null = null;
  #connectionsOpened = 0;
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
  #holds = new Map<string, Promise<void>>();
  #polls = 0;
  #lastPoll: Record<string, unknown> | undefined;
  #closing = false;
  /** Telegram's flood limits (null when off); `refusedTotal` counts the 429s given. */
  readonly flood: FakeFloodLimits | null;
  readonly queries: FakeCallbackQueries;
  readonly messages = new FakeMessages();

  constructor(options: FakeBotApiOptions | string = {}) {
    const o = typeof options === 'string' ? { token: options } : options;
    this.token = o.token ?? '123456:FAKE_TOKEN_FOR_TESTS_ONLY_xxxxxxxx';
    const limits = o.floodLimits ?? TELEGRAM_LIMITS;
    this.flood = limits === false ? null : new FakeFloodLimits(limits);
    this.queries = new FakeCallbackQueries(o.callbackQueryTtlMs);
  }

  /** A person deleted the message: later edits of it are refused as Telegram refuses them. */
  deleteMessage(chatId: number, messageId: number): void {
    this.messages.delete(chatId, messageId);
  }

  /** `http://127.0.0.1:<port>`: pass as grammY's `client.apiRoot`. */
  get url(): string {
    return this.#url;
  }

  /** TCP connections the bot has opened to this server since it started (kept-alive ones count once). */
  get connectionsOpened(): number {
    return this.#connectionsOpened;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.#serve(req, res));
    // Telegram keeps the bot's connections open, and the bot's client keeps them alive.
    // Clients drop a socket whose server hints `Keep-Alive: timeout=1` (Node's agent keeps one
    // only when the hint minus 1 s is positive; undici too expires it about then), so the old
    // 1 s made calls new TCP connections: the bench's bot row paid a connect and a close per
    // press that a bot talking to Telegram does not. close() ends open connections itself.
    server.keepAliveTimeout = 30_000;
    server.on('connection', () => this.#connectionsOpened++);
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

  /**
   * A slow Telegram: calls of `method` are recorded on arrival but get no answer until the
   * returned `release` is called.
   */
  hold(method: string): () => void {
    let release!: () => void;
    this.#holds.set(method, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.#holds.delete(method);
      release();
    };
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
    const held = this.#holds.get(method);
    if (held) await held;
    const answer = (status: number, body: Record<string, unknown>) => {
      call.status = status;
      send(res, status, body);
    };
    const failure = this.#failures.get(method)?.shift() ?? this.#refusal(method, payload);
    if (failure) return answer(failure.error_code, { ok: false, ...failure });
    try {
      const handler = this.#handlers.get(method);
      const result = handler
        ? handler(payload, call)
        : CHAT_ADMIN_METHODS.has(method)
          ? this.chats.handle(method, payload)
          : this.#default(method, payload);
      this.messages.sent(method, payload, result);
      this.messages.edited(method, payload);
      answer(200, { ok: true, result });
    } catch (err) {
      const f = err as Partial<ApiFailure>;
      if (typeof f.error_code === 'number') return answer(f.error_code, { ok: false, ...f });
      answer(500, { ok: false, error_code: 500, description: `fake Bot API: ${String(err)}` });
    }
  }

  /** What Telegram would refuse, before the call's answer is made. */
  #refusal(method: string, payload: Record<string, unknown>): ApiFailure | null {
    // A first message to a stranger (or one who blocked the bot) is refused before it counts.
    const stranger = this.privateChats.refusal(method, payload);
    if (stranger) return stranger;
    const flood = this.flood?.take(method, payload);
    if (flood) return flood;
    if (method === 'answerCallbackQuery') return this.queries.answer(payload);
    if (method === 'deleteMessage') return this.messages.delete(payload.chat_id as number, Number(payload.message_id)) ? null : DELETE_NOT_FOUND;
    return this.messages.checkEdit(method, payload);
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
    const batch = this.#queue.slice(0, limit);
    this.queries.delivered(batch);
    this.messages.delivered(batch);
    this.privateChats.learn(batch);
    send(res, 200, { ok: true, result: batch });
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
        return p.inline_message_id
          ? true
          : { message_id: Number(p.message_id), date: 0, chat, ...(p.text !== undefined ? { text: p.text } : {}), ...(p.reply_markup ? { reply_markup: p.reply_markup } : {}) };
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
