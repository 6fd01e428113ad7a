/**
 * Bench row `bot-react` (issue 5): reaction presses handled per second through the whole
 * bot — grammY's HTTP client long-polling the fake Bot API on loopback with
 * @grammyjs/runner, the middleware (i18n, error boundary, member touch), the channel
 * feature's checks, the engine, the toast (`answerCallbackQuery`) and the coalesced count
 * edits — beside the engine alone doing the same `react()` calls at the same concurrency.
 *
 * Workload (defaults): one FREE channel, one registered post, 2,000 members (the bench's
 * funded members), 10,000 presses: member `seq % members` presses emoji `seq % emojis`, so
 * each member presses 5 times, all presses pushed at once. `reactions.cooldown_seconds`
 * is 0 (configurable): each member's first press to be handled is accepted (+5 besitos),
 * the other 4 are refused ALREADY_REACTED (one reaction per post) — 2,000 accepted and
 * 8,000 refused, on both sides. With the default cooldown (30 s) the 4 are refused
 * COOLDOWN instead. Both sides run the full economy (`createEconomy`), so accepted presses
 * also trigger the reward evaluation and the install's example rewards, alike.
 *
 * The bot side's time runs from pushing the updates until every press was answered and
 * handled; each press must be answered exactly once (counted per callback_query_id at the
 * fake server), else the row fails. Every burst gets its own fresh database, checked with
 * `economy.verify()` afterwards. The fake Bot API runs in a worker thread
 * (fake-telegram-thread.ts), as Telegram is another machine: the measured thread does the
 * bot's work (grammY's client, runner, middleware, engine), as a deployment's would.
 *
 * Two deliveries, one line each, beside the same engine side: `polling` as above, and
 * `webhook`, where the fake POSTs each update to the webhook route of the HTTP app that
 * `npm start` serves with WEBHOOK_URL, over Telegram's default 40 connections (one update
 * in flight on each), and the toast rides in the reply to that POST (no call of its own;
 * the row counts them, `answers_in_reply`).
 *
 * Telegram's flood limits are off on both sides (the bot's pacing, the fake's 429s): the
 * members' reward notifications of a burst would otherwise go out at 30 a second and the
 * post's count edit wait behind them; the row measures the bot's own work per press, not
 * Telegram's rate (which test/bot/burst.test.ts covers).
 *
 * Fairness on a shared machine: first a small unmeasured burst on each side (JIT, module
 * loading), then `rounds` measured bursts per side, alternating which side goes first
 * (bot, engine, engine, bot, …); each side's rate is the median of its rounds.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { pino } from 'pino';
import { systemClock } from '../core/clock.js';
import { createEconomy, type Economy } from '../core/engine.js';
import { isEconomyError } from '../core/errors.js';
import { createBot } from '../bot/create-bot.js';
import { createHttpApp } from '../http/app.js';
import { listen, type HttpServerHandle } from '../http/listen.js';
import { FAKE_BOT_INFO } from '../bot/testing/fake-bot-api.js';
import { freshDatabase, type BenchDatabase } from './bench-database.js';
import type { BenchBackend } from './bench-types.js';
import { closedLoop } from './closed-loop.js';
import { startFakeTelegramThread, type FakeTelegramThread, type WebhookTarget } from './fake-telegram-thread.js';
import { memberOf } from './workload.js';

export const BOT_REACT_CHANNEL = -1002000000001;
export const BOT_REACT_POST = 1;
export const DEFAULT_BOT_PRESSES = 10_000;
export const DEFAULT_BOT_MEMBERS = 2_000;
/** @grammyjs/runner's default sink concurrency (updates handled at once). */
export const DEFAULT_BOT_CONCURRENCY = 500;
/** PostgreSQL pool of each side's economy. */
const POOL_SIZE = 32;
/** The bot side must finish within this long, or the row fails (a lost update would hang it). */
const BOT_TIMEOUT_MS = 300_000;

