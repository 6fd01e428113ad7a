/**
 * Issue 10, defect 12: the bot paces its own calls to Telegram's flood limits
 * (telegram-limits.ts) instead of learning them from 429s. A burst (250 members claiming
 * the daily gift in one second) queues in memory and goes out at the allowed rate; no
 * reply is dropped (the queue keeps each one until it is sent), order within a chat is
 * kept (one call at a time per chat).
 *
 * Built on @grammyjs/transformer-throttler (Bottleneck), with two changes it cannot be
 * configured into:
 * - only the calls Telegram counts are paced (LIMITED_METHODS): the throttler paces every
 *   call that has a `chat_id`, which would queue a ban, an invite link or a getChatMember
 *   behind a channel's 20-a-minute posts. Calls without a chat (answerCallbackQuery)
 *   pass straight through, so a press is answered at once whatever a chat has queued.
 * - each limit is kept as an even spacing (`minTime` = window / count) rather than the
 *   throttler's default reservoir, which refills in fixed windows and so lets twice the
 *   limit through around a window's edge (20 at :59 and 20 at :00 in one group).
 */
import { apiThrottler } from '@grammyjs/transformer-throttler';
import type { Transformer } from 'grammy';
import { LIMITED_METHODS, type Rate, type TelegramLimits } from './telegram-limits.js';

/**
 * The share of each limit the bot uses. Calls leave evenly spaced but reach Telegram with
 * the network's (and a busy event loop's) jitter: paced at exactly the limit, a late call
 * followed by an on-time one arrives closer together than the limit allows, and Telegram
 * answers 429 (seen in CI under load: 7 refusals in a 300-message burst). 10 % below the
 * limit leaves the server's bucket room to absorb that jitter.
 */
const HEADROOM = 0.9;

const spacing = (r: Rate): number => Math.ceil(r.windowMs / (r.count * HEADROOM));

export function paceCalls(limits: TelegramLimits): Transformer {
  const throttle = apiThrottler({
    global: { minTime: spacing(limits.global) },
    group: { maxConcurrent: 1, minTime: spacing(limits.groupChat) },
    out: { maxConcurrent: 1, minTime: spacing(limits.privateChat) },
  });
  return (prev, method, payload, signal) =>
    LIMITED_METHODS.has(method) ? throttle(prev, method, payload, signal) : prev(method, payload, signal);
}
