/**
 * The bot-react row's fake Bot API runs in a worker thread (fake-telegram-worker.ts):
 * Telegram is another machine, so its HTTP server's work (parsing each call, answering,
 * counting) is not the bot's and should not share the bot's thread. The bot's own side of
 * every call (grammY's client, the runner, the middleware) stays in the measured thread.
 */
import type { Worker } from 'node:worker_threads';
import { startBenchWorker } from './start-worker.js';

/**
 * Where a burst goes by webhook: the fake POSTs each update to `url` as Telegram does, each
 * of `connections` sending its next update when the last was answered, and takes an
 * `answerCallbackQuery` in an answer as the press's answer.
 */
export interface WebhookTarget {
  url: string;
  secretToken: string;
  connections: number;
}

export interface FakeTelegramJob {
  presses: number;
  memberIds: readonly number[];
  emojis: readonly string[];
  channelId: number;
  postId: number;
}

export interface FakeTelegramSummary {
  /** Pushed presses with no answer, presses answered more than once, distinct presses answered. */
  unanswered: number;
  answeredTwice: number;
  answered: number;
  /** Answers that were toasts "+N besitos…", and the others (refusals). */
  accepted: number;
  refused: number;
  /** editMessageReplyMarkup calls received. */
  edits: number;
  /** Answers that rode in a webhook reply instead of a call of their own. */
  inReply: number;
  /** Per answer: ms from delivery (getUpdates, or the webhook POST) to answerCallbackQuery, on the fake's clock. */
  latencies: Float64Array;
}

export type ToFakeTelegram = 'push' | { push: WebhookTarget } | 'summary' | 'close';
export type FromFakeTelegram = { ready: { url: string; token: string } } | { summary: FakeTelegramSummary } | { failed: string };

export interface FakeTelegramThread {
  readonly url: string;
  readonly token: string;
  /** Queues the burst's updates for getUpdates, all at once; or sends them to a webhook. */
  push(webhook?: WebhookTarget): void;
  /** Rejects when the thread fails (a webhook delivery refused): race it with the wait for the burst. */
  readonly failed: Promise<never>;
  summary(): Promise<FakeTelegramSummary>;
  close(): Promise<void>;
}

export async function startFakeTelegramThread(job: FakeTelegramJob): Promise<FakeTelegramThread> {
  const worker: Worker = startBenchWorker(import.meta.url, 'fake-telegram-worker', { ...job, memberIds: [...job.memberIds], emojis: [...job.emojis] });
  let failure: Error | undefined;
  let rejectFailed: (err: Error) => void = () => {};
  const failed = new Promise<never>((_, reject) => (rejectFailed = reject));
  failed.catch(() => {}); // observed by whoever races it; never an unhandled rejection
  const waiters = new Set<{ resolve: (m: FromFakeTelegram) => void; reject: (err: Error) => void }>();
  const fail = (err: Error) => {
    failure ??= err;
    rejectFailed(err);
    for (const w of waiters) w.reject(err);
    waiters.clear();
  };
  worker.on('error', fail);
  // A webhook POST that failed (the bot's server refused or dropped it) fails the row.
  worker.on('message', (m: FromFakeTelegram) => {
    if ('failed' in m) fail(new Error(`the fake Bot API's webhook delivery failed: ${m.failed}`));
  });
  worker.on('exit', (code) => fail(new Error(`the fake Bot API's thread exited (${code})`)));
  const next = () =>
    new Promise<FromFakeTelegram>((resolve, reject) => {
      if (failure) return reject(failure);
      const waiter = {
        resolve: (m: FromFakeTelegram) => {
          waiters.delete(waiter);
          resolve(m);
        },
        reject,
      };
      waiters.add(waiter);
      worker.once('message', waiter.resolve);
    });
  const first = await next();
  if (!('ready' in first)) throw new Error('the fake Bot API thread did not start');
  const send = (m: ToFakeTelegram) => worker.postMessage(m);
  return {
    url: first.ready.url,
    token: first.ready.token,
    push: (webhook) => send(webhook ? { push: webhook } : 'push'),
    failed,
    summary: async () => {
      const answer = next();
      send('summary');
      const m = await answer;
      if (!('summary' in m)) throw new Error('the fake Bot API thread answered out of turn');
      return m.summary;
    },
    close: async () => {
      worker.removeAllListeners('exit');
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      send('close');
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 2000).unref())]);
      await worker.terminate();
    },
  };
}
