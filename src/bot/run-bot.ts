/**
 * Runs the bot from its configuration (`besitos start`): opens and migrates the database,
 * applies the configured admins, channels and time zone, builds the bot (create-bot.ts),
 * schedules the day-boundary jobs, then either long-polls with @grammyjs/runner or serves
 * a webhook (Hono). `stop()` (or the abort signal) undoes it in reverse order. In-process,
 * so tests run it against the fake Bot API.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError } from 'grammy';
import type { Update } from 'grammy/types';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { openEconomy, type Economy } from '../core/engine.js';
import { redactUrl } from '../log/redact.js';
import { createHttpApp } from '../http/app.js';
import { listen, type HttpServerHandle } from '../http/webhook.js';
import { configuredChannels, type BotConfig } from './config.js';
import { createBot, type BesitosBot, type CreateBotOptions } from './create-bot.js';
import { describe } from '../log/describe.js';
import { publishCommands } from './command-list.js';

/**
 * Every update kind a feature reads. chat_member and message_reaction are only sent when
 * asked for by name, so the list is always given explicitly.
 */
export const ALLOWED_UPDATES = [
  'message',
  'edited_message',
  'callback_query',
  'channel_post',
  'message_reaction',
  'my_chat_member',
  'chat_member',
] as const satisfies ReadonlyArray<Exclude<keyof Update, 'update_id'>>;

/** Written into the settings audit for changes that come from the configuration. */
export const CONFIG_OPERATOR = 'config';

export interface RunBotOptions {
  logger: Logger;
  /** Aborting stops the bot (the CLI wires SIGINT and SIGTERM here). */
  signal?: AbortSignal;
  /** Long-polling wait of each getUpdates, in seconds (default 30). */
  pollTimeoutSeconds?: number;
  /** Extra createBot options (tests: bounded retries, faster timings). */
  bot?: Partial<Pick<CreateBotOptions, 'autoRetry' | 'commandLimit' | 'timing' | 'botInfo' | 'onUpdateHandled'>>;
  clock?: Clock;
}

export interface BotHandle {
  readonly mode: 'polling' | 'webhook';
  readonly economy: Economy;
  readonly besitos: BesitosBot;
  /** Webhook mode: where the HTTP server listens. */
  readonly address: { host: string; port: number } | null;
  /** Settles once the bot stopped: by stop(), the signal, or polling giving up (rejects). */
  readonly stopped: Promise<void>;
  stop(): Promise<void>;
}

/** The configuration is wrong in a way only Telegram could tell (a revoked token). */
export class BotConfigError extends Error {
  override readonly name = 'BotConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

export async function runBot(config: BotConfig, options: RunBotOptions): Promise<BotHandle> {
  const { logger } = options;
  const mode = config.webhook ? 'webhook' : 'polling';
  logger.info(
    { mode, database: redactUrl(config.databaseUrl), admins: config.adminIds.length, botApiRoot: config.botApiRoot ?? 'telegram' },
    'starting the bot',
  );
  if (config.adminIds.length === 0) logger.warn('ADMIN_IDS is empty: nobody can use /admin');

  const economy = await openEconomy(config.databaseUrl, {
    adminIds: config.adminIds,
    ...(options.clock ? { clock: options.clock } : {}),
    onJobError: (err) => logger.error({ err: describe(err) }, 'day-boundary job failed (retried at the next tick)'),
    onListenerError: (err, event) => logger.error({ err: describe(err), event }, 'event listener failed'),
    onDeliveryError: (err, info) => logger.warn({ err: describe(err), ...info }, 'content delivery failed'),
  });

  let besitos: BesitosBot | undefined;
  let runner: RunnerHandle | undefined;
  let server: HttpServerHandle | undefined;
  try {
    await applyConfig(economy, config, logger);
    besitos = createBot({
      economy,
      token: config.botToken,
      logger,
      ...(config.botApiRoot ? { apiRoot: config.botApiRoot } : {}),
      ...options.bot,
    });
    const { bot } = besitos;
    bot.api.config.use(async (prev, method, payload, signal) => {
      try {
        return await prev(method, payload, signal);
      } catch (err) {
        // The runner retries getUpdates on its own (silently: its console output could
        // carry a URL with the token); the failure is logged here, redacted.
        if (method === 'getUpdates' && !signal?.aborted) logger.warn({ err: describe(err) }, 'getUpdates failed: retrying');
        throw err;
      }
    });
    try {
      await bot.init();
    } catch (err) {
      if (err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404)) {
        throw new BotConfigError([
          `BOT_TOKEN: the Bot API refused the token (${err.error_code} ${err.description}). Get the current one from @BotFather (/mybots → API Token).`,
        ]);
      }
      throw err;
    }
    logger.info({ username: bot.botInfo.username, id: bot.botInfo.id }, 'bot identified');
    await publishCommands(bot.api, besitos.deps.i18n, config.adminIds, logger);

    if (config.webhook) {
      const app = createHttpApp({ bot, webhookPath: config.webhook.path, secretToken: config.webhook.secret, logger });
      server = await listen(app, config.host, config.port);
      if (config.webhook.secretGenerated) {
        logger.warn('WEBHOOK_SECRET is not set: generated a random one for this run (set it when several instances share the webhook)');
      }
      await bot.api.setWebhook(config.webhook.url, {
        secret_token: config.webhook.secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
      logger.info({ url: config.webhook.url, host: server.host, port: server.port }, 'webhook set; serving updates');
    } else {
      // A webhook left from an earlier run would make getUpdates fail with 409.
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: {
          silent: true,
          fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
        },
      });
      logger.info('long polling');
    }
    economy.jobs.start();
  } catch (err) {
    await server?.close();
    await runner?.stop();
    besitos?.dispose();
    await economy.close();
    throw err;
  }

  const bot = besitos;
  let stopping: Promise<void> | undefined;
  let settle!: { resolve: () => void; reject: (err: unknown) => void };
  const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  // Observed here so a rejection nobody awaits is not an unhandled one.
  stopped.catch(() => undefined);

  const stop = (failure?: unknown): Promise<void> => {
    stopping ??= (async () => {
      logger.info('stopping the bot');
      try {
        await runner?.stop();
        await server?.close();
        bot.dispose();
        await economy.close();
        logger.info('bot stopped');
      } finally {
        if (failure === undefined) settle.resolve();
        else settle.reject(failure);
      }
    })();
    return stopping;
  };

  // Polling that gives up (Telegram unreachable for hours, token revoked) ends the run.
  void runner?.task()?.catch((err: unknown) => {
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
    besitos: bot,
    address: server ? { host: server.host, port: server.port } : null,
    stopped,
    stop: () => stop(),
  };
}

/** Channels, and the time zone when configured and different (audited as 'config'). */
async function applyConfig(economy: Economy, config: BotConfig, logger: Logger): Promise<void> {
  const channels = configuredChannels(config);
  if (channels.length > 0) await economy.reactions.configureChannels(channels);
  else logger.warn('no FREE_CHANNEL_ID, VIP_CHANNEL_ID or GROUP_IDS: nothing earns reactions yet');
  if (config.timezone !== null) {
    const current = await economy.settings.get('economy.timezone');
    if (current !== config.timezone) {
      await economy.setSetting('economy.timezone', config.timezone, CONFIG_OPERATOR);
      logger.info({ from: current, to: config.timezone }, 'economy time zone set from the configuration');
    }
  }
}
