/**
 * The shop's Deliverer port over the Bot API (SPEC §5; CONTENT rewards too, §6). Items go
 * out in the set's order: consecutive photos and videos as media groups (Telegram albums,
 * 2 to 10 items; a lone one as a single photo or video), documents, audio and animations
 * one by one, messages from a storage chat with copyMessage (no "forwarded from" header).
 *
 * Failures are classified for the engine: a 400 (file id gone, chat not found) or a 403
 * (the member blocked the bot or never opened a chat with it) can never succeed, so
 * `DeliveryFailed(…, true)` and the engine refunds at once; a 429, a 5xx or a network error
 * is temporary: the engine retries a bounded number of times (auto-retry already waited
 * out 429s), then refunds (a reward is not refunded: it stays granted and can be sent
 * again). A retry sends the whole set again: a member may see an item twice, never pay for
 * nothing.
 *
 * A set of several sends can take long (albums wait out Telegram's flood limits), so the
 * screen that started it may `watch` a purchase and hear "n of total items sent" after
 * each send, to show progress.
 *
 * Toasts first (issue 14): inside an update, a reward's set goes through the outgoing
 * queue (outgoing-queue.ts) and the engine is told it may not wait for it
 * (`defersRewardDelivery`), so a press that unlocks a CONTENT reward is answered before
 * the set goes out; `deliver` still settles with the outcome, which the engine records on
 * the grant. A claim waits for its set as before (the engine does not defer a claim), its
 * set queued like the rest.
 */
import { GrammyError, HttpError, type Api } from 'grammy';
import type { InputMediaPhoto, InputMediaVideo } from 'grammy/types';
import type { Logger } from 'pino';
import { type ContentItem, type ContentSet, type Deliverer, type DeliveryContext, DeliveryFailed } from '../core/index.js';
import type { OutgoingQueue } from './outgoing-queue.js';

/** Telegram's album size. */
export const MEDIA_GROUP_MAX = 10;

type Step =
  | { kind: 'group'; media: Array<InputMediaPhoto | InputMediaVideo> }
  | { kind: 'single'; item: ContentItem };

/** The calls a set needs, in order: runs of photos and videos become albums of at most 10. */
export function deliverySteps(items: readonly ContentItem[]): Step[] {
  const steps: Step[] = [];
  let run: Array<InputMediaPhoto | InputMediaVideo> = [];
  const flush = () => {
    for (let i = 0; i < run.length; i += MEDIA_GROUP_MAX) {
      const chunk = run.slice(i, i + MEDIA_GROUP_MAX);
      if (chunk.length === 1) {
        const only = chunk[0]!;
        steps.push({ kind: 'single', item: { kind: only.type, fileId: only.media as string } });
      } else {
        steps.push({ kind: 'group', media: chunk });
      }
    }
    run = [];
  };
  for (const item of items) {
    if (item.kind === 'photo' || item.kind === 'video') {
      run.push({ type: item.kind, media: item.fileId });
    } else {
      flush();
      steps.push({ kind: 'single', item });
    }
  }
  flush();
  return steps;
}

/** Told after each send of a delivery: items sent so far, items in the set. */
export type DeliveryProgressListener = (sent: number, total: number) => void | Promise<void>;

/** Items a step sends. */
function itemsOf(step: Step): number {
  return step.kind === 'group' ? step.media.length : 1;
}

export class TelegramDeliverer implements Deliverer {
  readonly #watchers = new Map<number, DeliveryProgressListener>();

  constructor(
    readonly api: Api,
    readonly logger: Logger,
    /** Where a reward's set waits inside an update; without one, every set is sent in the call. */
    readonly outgoing?: OutgoingQueue,
  ) {}

  defersRewardDelivery(): boolean {
    return this.outgoing?.answeringFirst === true;
  }

  /** Hears the progress of the deliveries of purchase `purchaseId` until the returned stop is called. */
  watch(purchaseId: number, listener: DeliveryProgressListener): () => void {
    this.#watchers.set(purchaseId, listener);
    return () => {
      if (this.#watchers.get(purchaseId) === listener) this.#watchers.delete(purchaseId);
    };
  }

  async deliver(memberId: number, contentSet: ContentSet, context: DeliveryContext): Promise<void> {
    const outgoing = this.outgoing;
    if (!context.reward || !outgoing) return this.#deliverNow(memberId, contentSet, context);
    // Every reward's set goes through the queue, whether the engine waits for it or not
    // (`defersRewardDelivery` was asked at another moment, the answer may have changed):
    // it settles with the send's outcome either way (a job never throws).
    return new Promise<void>((resolve, reject) => {
      void outgoing.enqueue(() => this.#deliverNow(memberId, contentSet, context).then(resolve, reject), memberId);
    });
  }

  async #deliverNow(memberId: number, contentSet: ContentSet, context: DeliveryContext): Promise<void> {
    const steps = deliverySteps(contentSet.items);
    const total = contentSet.items.length;
    let sent = 0;
    try {
      for (const step of steps) {
        await this.#send(memberId, step);
        sent += itemsOf(step);
        if (context.purchase && steps.length > 1) await this.#report(context.purchase.id, sent, total);
      }
    } catch (err) {
      const failure = classify(err);
      this.logger.warn(
        { memberId, ...(context.purchase ? { purchaseId: context.purchase.id } : { rewardId: context.reward.rewardId }), contentSetId: contentSet.id, permanent: failure.permanent, reason: failure.message },
        'content delivery failed',
      );
      throw failure;
    }
  }

  /** Progress is a courtesy: a listener that fails never fails the delivery. */
  async #report(purchaseId: number, sent: number, total: number): Promise<void> {
    const listener = this.#watchers.get(purchaseId);
    if (!listener) return;
    try {
      await listener(sent, total);
    } catch (err) {
      this.logger.debug({ purchaseId, err: err instanceof Error ? err.message : String(err) }, 'delivery progress not shown');
    }
  }

  async #send(chatId: number, step: Step): Promise<void> {
    if (step.kind === 'group') {
      await this.api.sendMediaGroup(chatId, step.media);
      return;
    }
    const item = step.item;
    switch (item.kind) {
      case 'photo':
        await this.api.sendPhoto(chatId, item.fileId);
        return;
      case 'video':
        await this.api.sendVideo(chatId, item.fileId);
        return;
      case 'document':
        await this.api.sendDocument(chatId, item.fileId);
        return;
      case 'audio':
        await this.api.sendAudio(chatId, item.fileId);
        return;
      case 'animation':
        await this.api.sendAnimation(chatId, item.fileId);
        return;
      case 'copy':
        await this.api.copyMessage(chatId, item.chatId, item.messageId);
        return;
    }
  }
}

/** 400 and 403 never succeed later; everything else may. */
export function classify(err: unknown): DeliveryFailed {
  if (err instanceof DeliveryFailed) return err;
  if (err instanceof GrammyError) {
    const permanent = err.error_code === 400 || err.error_code === 403;
    return new DeliveryFailed(`${err.method}: ${err.error_code} ${err.description}`, permanent);
  }
  if (err instanceof HttpError) return new DeliveryFailed(`network: ${err.message}`, false);
  return new DeliveryFailed(err instanceof Error ? err.message : String(err), false);
}
