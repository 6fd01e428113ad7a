/**
 * What every feature of the bot is given: the engine, the logger and the bot's own
 * per-process helpers. Built once by `createBot`, reachable as `ctx.besitos`.
 */
import type { Api } from 'grammy';
import type { Logger } from 'pino';
import type { Economy } from '../core/index.js';
import type { I18n } from '@grammyjs/i18n';
import type { BotContext } from './context.js';
import type { LocaleCache } from './locale-cache.js';
import type { OutgoingQueue } from './outgoing-queue.js';

export interface BotDeps {
  readonly economy: Economy;
  readonly logger: Logger;
  /** The bot's API (also outside an update: notifications, delivery, count refreshes). */
  readonly api: Api;
  /** The bot's username (links, /start deep links). */
  readonly username: string;
  /** Members' chosen languages, cached (see locale-cache.ts). */
  readonly locales: LocaleCache;
  /** Messages outside an update (notifications): `i18n.t(locale, key, vars)`. */
  readonly i18n: I18n<BotContext>;
  /** Messages the bot sends on its own, after the update that caused them is answered. */
  readonly outgoing: OutgoingQueue;
  /** Timings the bot uses, tunable by tests and embedders. */
  readonly timing: BotTiming;
  /** Registers cleanup (timers, listeners) run by `BesitosBot.dispose()`. */
  readonly onDispose: (cleanup: () => void) => void;
}

export interface BotTiming {
  /**
   * Least time between two edits of one post's reaction counts (SPEC §3: a few seconds).
   * Unset: the setting `reactions.refresh_seconds`, read at each press.
   */
  countEditIntervalMs?: number;
  /**
   * Outside an update (an admin's credit, a job): longest the operation waits for its
   * notification to be sent (default NOTIFY_WAIT_MS). Inside an update it never waits.
   */
  notifyWaitMs?: number;
}

export const DEFAULT_TIMING: BotTiming = {};
