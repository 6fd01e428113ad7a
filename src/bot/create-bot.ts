/**
 * The besitos bot: grammY over the engine. `createBot` wires the API transformers
 * (pacing, auto-retry, network retry, blocked members), the per-update middleware (deps,
 * i18n, error boundary, member touch, command rate limit) and the features, one Composer
 * each. It does not start anything: server/telegram-bot.ts polls (grammY runner) or
 * serves a webhook (Hono), tests drive it through a fake Bot API server, and an embedder
 * can `bot.use()` it inside theirs.
 */
import { Bot, type ApiClientOptions, type Middleware } from 'grammy';
import { autoRetry, type AutoRetryOptions } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { sequentialize } from '@grammyjs/runner';
import type { Update, UserFromGetMe } from 'grammy/types';
import { pino, type Logger } from 'pino';
import type { Economy } from '../core/index.js';
import { markBlockedMembers } from './blocked-members.js';
import { retryNetworkErrors } from './network-retry.js';
import { apiFetch } from './api-connections.js';
import { paceCalls } from './pacing.js';
import { TELEGRAM_LIMITS, type TelegramLimits } from './telegram-limits.js';
import { DEFAULT_TIMING, type BotDeps, type BotTiming } from './bot-deps.js';
import type { BotContext } from './context.js';
import { errorBoundary } from './error-boundary.js';
import { describe } from '../log/describe.js';
import { adminFeature } from './features/admin/index.js';
import { channelsFeature } from './features/channels/index.js';
import { memberFeature } from './features/member/index.js';
import { hintsFeature } from './features/hints.js';
import { startNotifications } from './features/member/notifications.js';
import { OutgoingQueue } from './outgoing-queue.js';
import { createI18n } from './i18n.js';
import { LocaleCache } from './locale-cache.js';
import { MemberTouch } from './member-touch.js';
import { TelegramDeliverer } from './telegram-deliverer.js';
import { vipFeature } from './features/vip/index.js';
import { TelegramVipAccess } from './vip-access/telegram-vip-access.js';

export interface CreateBotOptions {
  economy: Economy;
  /** The token from @BotFather. Never logged. */
  token: string;
  /** Skips `getMe` (tests, and instances that already know who they are). */
  botInfo?: UserFromGetMe;
  /** A self-hosted Bot API server (or the tests' fake one) instead of api.telegram.org. */
  apiRoot?: string;
  logger?: Logger;
  /**
   * The flood limits the bot paces its messages to (pacing.ts); default Telegram's
   * (TELEGRAM_LIMITS). Tests scale them (`scaleLimits`) along with the fake Bot API's;
   * `false` turns pacing off (an embedder whose own transformer paces).
   */
  pacing?: TelegramLimits | false;
  /** Bounded by default: 3 retries, at most 60 s of `retry_after` each. */
  autoRetry?: Partial<AutoRetryOptions>;
  /** Commands per member: at most `limit` in `timeFrameMs` (default 5 in 3 s). */
  commandLimit?: { timeFrameMs: number; limit: number };
  timing?: Partial<BotTiming>;
  /** Connections kept open to the Bot API at most (default API_MAX_SOCKETS; api-connections.ts). */
  apiMaxSockets?: number;
  /** Called after each update was handled, whatever the outcome (tests, bench). */
  onUpdateHandled?: (update: Update) => void;
}

export interface BesitosBot {
  readonly bot: Bot<BotContext>;
  readonly deps: BotDeps;
  /** Stops the notification listeners and the features' timers (the caller stops polling or the webhook). */
  dispose(): void;
  /** Resolves when the outgoing queue (notifications) is empty (tests, shutdown). */
  idle(): Promise<void>;
}

export const DEFAULT_AUTO_RETRY: Partial<AutoRetryOptions> = { maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true };

