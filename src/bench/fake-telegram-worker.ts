/**
 * The bot-react row's Telegram (fake-telegram-thread.ts): the fake Bot API in its own
 * thread, holding the burst's updates until told to push them, counting the answers per
 * callback query and timing each from delivery (getUpdates) to answer, on its own clock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reactionCallbackData } from '../bot/features/channels/reaction-keyboard.js';
import { FakeBotApi } from '../bot/testing/fake-bot-api.js';
import { callback, channel, user } from '../bot/testing/updates.js';
import type { FakeTelegramJob, FakeTelegramSummary, FromFakeTelegram, ToFakeTelegram } from './fake-telegram-thread.js';

const job = workerData as FakeTelegramJob;
const port = parentPort!;
const api = await new FakeBotApi({ floodLimits: false }).start();

const answers = new Map<string, number>();
const latencies: number[] = [];
let accepted = 0;
let refused = 0;
api.on('answerCallbackQuery', (payload) => {
  const id = String(payload.callback_query_id);
  const deliveredAt = api.queries.deliveredAt(id);
  if (deliveredAt !== undefined) latencies.push(Date.now() - deliveredAt);
  answers.set(id, (answers.get(id) ?? 0) + 1);
  if (String(payload.text ?? '').startsWith('+')) accepted++;
  else refused++;
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

function summary(): FakeTelegramSummary {
  return {
    unanswered: pushedIds.filter((id) => !answers.has(id)).length,
    answeredTwice: [...answers.values()].filter((n) => n !== 1).length,
    answered: answers.size,
    accepted,
    refused,
    edits: api.callsOf('editMessageReplyMarkup').length,
    latencies: Float64Array.from(latencies),
  };
}

port.on('message', (m: ToFakeTelegram) => {
  if (m === 'push') {
    pushedIds = api.push(...updates).map((u) => u.callback_query!.id);
  } else if (m === 'summary') {
    const s = summary();
    port.postMessage({ summary: s } satisfies FromFakeTelegram, [s.latencies.buffer as ArrayBuffer]);
  } else if (m === 'close') {
    void api.close().then(() => port.close());
  }
});
port.postMessage({ ready: { url: api.url, token: api.token } } satisfies FromFakeTelegram);
