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
 * - the global spacing is measured when a call leaves (spaceCalls), not handed out in
 *   advance: Bottleneck gives every queued job its start time at once and sets a timer for
 *   each, so an event loop held up for half a second (a loaded machine, a long GC) fires
 *   every timer that came due together, and 30 calls leave in one millisecond. Seen in CI:
 *   7 429s in a 300-message burst, even with the headroom below. The per-chat limiters run
 *   one call at a time, so they cannot bunch that way.
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
    // No global limit here: spaceCalls keeps it, when each call leaves.
    global: {},
    group: { maxConcurrent: 1, minTime: spacing(limits.groupChat) },
    out: { maxConcurrent: 1, minTime: spacing(limits.privateChat) },
  });
  const leave = spaceCalls(spacing(limits.global));
  return (prev, method, payload, signal) =>
    LIMITED_METHODS.has(method)
      ? throttle((m, p, s) => leave(() => prev(m, p, s)), method, payload, signal)
      : prev(method, payload, signal);
}

/**
 * Runs calls in the order they come, each at least `ms` after the one before it left,
 * measured at that moment. One timer at a time: after a stall the next call waits its full
 * spacing from the call that just left, instead of every overdue call leaving at once.
 */
export function spaceCalls(ms: number): <T>(call: () => Promise<T>) => Promise<T> {
  let turn: Promise<void> = Promise.resolve();
  let last = -Infinity;
  return (call) => {
    let left!: () => void;
    const next = new Promise<void>((resolve) => (left = resolve));
    const mine = turn.then(async () => {
      // A timer can fire a little early against performance.now() (libuv's cached loop time).
      for (let wait = last + ms - performance.now(); wait > 0; wait = last + ms - performance.now()) {
        await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
      }
      // The moment marked is the moment the call starts, in the same synchronous step: with
      // a hop between them, a call delayed after its mark (a busy loop) and the next one not
      // left closer than the spacing (CI: 11.0 ms apart at a 13 ms spacing).
      last = performance.now();
      left();
      return call();
    });
    // The next call waits for this one to leave, not to be answered.
    turn = next;
    return mine;
  };
}
