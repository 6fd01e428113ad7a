/**
 * TelegramDeliverer (SPEC §5): content goes out in order, photo and video runs as media
 * groups of at most 10, other files one by one, stored messages copied; Telegram's
 * failures are sorted into permanent (400, 403: the engine refunds at once) and temporary
 * (429, 5xx: the engine tries again).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { DeliveryFailed, type ContentItem, type ContentSet, type Purchase } from '../../src/core/shop/index.js';
import { GrammyError, HttpError } from 'grammy';
import { TelegramDeliverer, classify, deliverySteps } from '../../src/bot/telegram-deliverer.js';
import { ADMIN_ID, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';

const STORAGE_CHAT = -1009999;

function setOf(items: ContentItem[]): ContentSet {
  return { id: 1, name: 'set', items, createdAt: new Date(), updatedAt: new Date() };
}
const purchase = { id: 1, productName: 'p' } as Purchase;

describe('deliverySteps', () => {
  it('groups photo and video runs in albums of at most 10, keeps order, sends lone items alone', () => {
    const photos = Array.from({ length: 12 }, (_, i): ContentItem => ({ kind: 'photo', fileId: `P${i}` }));
    const steps = deliverySteps([
      ...photos,
      { kind: 'document', fileId: 'D' },
      { kind: 'video', fileId: 'V' },
      { kind: 'copy', chatId: STORAGE_CHAT, messageId: 5 },
      { kind: 'video', fileId: 'V2' },
      { kind: 'photo', fileId: 'P99' },
    ]);
    expect(steps.map((s) => (s.kind === 'group' ? `group:${s.media.length}` : s.item.kind))).toEqual([
      'group:10',
      'group:2',
      'document',
      'video',
      'copy',
      'group:2',
    ]);
  });
});

describe.each(testDialects())('TelegramDeliverer ($name)', (dialect) => {
  let h: BotHarness;
  let deliverer: TelegramDeliverer;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
    // Buyers opened the bot (they bought in it): Telegram lets the bot write to them.
    h.api.privateChats.open(5001, 5002, 5003);
    deliverer = new TelegramDeliverer(h.besitos.deps.api, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('sends every kind with its own method, in order', async () => {
    const mark = h.api.mark();
    await deliverer.deliver(
      5001,
      setOf([
        { kind: 'photo', fileId: 'A' },
        { kind: 'video', fileId: 'B' },
        { kind: 'audio', fileId: 'C' },
        { kind: 'animation', fileId: 'G' },
        { kind: 'photo', fileId: 'E' },
        { kind: 'copy', chatId: STORAGE_CHAT, messageId: 42 },
      ]),
      { purchase },
    );
    const calls = h.api.since(mark);
    expect(calls.map((c) => c.method)).toEqual(['sendMediaGroup', 'sendAudio', 'sendAnimation', 'sendPhoto', 'copyMessage']);
    expect(calls[0]!.payload.media).toEqual([
      { type: 'photo', media: 'A' },
      { type: 'video', media: 'B' },
    ]);
    expect(calls[4]!.payload).toMatchObject({ chat_id: 5001, from_chat_id: STORAGE_CHAT, message_id: 42 });
  });

  it('reports progress to whoever watches the purchase, after each send of a set of several; a failing listener changes nothing', async () => {
    const heard: Array<[number, number]> = [];
    const stop = deliverer.watch(purchase.id, (sent, total) => {
      heard.push([sent, total]);
      throw new Error('the screen could not be edited');
    });
    const items = [...Array.from({ length: 12 }, (_, i): ContentItem => ({ kind: 'photo', fileId: `W${i}` })), { kind: 'document', fileId: 'WD' } as ContentItem];
    await deliverer.deliver(5003, setOf(items), { purchase });
    expect(heard).toEqual([
      [10, 13],
      [12, 13],
      [13, 13],
    ]);
    // A one-send set has nothing to report; nor does a purchase nobody watches.
    await deliverer.deliver(5003, setOf([{ kind: 'document', fileId: 'WD' }]), { purchase });
    stop();
    await deliverer.deliver(5003, setOf(items), { purchase });
    expect(heard).toHaveLength(3);
  });

  const failing = async (failure: { error_code: number; description: string; parameters?: { retry_after?: number } }) => {
    h.api.fail('sendDocument', failure);
    return deliverer.deliver(5002, setOf([{ kind: 'document', fileId: 'X' }]), { purchase }).then(
      () => null,
      (err: unknown) => err,
    );
  };

  it('a 400 or a 403 is permanent', async () => {
    for (const failure of [
      { error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' },
      { error_code: 400, description: 'Bad Request: chat not found' },
      { error_code: 403, description: 'Forbidden: bot was blocked by the user' },
    ]) {
      const err = await failing(failure);
      expect(err).toBeInstanceOf(DeliveryFailed);
      expect((err as DeliveryFailed).permanent).toBe(true);
    }
  });

  it('a 429 beyond what auto-retry waits is temporary', async () => {
    const err = await failing({ error_code: 429, description: 'Too Many Requests: retry after 30', parameters: { retry_after: 30 } });
    expect(err).toBeInstanceOf(DeliveryFailed);
    expect((err as DeliveryFailed).permanent).toBe(false);
  });

  it('a 5xx that outlasts auto-retry, or a network error, is temporary', () => {
    const grammy = (code: number) =>
      new GrammyError('failed', { ok: false, error_code: code, description: 'Bad Gateway' }, 'sendDocument', {});
    expect(classify(grammy(502)).permanent).toBe(false);
    expect(classify(grammy(500)).permanent).toBe(false);
    expect(classify(grammy(403)).permanent).toBe(true);
    expect(classify(new HttpError('Network request for sendDocument failed!', new Error('ECONNRESET'))).permanent).toBe(false);
  });

  it('through the shop: a temporary failure is tried again and the purchase stands', async () => {
    const shop = h.economy.shop;
    const set = await shop.createContentSet({ adminId: ADMIN_ID, name: 'doc', items: [{ kind: 'document', fileId: 'DOC' }] });
    const product = await shop.createProduct({ adminId: ADMIN_ID, name: 'Doc', kind: 'CONTENT', contentSetId: set.id, price: 10 });
    await h.economy.ledger.credit({ memberId: 5003, amount: 10 });
    // Past auto-retry's longest wait: the engine's own retry sends it again.
    h.api.fail('sendDocument', { error_code: 429, description: 'Too Many Requests: retry after 30', parameters: { retry_after: 30 } });
    const mark = h.api.mark();
    const result = await shop.purchase({ memberId: 5003, productId: product.id, confirmationKey: 'k1' });
    expect(result).toMatchObject({ delivered: true, refunded: false });
    expect(h.api.since(mark).filter((c) => c.method === 'sendDocument')).toHaveLength(2);
    expect(await h.economy.ledger.balance(5003)).toBe(0);
  });
});
