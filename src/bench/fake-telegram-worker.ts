/**
 * The bot-react row's Telegram (fake-telegram-thread.ts): the fake Bot API in its own
 * thread, holding the burst's updates until told to push them, counting the answers per
 * callback query and timing each from delivery (getUpdates) to answer, on its own clock.
 * By webhook it is Telegram's sender too: `connections` POSTs in flight, each connection's
 * next update after the last one's answer, and an answer that carries
 * `answerCallbackQuery` (the webhook reply) is the press's answer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Update } from 'grammy/types';
import { Pool } from 'undici';
import { reactionCallbackData } from '../bot/features/channels/reaction-keyboard.js';
import { FakeBotApi } from '../bot/testing/fake-bot-api.js';
import { callback, channel, user } from '../bot/testing/updates.js';
import type { FakeTelegramJob, FakeTelegramSummary, FromFakeTelegram, ToFakeTelegram, WebhookTarget } from './fake-telegram-thread.js';

const job = workerData as FakeTelegramJob;
const port = parentPort!;
const api = await new FakeBotApi({ floodLimits: false }).start();

const answers = new Map<string, number>();
const latencies: number[] = [];
let accepted = 0;
let refused = 0;
/** Answers that came in a webhook reply, not as a call of their own. */
let inReply = 0;
/** One answer to a press, by a call or in a webhook reply: counted, timed from its delivery. */
function answered(payload: Record<string, unknown>): void {
  const id = String(payload.callback_query_id);
  const deliveredAt = api.queries.deliveredAt(id);
  if (deliveredAt !== undefined) latencies.push(Date.now() - deliveredAt);
  answers.set(id, (answers.get(id) ?? 0) + 1);
  if (String(payload.text ?? '').startsWith('+')) accepted++;
  else refused++;
}
api.on('answerCallbackQuery', (payload) => {
  answered(payload);
  return true;
});

const chat = channel(job.channelId);
const updates = Array.from({ length: job.presses }, (_, seq) =>
  callback(
    user(job.memberIds[seq % job.memberIds.length]!),
    { message_id: job.postId, chat },
    reactionCallbackData(job.channelId, job.postId, job.emojis[seq % job.emojis.length]!),
  ),
);
let pushedIds: string[] = [];
/** The webhook delivery of the burst, when it goes by webhook. */
let delivering: Promise<void> = Promise.resolve();

function summary(): FakeTelegramSummary {
  return {
    unanswered: pushedIds.filter((id) => !answers.has(id)).length,
    answeredTwice: [...answers.values()].filter((n) => n !== 1).length,
    answered: answers.size,
    accepted,
    refused,
    edits: api.callsOf('editMessageReplyMarkup').length,
    inReply,
    latencies: Float64Array.from(latencies),
  };
}

/**
 * Telegram's webhook delivery: `connections` connections, one update in flight on each.
 * A reply other than 200 is not retried (Telegram would): the row fails instead.
 */
async function deliver(to: WebhookTarget, list: readonly Update[]): Promise<void> {
  const url = new URL(to.url);
  const pool = new Pool(url.origin, { connections: to.connections });
  let next = 0;
  const connection = async () => {
    while (next < list.length) {
      const update = list[next++]!;
      api.queries.delivered([update]);
      const res = await pool.request({
        method: 'POST',
        path: url.pathname,
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': to.secretToken },
        body: JSON.stringify(update),
      });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`update ${update.update_id}: HTTP ${res.statusCode} ${text}`);
      if (text === '') continue;
      const reply = JSON.parse(text) as Record<string, unknown>;
      if (reply.method !== 'answerCallbackQuery') {
        throw new Error(`update ${update.update_id}: a webhook reply the bench does not expect (${String(reply.method)})`);
      }
      answered(reply);
      inReply++;
    }
  };
  try {
    await Promise.all(Array.from({ length: to.connections }, connection));
  } finally {
    await pool.close();
  }
}

port.on('message', (m: ToFakeTelegram) => {
  if (m === 'push') {
    pushedIds = api.push(...updates).map((u) => u.callback_query!.id);
  } else if (typeof m === 'object') {
    const list = updates.map((u, i) => ({ ...u, update_id: i + 1 }) as Update);
    pushedIds = list.map((u) => u.callback_query!.id);
    delivering = deliver(m.push, list).catch((err: unknown) => {
      port.postMessage({ failed: String((err as Error)?.message ?? err) } satisfies FromFakeTelegram);
    });
  } else if (m === 'summary') {
    // By webhook, the last answers may still be on their way in: counted once every POST has its reply.
    void delivering.then(() => {
      const s = summary();
      port.postMessage({ summary: s } satisfies FromFakeTelegram, [s.latencies.buffer as ArrayBuffer]);
    });
  } else if (m === 'close') {
    void api.close().then(() => port.close());
  }
});
port.postMessage({ ready: { url: api.url, token: api.token } } satisfies FromFakeTelegram);
