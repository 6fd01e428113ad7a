/**
 * A new member's first day, end to end through the real bot (issue 5, "what must be
 * shown"): /start, the daily gift, reactions on a free post (the seeded "first reaction"
 * reward unlocked and announced in private), a VIP post refused, a shop purchase with
 * delivery, and the day's numbers on the menu, with the ledger's invariants intact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../src/bot/testing/fake-bot-api.js';
import { callback, channel, channelPost, user } from '../../src/bot/testing/updates.js';
import { ADMIN_ID, FREE_CHANNEL, VIP_CHANNEL, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';
import { buttonsOf, onlyToast, pressAndRead, say, textOf } from './member-kit.js';

describe.each(testDialects())("a new member's first day ($name)", (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
    const set = await h.economy.shop.createContentSet({
      adminId: ADMIN_ID,
      name: 'bienvenida',
      items: [
        { kind: 'photo', fileId: 'WELCOME_1' },
        { kind: 'photo', fileId: 'WELCOME_2' },
        { kind: 'photo', fileId: 'WELCOME_3' },
      ],
    });
    await h.economy.shop.createProduct({ adminId: ADMIN_ID, name: 'Pack de bienvenida', kind: 'CONTENT', contentSetId: set.id, price: 30 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Posts in a channel and returns the reaction row the bot put under the post. */
  async function post(channelId: number, messageId: number): Promise<RecordedCall> {
    const mark = h.api.mark();
    await h.send(channelPost(channelId, messageId));
    const edit = h.api.since(mark).find((c) => c.method === 'editMessageReplyMarkup' && c.payload.message_id === messageId);
    if (!edit) throw new Error(`no reaction keyboard under post ${messageId}`);
    return edit;
  }

  async function react(u: ReturnType<typeof user>, channelId: number, row: RecordedCall, index = 0): Promise<string> {
    const mark = h.api.mark();
    const data = buttonsOf(row)[index]!.data;
    await h.send(callback(u, { message_id: Number(row.payload.message_id), chat: channel(channelId) }, data));
    return onlyToast(h, mark);
  }

  it('start, daily gift, reactions, a refused VIP post, a purchase, a reward', async () => {
    const sofia = user(6001, { first_name: 'Sofía', language_code: 'es' });

    // 1. /start: a new member at zero.
    const home = await say(h, sofia, '/start');
    expect(textOf(home)).toContain('¡Hola, Sofía!');
    expect(textOf(home)).toContain('Saldo: 0 besitos');
    expect(textOf(home)).toContain('Nivel 1');

    // 2. The daily gift from the menu.
    let mark = h.api.mark();
    const afterGift = await pressAndRead(h, sofia, home, 'Regalo diario');
    expect(onlyToast(h, mark)).toBe('+20 besitos + 2 de racha (racha 1)');
    expect(textOf(afterGift)).toContain('Saldo: 22 besitos');

    // 3. A free post: the first reaction pays 5 and unlocks "Primera reacción" (+10), told in private.
    const freeRow = await post(FREE_CHANNEL, 501);
    expect(buttonsOf(freeRow).map((b) => b.text)).toEqual(['❤️', '🔥', '💋', '😈']);
    mark = h.api.mark();
    expect(await react(sofia, FREE_CHANNEL, freeRow)).toBe('+5 besitos (1/20)');
    const told = h.api.since(mark).filter((c) => c.method === 'sendMessage' && c.payload.chat_id === sofia.id);
    expect(told.map((c) => c.payload.text)).toEqual(['🎉 ¡Conseguiste la recompensa «Primera reacción»! +10 besitos']);
    expect(await h.economy.ledger.balance(sofia.id)).toBe(37);

    // A second free post after the cooldown pays again.
    h.clock.advance(31_000);
    const second = await post(FREE_CHANNEL, 502);
    expect(await react(sofia, FREE_CHANNEL, second, 1)).toBe('+5 besitos (2/20)');

    // 4. A VIP post: refused, nothing moves.
    h.clock.advance(31_000);
    const vipRow = await post(VIP_CHANNEL, 601);
    const before = (await h.economy.history(sofia.id)).total;
    expect(await react(sofia, VIP_CHANNEL, vipRow)).toBe('Esta publicación es solo para miembros VIP.');
    expect((await h.economy.history(sofia.id)).total).toBe(before);
    expect(await h.economy.ledger.balance(sofia.id)).toBe(42);

    // 5. The shop: buy the welcome pack, delivered as one album.
    const list = await say(h, sofia, '/tienda');
    const detail = await pressAndRead(h, sofia, list, 'Pack de bienvenida');
    const confirm = await pressAndRead(h, sofia, detail, 'Comprar por 30');
    mark = h.api.mark();
    const done = await pressAndRead(h, sofia, confirm, 'Confirmar');
    const albums = h.api.since(mark).filter((c) => c.method === 'sendMediaGroup' && c.payload.chat_id === sofia.id);
    expect(albums.map((c) => (c.payload.media as Array<{ media: string }>).map((m) => m.media))).toEqual([['WELCOME_1', 'WELCOME_2', 'WELCOME_3']]);
    expect(textOf(done)).toContain('Saldo: 12 besitos');

    // 6. The day on the menu and in the rewards.
    const evening = await say(h, sofia, '/start');
    expect(textOf(evening)).toContain('Saldo: 12 besitos');
    expect(textOf(evening)).toContain('Racha del regalo diario: 1 día');
    expect(textOf(evening)).toContain('Racha de reacciones: 1 día');
    expect(textOf(evening)).toContain('te faltan 58 besitos para el nivel 2'); // earned 42 of 100
    const rewards = await pressAndRead(h, sofia, evening, 'Recompensas');
    expect(textOf(rewards)).toContain('✅ Primera reacción · +10 besitos · conseguida');
    expect(textOf(rewards)).toContain('🔒 Cien besitos · insignia 💯 Cien besitos · 42/100');

    const history = await pressAndRead(h, sofia, evening, 'Historial');
    const lines = textOf(history).split('\n').slice(2);
    expect(lines.map((l) => l.replace(/^.*? · /, ''))).toEqual([
      'Compra en la tienda: -30 (saldo 12)',
      'Reacción a una publicación: +5 (saldo 42)',
      'Recompensa: +10 (saldo 37)',
      'Reacción a una publicación: +5 (saldo 27)',
      'Bono de racha: +2 (saldo 22)',
      'Regalo diario: +20 (saldo 20)',
    ]);
    expect((await h.economy.verify()).ok).toBe(true);
  });
});
