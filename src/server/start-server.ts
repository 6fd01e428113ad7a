/**
 * Starts the process from its configuration (`besitos start`): opens and migrates the
 * database, applies the configured admins, channels and time zone, starts the Telegram
 * bot when BOT_TOKEN is set (telegram-bot.ts), serves the one HTTP app (admin API, login
 * link, the webhook in webhook mode) and schedules the day-boundary jobs. Without a bot it
 * says so, and how to turn it on, and prints a one-time login link while no admin token
 * exists (welcome.ts). `stop()` (or the abort signal) undoes it in reverse order.
 * In-process, so tests run it against the fake Bot API.
 */
import type { Logger } from 'pino';
import { type Clock, type Economy, openEconomy } from '../core/index.js';
import { createHttpApp } from '../http/app.js';
import { SetupLink } from '../http/setup-link.js';
import { listen, type HttpServerHandle, type HttpTimeouts } from '../http/listen.js';
import type { BesitosBot } from '../bot/index.js';
import { describe } from '../log/describe.js';
import { redactUrl } from '../log/redact.js';
import { configuredChannels, type ServerConfig } from './server-config.js';
import { startTelegramBot, type BotTuning, type TelegramBot } from './telegram-bot.js';
import { welcome, type Welcome } from './welcome.js';

/** Written into the settings audit for changes that come from the configuration. */
export const CONFIG_OPERATOR = 'config';

export interface StartServerOptions {
  logger: Logger;
  /** Aborting stops the server (the CLI wires SIGINT and SIGTERM here). */
  signal?: AbortSignal;
  /** Long-polling wait of each getUpdates, in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** Extra createBot options (tests: bounded retries, faster timings). */
  bot?: BotTuning;
  clock?: Clock;
  /** How long a request may take to send its headers and its body (default 10 s and 30 s). */
  http?: Partial<HttpTimeouts>;
  /**
   * Where words for the person at the terminal go (the CLI: stderr), never the log: the
   * one-time login link carries a secret. Default: nowhere.
   */
  tell?: (text: string) => void;
}

export interface ServerHandle {
  /** `none`: no BOT_TOKEN, only the HTTP app runs. */
  readonly mode: 'polling' | 'webhook' | 'none';
  readonly economy: Economy;
  /** Null without a bot. */
  readonly besitos: BesitosBot | null;
  /** Where the HTTP server listens. */
  readonly address: { host: string; port: number };
  /** What the terminal was told: the API's address, and the login link when one was made. */
  readonly welcome: Welcome;
  /** Settles once the server stopped: by stop(), the signal, or polling giving up (rejects). */
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(config: ServerConfig, options: StartServerOptions): Promise<ServerHandle> {
  const { logger } = options;
  const mode = config.botToken === null ? 'none' : config.webhook ? 'webhook' : 'polling';
  logger.info(
    { mode, database: redactUrl(config.databaseUrl), admins: config.adminIds.length, botApiRoot: config.botApiRoot ?? 'telegram' },
    mode === 'none' ? 'starting without the bot (BOT_TOKEN is not set)' : 'starting the bot',
  );
  if (config.adminIds.length === 0) logger.warn('ADMIN_IDS is empty: /admin is only for stored admins (a fresh economy gets a setup link)');

  const economy = await openEconomy(config.databaseUrl, {
    adminIds: config.adminIds,
    ...(options.clock ? { clock: options.clock } : {}),
    onJobError: (err) => logger.error({ err: describe(err) }, 'day-boundary job failed (retried at the next tick)'),
    onListenerError: (err, event) => logger.error({ err: describe(err), event }, 'event listener failed'),
    onDeliveryError: (err, info) => logger.warn({ err: describe(err), ...info }, 'content delivery failed'),
    storage: {
      onConnectionError: (err) => logger.warn({ err: describe(err) }, 'a database connection was lost (replaced on the next operation)'),
    },
  });

  let telegram: TelegramBot | null = null;
  let server: HttpServerHandle | undefined;
  let told: Welcome;
  try {
    await applyConfig(economy, config, logger);
    const token = config.botToken;
    if (token !== null) {
      telegram = await startTelegramBot(economy, { ...config, botToken: token }, {
        logger,
        ...(options.pollTimeoutSeconds !== undefined ? { pollTimeoutSeconds: options.pollTimeoutSeconds } : {}),
        ...(options.bot ? { tuning: options.bot } : {}),
      });
    }
    // One server for everything: the admin API always, the webhook when the bot uses one.
    const setup = new SetupLink(() => economy.clock.now());
    const app = createHttpApp({ economy, logger, setup, ...(telegram?.webhook ? { webhook: telegram.webhook } : {}) });
    server = await listen(app, config.host, config.port, options.http);
    await telegram?.receive({ host: server.host, port: server.port });
    economy.jobs.start();
    told = await welcome(economy, config, { host: server.host, port: server.port }, logger, setup);
    options.tell?.(told.text);
  } catch (err) {
    await server?.close();
    await telegram?.stopReceiving();
    telegram?.dispose();
    await economy.close();
    throw err;
  }

  const bot = telegram;
  let stopping: Promise<void> | undefined;
  let settle!: { resolve: () => void; reject: (err: unknown) => void };
  const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Observed here so a rejection nobody awaits is not an unhandled one.
  stopped.catch(() => undefined);

  const stop = (failure?: unknown): Promise<void> => {
    stopping ??= (async () => {
      logger.info(bot ? 'stopping the bot' : 'stopping');
      try {
        await bot?.stopReceiving();
        await server?.close();
        bot?.dispose();
        await economy.close();
        logger.info(bot ? 'bot stopped' : 'stopped');
      } finally {
        if (failure === undefined) settle.resolve();
        else settle.reject(failure);
      }
    })();
    return stopping;
  };

  // Polling that gives up (Telegram unreachable for hours, token revoked) ends the run.
  void bot?.polling()?.catch((err: unknown) => {
    logger.fatal({ err: describe(err) }, 'long polling stopped');
    void stop(err);
  });
  if (options.signal) {
    if (options.signal.aborted) void stop();
    else options.signal.addEventListener('abort', () => void stop(), { once: true });
  }

  return {
    mode,
    economy,
    besitos: bot?.besitos ?? null,
    address: { host: server.host, port: server.port },
    welcome: told,
    stopped,
    stop: () => stop(),
  };
}

/** Channels, and the time zone when configured and different (audited as 'config'). */
async function applyConfig(economy: Economy, config: ServerConfig, logger: Logger): Promise<void> {
  const channels = configuredChannels(config);
  if (channels.length > 0) await economy.reactions.configureChannels(channels);
  else logger.warn('no FREE_CHANNEL_ID, VIP_CHANNEL_ID or GROUP_IDS: nothing earns reactions yet');
  if (config.timezone !== null) {
    const current = await economy.settings.get('economy.timezone');
    if (current !== config.timezone) {
      await economy.settings.set('economy.timezone', config.timezone, CONFIG_OPERATOR);
      logger.info({ from: current, to: config.timezone }, 'economy time zone set from the configuration');
    }
  }
}
