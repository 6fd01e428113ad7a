/**
 * The real bot, polling a fake Bot API server on loopback with grammY's runner, over a
 * migrated economy on one dialect. `send(update)` queues an update and resolves once the
 * bot has handled it, so a test reads the recorded API calls right after.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import type { Update } from 'grammy/types';
import { pino } from 'pino';
import { ManualClock } from '../../src/core/clock.js';
import { createEconomy, type Economy } from '../../src/core/engine.js';
import type { ChannelConfig } from '../../src/core/reactions/index.js';
import { createBot, type BesitosBot, type CreateBotOptions } from '../../src/bot/create-bot.js';
import { FakeBotApi, FAKE_BOT_INFO, type FakeBotApiOptions } from '../../src/bot/testing/fake-bot-api.js';
import { TELEGRAM_LIMITS, scaleLimits, type TelegramLimits } from '../../src/bot/telegram-limits.js';
import type { Storage } from '../../src/storage/connect.js';
import { migratedStorage, type TestDialect } from './dialects.js';

export const FREE_CHANNEL = -1001000000001;
export const VIP_CHANNEL = -1001000000002;
export const GROUP = -1001000000003;
export const ADMIN_ID = 900001;

/**
 * Telegram's flood limits with time 50 times faster (a private chat: a message every 20
 * ms): the bot paces to them and the fake refuses beyond them, so the suite runs both
 * pacing and flood limits without waiting Telegram's real seconds.
 */
export const TEST_LIMITS: TelegramLimits = scaleLimits(TELEGRAM_LIMITS, 50);

export interface BotHarnessOptions {
  adminIds?: number[];
  channels?: ChannelConfig[];
  /** Clock start (default 2026-03-02T10:00:00Z). */
  start?: string;
  bot?: Partial<Omit<CreateBotOptions, 'economy' | 'token' | 'botInfo' | 'apiRoot' | 'logger' | 'onUpdateHandled'>>;
  /** Flood limits of both the bot's pacing and the fake Bot API (default TEST_LIMITS). */
  limits?: TelegramLimits;
  /** The fake Bot API's other rules (callback query lifetime); its flood limits are `limits`. */
  fake?: Omit<FakeBotApiOptions, 'floodLimits' | 'token'>;
  /** How long `send` waits for its update to be handled (default 10 s; a burst behind pacing needs more). */
  handledWithinMs?: number;
}

export interface BotHarness {
  readonly economy: Economy;
  /** The database under the economy, for assertions on what was stored. */
  readonly storage: Storage;
  readonly clock: ManualClock;
  readonly api: FakeBotApi;
  /** The running bot (a new one after `restart`). */
  readonly besitos: BesitosBot;
  /** Log lines the bot wrote (JSON strings). */
  readonly logs: string[];
  /** Queues the update and waits (bounded) until the bot handled it. */
  send(update: Omit<Update, 'update_id'>): Promise<Update>;
  /**
   * Stops the bot and starts a new one on the same database and Bot API: what a process
   * restart (or another instance) sees. Nothing in memory survives: only the database.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startBotHarness(dialect: TestDialect, options: BotHarnessOptions = {}): Promise<BotHarness> {
  const { storage, cleanup } = await migratedStorage(dialect);
  const clock = new ManualClock(options.start ?? '2026-03-02T10:00:00Z');
  const economy = createEconomy({ storage, clock, adminIds: options.adminIds ?? [ADMIN_ID] });
  await economy.reactions.configureChannels(
    options.channels ?? [
      { id: FREE_CHANNEL, kind: 'FREE', title: 'free' },
      { id: VIP_CHANNEL, kind: 'VIP', title: 'vip' },
      { id: GROUP, kind: 'FREE', title: 'group' },
    ],
  );
  const limits = options.limits ?? TEST_LIMITS;
  const api = await new FakeBotApi({ ...options.fake, floodLimits: limits }).start();
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const handled = new Map<number, () => void>();
  const done = new Set<number>();
  const launch = (): { besitos: BesitosBot; runner: RunnerHandle } => {
    const besitos = createBot({
      economy,
      token: api.token,
      botInfo: FAKE_BOT_INFO,
      apiRoot: api.url,
      logger,
      autoRetry: { maxRetryAttempts: 2, maxDelaySeconds: 2 },
      timing: { countEditIntervalMs: 200 },
      pacing: limits,
      ...options.bot,
      onUpdateHandled: (u) => {
        done.add(u.update_id);
        handled.get(u.update_id)?.();
      },
    });
    const runner = run(besitos.bot, {
      runner: { fetch: { timeout: 1, allowed_updates: ['message', 'callback_query', 'channel_post', 'message_reaction', 'my_chat_member', 'chat_join_request'] } },
    });
    return { besitos, runner };
  };
  let current = launch();
  const halt = async () => {
    if (current.runner.isRunning()) await current.runner.stop();
    current.besitos.dispose();
  };

  return {
    economy,
    storage,
    clock,
    api,
    get besitos() {
      return current.besitos;
    },
    logs,
    async send(update) {
      const [queued] = api.push(update);
      const id = queued!.update_id;
      if (!done.has(id)) {
        await new Promise<void>((resolve, reject) => {
          const within = options.handledWithinMs ?? 10_000;
          const t = setTimeout(() => reject(new Error(`update ${id} not handled within ${within} ms`)), within);
          handled.set(id, () => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      handled.delete(id);
      // What the update caused the bot to send on its own follows its answer (toasts first).
      await current.besitos.idle();
      return queued!;
    },
    async restart() {
      await halt();
      current = launch();
    },
    async stop() {
      await halt();
      await api.close();
      await economy.close();
      await cleanup();
    },
  };
}