export interface BotReactOptions {
  backend: BenchBackend;
  pgUrl?: string;
  sqliteDir?: string;
  /** Presses pushed at once (default 10,000). */
  presses?: number;
  /** Members pressing, round-robin (default 2,000). */
  members?: number;
  /** Updates handled at once by the runner, and callers of the engine-only loop (default 500). */
  concurrency?: number;
  /** `reactions.cooldown_seconds` on both sides (default 0: repeats are ALREADY_REACTED). */
  cooldownSeconds?: number;
  /** Measured bursts per side, alternating the order (default 2). */
  rounds?: number;
  /** Presses of the unmeasured warm-up burst on each side (default min(presses, 1000); 0: none). */
  warmupPresses?: number;
  /** How the bot receives the burst (default both, one line each). */
  deliveries?: readonly BotDelivery[];
}

export interface BotReactRow {
  name: 'bot-react';
  /** Long polling with @grammyjs/runner, or Telegram's webhook into the HTTP app (`npm start` with WEBHOOK_URL). */
  delivery: BotDelivery;
  backend: BenchBackend;
  presses: number;
  members: number;
  /** Updates in flight: the runner's sink concurrency, or the webhook's connections (Telegram's default 40). */
  concurrency: number;
  /** Presses handled (answered) per second through the fake Bot API. */
  updates_per_s: number;
  /** The same react() calls per second on the engine alone. */
  engine_per_s: number;
  /** updates_per_s / engine_per_s (target ≥ 0.8, issue 14). */
  ratio: number;
  /** Bot side: toasts "+N besitos (…)" and refusals. */
  accepted: number;
  refused: number;
  /** Engine side, for comparison. */
  engine_accepted: number;
  engine_refused: number;
  /** Every press answered exactly once (else the run throws). */
  answered_once: true;
  /**
   * Issue 14: answer latency of the (last) bot burst, ms, from the fake handing the update
   * to the bot (getUpdates) to the answerCallbackQuery arriving at it: p50, p99, max.
   */
  answer_p50_ms: number;
  answer_p99_ms: number;
  answer_max_ms: number;
  /** Count edits the bot sent for the post during the (last) burst, coalesced. */
  count_edits: number;
  /** Answers of the (last) burst that rode in the webhook's reply (no call of their own); 0 by polling. */
  answers_in_reply: number;
  rounds: number;
}

/**
 * Runs the row, one line per delivery (long polling, webhook) beside the same engine side;
 * throws when a press is unanswered or answered twice, or a ledger fails to verify.
 */
