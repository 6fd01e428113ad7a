/**
 * Coalesced count refreshes (SPEC §3): after an accepted press the post's buttons should
 * show the new counts, but one post is edited at most once per interval whatever the
 * traffic. The first press after a quiet spell edits at once; presses inside the interval
 * only make sure one trailing edit is scheduled, and that edit reads the counts when it
 * runs, so it shows the latest ones.
 *
 * Telegram's answers: "message is not modified" (the counts did not change) is ignored;
 * "message to edit not found", "message can't be edited" and the like (post deleted, too
 * old) stop the refreshes of that post for the life of the process (logged at debug).
 * Memory is bounded: a post's entry is dropped once its interval has passed with nothing
 * pending, and at most MAX_TRACKED posts are tracked at once (beyond that a refresh is
 * skipped: the next press after the crowd thins out brings the labels up to date).
 */
import { isGone, isNotModified } from '../../telegram-errors.js';
import { isEconomyError } from '../../../core/index.js';
import type { BotDeps } from '../../bot-deps.js';
import { describe } from '../../../log/describe.js';
import { reactionKeyboard } from './reaction-keyboard.js';

const MAX_TRACKED = 10_000;
const MAX_GONE = 10_000;

interface PostState {
  channelId: number;
  messageId: number;
  /** When the last edit started (0: never). */
  lastEditAt: number;
  /** The trailing edit, or the timer that forgets the entry once the interval is over. */
  timer: NodeJS.Timeout | undefined;
  /** A trailing edit is due (not only the forget timer). */
  due: boolean;
}

export class CountRefresher {
  readonly #deps: BotDeps;
  readonly #posts = new Map<string, PostState>();
  /** Posts Telegram will not let us edit: never tried again. */
  readonly #gone = new Set<string>();
  #disposed = false;
  /** Edits sent (tests and the bench read it). */
  edits = 0;

  constructor(deps: BotDeps) {
    this.#deps = deps;
  }

  /** Posts with a pending edit or inside their interval. */
  get tracked(): number {
    return this.#posts.size;
  }

  /** Asks for the post's labels to be refreshed, at most one edit per `intervalMs`. */
  schedule(channelId: number, messageId: number, intervalMs: number): void {
    if (this.#disposed) return;
    const key = `${channelId}:${messageId}`;
    if (this.#gone.has(key)) return;
    let state = this.#posts.get(key);
    if (state?.due) return; // the trailing edit will read the latest counts
    if (!state) {
      if (this.#posts.size >= MAX_TRACKED) return;
      state = { channelId, messageId, lastEditAt: 0, timer: undefined, due: false };
      this.#posts.set(key, state);
    }
    if (state.timer) clearTimeout(state.timer);
    const wait = Math.max(0, state.lastEditAt + intervalMs - Date.now());
    state.due = true;
    const s = state;
    state.timer = setTimeout(() => void this.#fire(key, s, intervalMs), wait);
    state.timer.unref();
  }

  /** Clears every timer; later schedules are ignored. */
  dispose(): void {
    this.#disposed = true;
    for (const s of this.#posts.values()) if (s.timer) clearTimeout(s.timer);
    this.#posts.clear();
  }

  async #fire(key: string, state: PostState, intervalMs: number): Promise<void> {
    state.due = false;
    state.timer = undefined;
    state.lastEditAt = Date.now();
    await this.#edit(key, state);
    if (this.#disposed || this.#posts.get(key) !== state) return;
    // Nothing new meanwhile: forget the post once its interval is over (a press then edits at once).
    if (!state.due && !this.#gone.has(key)) {
      state.timer = setTimeout(() => {
        if (!state.due && this.#posts.get(key) === state) this.#posts.delete(key);
      }, Math.max(0, state.lastEditAt + intervalMs - Date.now()));
      state.timer.unref();
    }
  }

  async #edit(key: string, state: PostState): Promise<void> {
    const { economy, api, logger } = this.#deps;
    const { channelId, messageId } = state;
    try {
      const [settings, counts] = await Promise.all([economy.settings.all(), economy.reactions.counts(channelId, messageId)]);
      if (this.#disposed) return;
      this.edits++;
      await api.editMessageReplyMarkup(channelId, messageId, {
        reply_markup: reactionKeyboard(channelId, messageId, settings['reactions.emojis'], counts),
      });
    } catch (err) {
      if (isNotModified(err)) return;
      if (isGone(err) || (isEconomyError(err) && err.code === 'NOT_FOUND')) {
        this.#forget(key, state);
        logger.debug({ err: describe(err), channelId, messageId }, 'reaction counts: post can no longer be edited, refreshes stop');
        return;
      }
      logger.warn({ err: describe(err), channelId, messageId }, 'reaction counts: edit failed');
    }
  }

  #forget(key: string, state: PostState): void {
    if (state.timer) clearTimeout(state.timer);
    this.#posts.delete(key);
    if (this.#gone.size >= MAX_GONE) this.#gone.clear();
    this.#gone.add(key);
  }
}
