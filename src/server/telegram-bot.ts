/**
 * The Telegram bot as one part of the server: built with `createBot`, identified with
 * getMe (a token Telegram refuses is a configuration problem), its "/" menu published,
 * then receiving updates either by long polling (@grammyjs/runner) or by the webhook the
 * server's HTTP app serves. The server starts it after the economy and stops it before.
 */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { GrammyError } from 'grammy';
import type { Logger } from 'pino';
import type { Economy } from '../core/index.js';
import { ALLOWED_UPDATES, createBot, publishCommands, type BesitosBot, type BotContext, type CreateBotOptions } from '../bot/index.js';
import { describe } from '../log/describe.js';
import type { WebhookOptions } from '../http/webhook.js';
import type { ServerConfig } from './server-config.js';

/** What tests and the bench may tune in createBot (bounded retries, faster timings). */
export type BotTuning = Partial<Pick<CreateBotOptions, 'autoRetry' | 'pacing' | 'commandLimit' | 'timing' | 'botInfo' | 'onUpdateHandled'>>;

/** The configuration is wrong in a way only Telegram could tell (a revoked token). */
export class BotConfigError extends Error {
  override readonly name = 'BotConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

export interface TelegramBot {
  readonly besitos: BesitosBot;
  /** Webhook mode: the route the server's HTTP app adds. */
  readonly webhook: WebhookOptions<BotContext> | undefined;
  /**
   * Starts receiving updates: setWebhook (the HTTP server listens already) or long
   * polling. `address` is where the HTTP server listens, for the log.
   */
  receive(address: { host: string; port: number } | null): Promise<void>;
  /** Long polling: settles when the runner stops, rejecting when it gave up. */
  polling(): Promise<void> | undefined;
  /** Stops receiving (the runner; the webhook stops with the HTTP server). */
  stopReceiving(): Promise<void>;
  /** Stops the bot's listeners and timers. */
  dispose(): void;
}

export interface TelegramBotOptions {
  logger: Logger;
  /** Long-polling wait of each getUpdates, in seconds (default 30). */
  pollTimeoutSeconds?: number;
  tuning?: BotTuning;
}

export async function startTelegramBot(economy: Economy, config: ServerConfig & { botToken: string }, options: TelegramBotOptions): Promise<TelegramBot> {
  const { logger } = options;
  const besitos = createBot({
    economy,
    token: config.botToken,
    logger,
    ...(config.botApiRoot ? { apiRoot: config.botApiRoot } : {}),
    ...options.tuning,
  });
  const { bot } = besitos;
  let runner: RunnerHandle | undefined;
  try {
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
  } catch (err) {
    besitos.dispose();
    throw err;
  }

  const webhook = config.webhook;
  return {
    besitos,
    webhook: webhook ? { bot, path: webhook.path, secretToken: webhook.secret } : undefined,
    async receive(address) {
      if (webhook) {
        if (webhook.secretGenerated) {
          logger.warn('WEBHOOK_SECRET is not set: generated a random one for this run (set it when several instances share the webhook)');
        }
        await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
        logger.info({ url: webhook.url, host: address?.host, port: address?.port }, 'webhook set; serving updates');
        return;
      }
      // A webhook left from an earlier run would make getUpdates fail with 409.
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: {
          silent: true,
          fetch: { timeout: options.pollTimeoutSeconds ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
        },
      });
      logger.info('long polling');
    },
    polling: () => runner?.task(),
    stopReceiving: async () => {
      await runner?.stop();
    },
    dispose: () => besitos.dispose(),
  };
}