export function createBot(options: CreateBotOptions): BesitosBot {
  const { economy } = options;
  const logger = options.logger ?? pino({ level: 'info' });
  const bot = new Bot<BotContext>(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: {
      ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}),
      fetch: apiFetch(options.apiRoot ?? 'https://api.telegram.org', options.apiMaxSockets) as unknown as NonNullable<ApiClientOptions['fetch']>,
      // Behind a webhook, a press's toast rides in the webhook's own HTTP answer when it is
      // the update's first call (grammY's webhook reply): no call of its own to Telegram, no
      // round trip before the member sees it. Its result is always `true`, which is all a
      // webhook reply can return; other methods keep their real answers. Long polling has no
      // webhook answer to ride in, so nothing changes there.
      canUseWebhookReply: (method) => method === 'answerCallbackQuery',
    },
  });
  // Transformers, innermost (nearest the network) first; each wraps those installed before it.
  // 1. Blocked members are marked from each raw answer, retried or not.
  const touch = new MemberTouch();
  bot.api.config.use(markBlockedMembers(economy, logger, (id) => touch.forget(id)));
  // 2. auto-retry waits out the 429s pacing did not prevent, and 5xx answers.
  const retry = { ...DEFAULT_AUTO_RETRY, ...options.autoRetry };
  bot.api.config.use(autoRetry(retry));
  // 3. auto-retry would retry network failures forever: bounded here instead (network-retry.ts).
  bot.api.config.use(retryNetworkErrors({ maxAttempts: retry.maxRetryAttempts ?? 3 }));
  // 4. Pacing outermost: a call waits for its turn once, and its retries run inside that
  //    turn, so a 429 holds its own chat's queue (Telegram asks for exactly that pause) and
  //    the chat's next message cannot overtake the retried one; the global spacing is not
  //    held by a call sleeping out a retry_after. Were pacing inside auto-retry, each retry
  //    would queue again at the back of its chat, after messages that were written later.
  if (options.pacing !== false) bot.api.config.use(paceCalls(options.pacing ?? TELEGRAM_LIMITS));

  const i18n = createI18n();
  const cleanups: Array<() => void> = [];
  const deps: BotDeps = {
    economy,
    logger,
    api: bot.api,
    get username() {
      return bot.botInfo.username;
    },
    locales: new LocaleCache(economy),
    i18n,
    outgoing: new OutgoingQueue(options.timing?.notifyWaitMs !== undefined ? { waitMs: options.timing.notifyWaitMs } : {}),
    timing: { ...DEFAULT_TIMING, ...options.timing },
    onDispose: (cleanup) => void cleanups.push(cleanup),
  };

  // Toasts first (issue 14): what an update causes the bot to send on its own is queued,
  // not awaited, so the update is answered as soon as the engine committed.
  bot.use((_ctx, next) => deps.outgoing.answerFirst(next));
  const onHandled = options.onUpdateHandled;
  if (onHandled) {
    bot.use(async (ctx, next) => {
      try {
        await next();
      } finally {
        onHandled(ctx.update);
      }
    });
  }
  // One private chat's updates are handled in order (an admin flow reads and writes its
  // state per update); channels and groups stay fully concurrent, so a burst of presses
  // on one post is not queued behind itself.
  bot.use(sequentialize((ctx) => (ctx.chat?.type === 'private' ? String(ctx.chat.id) : undefined)));
  bot.use(provide(deps));
  bot.use(i18n);
  bot.use(errorBoundary);
  bot.use(touch.middleware);
  const rate = options.commandLimit ?? { timeFrameMs: 3000, limit: 5 };
  bot.filter(
    (ctx) => ctx.has('::bot_command'),
    limit<BotContext, never>({
      timeFrame: rate.timeFrameMs,
      limit: rate.limit,
      keyGenerator: (ctx) => ctx.from?.id.toString(),
      onLimitExceeded: async (ctx) => {
        await ctx.reply(ctx.t('error-rate-limited')).catch(() => undefined);
      },
    }),
  );
  bot.use(channelsFeature(deps));
  bot.use(adminFeature(deps));
  bot.use(memberFeature(deps));
  bot.use(vipFeature(deps));
  bot.use(hintsFeature()); // last: only what no feature answered
  // A button no feature knows (an old message, forged data): answered, so no spinner stays.
  bot.on('callback_query', (ctx) => ctx.answerCallbackQuery());

  // Anything that escaped the boundary (the boundary's own answer failing, i18n's read).
  bot.catch((err) => logger.error({ err: describe(err.error), updateId: err.ctx.update.update_id }, 'unhandled bot error'));

  economy.shop.setDeliverer(new TelegramDeliverer(bot.api, logger, deps.outgoing));
  const vipAccess = new TelegramVipAccess(deps);
  economy.vipAccess.setPort(vipAccess);
  const stopNotifications = startNotifications(deps);
  return {
    bot,
    deps,
    idle: () => deps.outgoing.idle(),
    dispose: () => {
      stopNotifications();
      // A disposed bot's API must not be used by the jobs; a newer bot's port stays.
      if (economy.vipAccess.port === vipAccess) economy.vipAccess.setPort(null);
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };
}

function provide(deps: BotDeps): Middleware<BotContext> {
  return (ctx, next) => {
    (ctx as { besitos: BotDeps }).besitos = deps;
    return next();
  };
}