export async function runBotReactBench(options: BotReactOptions): Promise<BotReactRow[]> {
  const presses = options.presses ?? DEFAULT_BOT_PRESSES;
  const members = options.members ?? DEFAULT_BOT_MEMBERS;
  const concurrency = options.concurrency ?? DEFAULT_BOT_CONCURRENCY;
  const rounds = options.rounds ?? 2;
  const warmup = options.warmupPresses ?? Math.min(presses, 1000);
  const deliveries = options.deliveries ?? BOT_DELIVERIES;
  for (const [name, value] of Object.entries({ presses, members, concurrency, rounds })) {
    if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${name} must be a positive integer, got ${String(value)}`);
  }
  if (!Number.isSafeInteger(warmup) || warmup < 0) throw new TypeError(`warmupPresses must be a whole number, got ${String(warmup)}`);
  if (deliveries.length === 0) throw new TypeError('deliveries must name at least one of polling, webhook');
  // Each side: a name, how it runs a burst, its rates and its last burst.
  const sides = [
    ...deliveries.map((delivery) => ({ delivery, burst: (n: number, m: number) => botSide(options, n, m, concurrency, delivery) })),
    { delivery: 'engine' as const, burst: (n: number, m: number) => engineSide(options, n, m, concurrency) },
  ].map((side) => ({ ...side, rates: [] as number[], last: undefined as SideResult | undefined }));
  if (warmup > 0) {
    for (const side of sides) await side.burst(warmup, Math.min(members, warmup));
  }
  // Each round starts with another side (a shared machine drifts), the engine among them.
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < sides.length; i++) {
      const side = sides[(round + i) % sides.length]!;
      side.last = await side.burst(presses, members);
      side.rates.push(presses / side.last.seconds);
    }
  }
  const engine = sides[sides.length - 1]!;
  const enginePerS = median(engine.rates);
  return sides.slice(0, -1).map((side) => {
    const bot = side.last!;
    const updatesPerS = median(side.rates);
    return {
      name: 'bot-react',
      delivery: side.delivery as BotDelivery,
      backend: options.backend,
      presses,
      members,
      concurrency: side.delivery === 'webhook' ? WEBHOOK_CONNECTIONS : concurrency,
      updates_per_s: Math.round(updatesPerS),
      engine_per_s: Math.round(enginePerS),
      ratio: Math.round((updatesPerS / enginePerS) * 100) / 100,
      accepted: bot.accepted,
      refused: bot.refused,
      engine_accepted: engine.last!.accepted,
      engine_refused: engine.last!.refused,
      answered_once: true,
      answer_p50_ms: percentile(bot.latencies, 0.5),
      answer_p99_ms: percentile(bot.latencies, 0.99),
      answer_max_ms: percentile(bot.latencies, 1),
      count_edits: bot.edits,
      answers_in_reply: bot.inReply,
      rounds,
    };
  });
}

/** Nearest-rank percentile of `values` (q in 0..1); 0 for none. */
function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

interface Prepared {
  database: BenchDatabase;
  economy: Economy;
  emojis: string[];
}

/** A fresh database with the funded members, the channel, the post and the settings. */
async function prepare(options: BotReactOptions, members: number): Promise<Prepared> {
  const database = await freshDatabase({
    backend: options.backend,
    members,
    poolSize: POOL_SIZE,
    ...(options.pgUrl ? { pgUrl: options.pgUrl } : {}),
    ...(options.sqliteDir ? { sqliteDir: options.sqliteDir } : {}),
  });
  try {
    const economy = createEconomy({ storage: database.storage, clock: systemClock, adminIds: [] });
    await economy.reactions.configureChannels([{ id: BOT_REACT_CHANNEL, kind: 'FREE', title: 'besitos bench' }]);
    await economy.reactions.registerPost(BOT_REACT_CHANNEL, BOT_REACT_POST);
    await economy.settings.set('reactions.cooldown_seconds', options.cooldownSeconds ?? 0, 'besitos bench');
    const emojis = (await economy.settings.all())['reactions.emojis'];
    return { database, economy, emojis };
  } catch (err) {
    await database.destroy();
    throw err;
  }
}

async function finish(p: Prepared, label: string): Promise<void> {
  try {
    const report = await p.economy.verify();
    if (!report.ok) throw new Error(`bench bot-react/${label}: the ledger does not verify: ${JSON.stringify(report.violations.slice(0, 3))}`);
  } finally {
    await p.economy.close();
    await p.database.destroy();
  }
}

interface SideResult {
  seconds: number;
  accepted: number;
  refused: number;
  edits: number;
  inReply: number;
  /** Bot side: ms from delivery to answer, per press. */
  latencies: number[];
}

/** How the bot side receives the burst: long polling with the runner, or Telegram's webhook. */
export type BotDelivery = 'polling' | 'webhook';
export const BOT_DELIVERIES: readonly BotDelivery[] = ['polling', 'webhook'];
/** Telegram's default `max_connections` for a webhook (setWebhook without it, as `npm start` calls it). */
export const WEBHOOK_CONNECTIONS = 40;
const WEBHOOK_PATH = '/telegram/webhook';

async function botSide(options: BotReactOptions, presses: number, members: number, concurrency: number, delivery: BotDelivery): Promise<SideResult> {
  const p = await prepare(options, members);
  let telegram: FakeTelegramThread | undefined;
  let runner: RunnerHandle | undefined;
  let server: HttpServerHandle | undefined;
  let dispose = () => {};
  try {
    telegram = await startFakeTelegramThread({
      presses,
      memberIds: p.database.memberIds,
      emojis: p.emojis,
      channelId: BOT_REACT_CHANNEL,
      postId: BOT_REACT_POST,
    });
    let handled = 0;
    let allHandled: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      allHandled = resolve;
    });
    const logger = pino({ level: 'silent' });
    const besitos = createBot({
      economy: p.economy,
      token: telegram.token,
      botInfo: FAKE_BOT_INFO,
      apiRoot: telegram.url,
      logger,
      pacing: false,
      onUpdateHandled: () => {
        if (++handled === presses) allHandled();
      },
    });
    dispose = besitos.dispose;
    let webhook: WebhookTarget | undefined;
    if (delivery === 'polling') {
      runner = run(besitos.bot, {
        runner: { fetch: { timeout: 1, allowed_updates: ['callback_query'] } },
        sink: { concurrency },
      });
    } else {
      // The server `npm start` runs with WEBHOOK_URL: the one HTTP app, the webhook route in it.
      const secretToken = 'bench-webhook-secret';
      server = await listen(createHttpApp({ economy: p.economy, logger, webhook: { bot: besitos.bot, path: WEBHOOK_PATH, secretToken } }), '127.0.0.1', 0);
      webhook = { url: `http://127.0.0.1:${server.port}${WEBHOOK_PATH}`, secretToken, connections: WEBHOOK_CONNECTIONS };
    }

    const started = process.hrtime.bigint();
    telegram.push(webhook);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      done,
      telegram.failed,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`bench bot-react: ${handled}/${presses} presses handled after ${BOT_TIMEOUT_MS} ms`)), BOT_TIMEOUT_MS);
        timer.unref();
      }),
    ]).finally(() => clearTimeout(timer));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;

    // Every press answered exactly once. A handled update has sent its answer: the runner
    // awaited the middleware, which awaited answerCallbackQuery's response; by webhook the
    // answer left in the reply, before the update's handling ended.
    const s = await telegram.summary();
    if (s.unanswered > 0 || s.answeredTwice > 0 || s.answered !== presses) {
      throw new Error(`bench bot-react/${delivery}: ${s.unanswered} presses unanswered, ${s.answeredTwice} answered more than once (of ${presses})`);
    }
    return { seconds, accepted: s.accepted, refused: s.refused, edits: s.edits, inReply: s.inReply, latencies: [...s.latencies] };
  } finally {
    if (runner?.isRunning()) await runner.stop();
    await server?.close();
    dispose();
    await telegram?.close();
    await finish(p, `${options.backend}/bot-${delivery}`);
  }
}

async function engineSide(options: BotReactOptions, presses: number, members: number, concurrency: number): Promise<SideResult> {
  const p = await prepare(options, members);
  try {
    let accepted = 0;
    let refused = 0;
    const { reactions } = p.economy;
    const result = await closedLoop(
      async (seq) => {
        try {
          await reactions.react({
            memberId: memberOf(p.database.memberIds, seq),
            channelId: BOT_REACT_CHANNEL,
            messageId: BOT_REACT_POST,
            emoji: p.emojis[seq % p.emojis.length]!,
          });
          accepted++;
        } catch (err) {
          if (!isEconomyError(err)) throw err;
          refused++;
        }
      },
      { concurrency, firstSeq: 0, ops: presses, record: false },
    );
    return { seconds: Number(result.elapsedNs) / 1e9, accepted, refused, edits: 0, inReply: 0, latencies: [] };
  } finally {
    await finish(p, `${options.backend}/engine`);
  }
}
