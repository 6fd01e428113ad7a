/**
 * Issue 14, goal 3 (toasts first), CONTENT rewards: a press that unlocks an auto CONTENT
 * reward is answered while the reward's album is still held by Telegram (the fake holds
 * sendMediaGroup); the album goes out through the outgoing queue once Telegram answers,
 * and the delivery's outcome is known only then (the engine records it on the grant:
 * test/core/rewards/content-delivery.test.ts). A refused album is logged after the toast.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reactionCallbackData } from '../../src/bot/features/channels/reaction-keyboard.js';
import { callback, channel, channelPost, text, user } from '../../src/bot/testing/updates.js';
import type { ContentSet, DeliveryContext } from '../../src/core/index.js';
import { ADMIN_ID, FREE_CHANNEL, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';

describe.each(testDialects())('toasts first, CONTENT rewards ($name)', (dialect) => {
  let h: BotHarness;
  let rewardId = 0;
  /** Every delivery the bot was asked for, and how it settled (undefined while pending). */
  const outcomes: Array<{ memberId: number; rewardId: number | undefined; settled?: 'sent' | 'failed' }> = [];
  beforeAll(async () => {
    h = await startBotHarness(dialect, { bot: { timing: { countEditIntervalMs: 200, notifyWaitMs: 3_600_000 } } });
    const set = await h.economy.shop.createContentSet({
      adminId: ADMIN_ID,
      name: 'Fotos',
      items: [
        { kind: 'photo', fileId: 'FIRST-1' },
        { kind: 'photo', fileId: 'FIRST-2' },
      ],
    });
    rewardId = (
      await h.economy.rewards.createReward(ADMIN_ID, { name: 'Fotos de la primera reacción', kind: 'CONTENT', contentSetId: set.id, conditions: [{ type: 'FIRST_REACTION' }] })
    ).id;
    // Watch the bot's own port (installed by createBot) without changing what it does.
    const port = h.economy.shop.deliverer;
    const deliver = port.deliver.bind(port);
    port.deliver = (memberId: number, contentSet: ContentSet, context: DeliveryContext) => {
      const entry: (typeof outcomes)[number] = { memberId, rewardId: context.reward?.rewardId };
      outcomes.push(entry);
      const sending = deliver(memberId, contentSet, context);
      sending.then(
        () => (entry.settled = 'sent'),
        () => (entry.settled = 'failed'),
      );
      return sending;
    };
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function pressWhileAlbumHeld(memberId: number, post: number) {
    const member = user(memberId, { language_code: 'en' });
    await h.send(text(member, 'hi')); // a private chat: the bot may send the set
    await h.send(channelPost(FREE_CHANNEL, post));
    const mark = h.api.mark();
    const release = h.api.hold('sendMediaGroup');
    const [update] = h.api.push(callback(member, { message_id: post, chat: channel(FREE_CHANNEL) }, reactionCallbackData(FREE_CHANNEL, post, '❤️')));
    const queryId = update!.callback_query!.id;
    // The album reached Telegram and waits for its answer…
    const album = await h.api.waitForCall((c) => c.method === 'sendMediaGroup' && c.payload.chat_id === memberId, { afterSeq: mark });
    // …and the press is answered meanwhile.
    const answer = await h.api.waitForCall((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === queryId, { afterSeq: mark });
    return { mark, release, album, answer, queryId };
  }

  it('answers the press while the album is held, then sends it; the delivery settles after the toast', async () => {
    const { mark, release, album, answer, queryId } = await pressWhileAlbumHeld(4201, 601);
    expect(answer.payload.text).toBe('+5 besitos (1/20)');
    expect(album.status).toBeUndefined();
    const mine = outcomes.filter((o) => o.memberId === 4201);
    expect(mine).toEqual([{ memberId: 4201, rewardId }]); // asked for, not settled yet
    release();
    await h.besitos.idle();
    expect(album.status).toBe(200);
    expect(album.payload.media).toEqual([
      { type: 'photo', media: 'FIRST-1' },
      { type: 'photo', media: 'FIRST-2' },
    ]);
    expect(mine[0]!.settled).toBe('sent');
    expect(h.api.since(mark).filter((c) => c.method === 'answerCallbackQuery' && c.payload.callback_query_id === queryId)).toHaveLength(1);
  });

  it('an album Telegram refuses after the toast is a failed delivery, logged then', async () => {
    h.api.fail('sendMediaGroup', { error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    const failedLogs = () => h.logs.filter((l) => l.includes('content delivery failed') && l.includes('"memberId":4202'));
    const { release, answer, album } = await pressWhileAlbumHeld(4202, 602);
    expect(answer.payload.text).toBe('+5 besitos (1/20)');
    expect(failedLogs()).toEqual([]);
    release();
    await h.besitos.idle();
    expect(album.status).toBe(400);
    expect(outcomes.filter((o) => o.memberId === 4202).map((o) => o.settled)).toEqual(['failed']);
    expect(failedLogs()).toHaveLength(1);
    expect(failedLogs()[0]).toContain(`"rewardId":${rewardId}`);
  });
});
