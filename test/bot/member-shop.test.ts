/**
 * The shop from a private chat (SPEC §5; issue 5 item 3): catalogue paging with the
 * member's price and marks, product detail, the confirmation step, delivery (a 3-photo
 * album as one media group, a document alone), a confirmation pressed twice buying once,
 * buying again only after an explicit confirmation, refusals without a movement, a
 * delivery that fails for good refunded with the member told, VIP days, a free claim, and
 * "my purchases" with re-delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from 'grammy/types';
import { callback, privateChat, user } from '../../src/bot/testing/updates.js';
import { ADMIN_ID, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';
import { buttonsOf, lastScreen, onlyToast, press, pressAndRead, say, textOf, toastsSince } from './member-kit.js';

describe.each(testDialects())('member shop ($name)', (dialect) => {
  let h: BotHarness;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    h = await startBotHarness(dialect);
    const shop = h.economy.shop;
    const set = async (name: string, items: unknown[]) => (await shop.createContentSet({ adminId: ADMIN_ID, name, items })).id;
    const photos = await set('playa', [
      { kind: 'photo', fileId: 'PHOTO_1' },
      { kind: 'photo', fileId: 'PHOTO_2' },
      { kind: 'photo', fileId: 'PHOTO_3' },
    ]);
    const pdf = await set('guia', [{ kind: 'document', fileId: 'DOC_1' }]);
    const broken = await set('roto', [
      { kind: 'photo', fileId: 'GONE_1' },
      { kind: 'photo', fileId: 'GONE_2' },
    ]);
    const product = async (key: string, input: Record<string, unknown>) => {
      ids[key] = (await shop.createProduct({ adminId: ADMIN_ID, description: '', ...input })).id;
    };
    // Cheapest first: Regalo 0, Roto 20, Guía 30, Playa 50, Solo VIP 60 | VIP semana 100, Caro 5000.
    await product('free', { name: 'Regalo', kind: 'CONTENT', contentSetId: pdf, price: 0 });
    await product('broken', { name: 'Roto', kind: 'CONTENT', contentSetId: broken, price: 20 });
    await product('pdf', { name: 'Guía', description: 'Una guía en PDF', kind: 'CONTENT', contentSetId: pdf, price: 30 });
    await product('photos', { name: 'Playa', description: 'Tres fotos', kind: 'CONTENT', contentSetId: photos, price: 50, vipPrice: 40 });
    await product('vipOnly', { name: 'Solo VIP', kind: 'CONTENT', contentSetId: photos, price: 60, tier: 'VIP' });
    await product('vipDays', { name: 'VIP semana', kind: 'VIP_DAYS', days: 7, price: 100 });
    await product('pricey', { name: 'Caro', kind: 'CONTENT', contentSetId: pdf, price: 5000 });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function member(id: number, balance: number, extra: Partial<User> = {}): Promise<User> {
    const u = user(id, { language_code: 'es', ...extra });
    if (balance > 0) await h.economy.ledger.credit({ memberId: id, amount: balance });
    return u;
  }

  /** Opens the product from /tienda (paging when needed) and presses Buy: the confirmation screen. */
  async function openConfirmation(u: User, name: string) {
    let list = await say(h, u, '/tienda');
    if (!buttonsOf(list).some((b) => b.text.startsWith(name))) list = await pressAndRead(h, u, list, 'Siguiente');
    const detail = await pressAndRead(h, u, list, new RegExp(`^${name} ·`));
    return pressAndRead(h, u, detail, /Comprar|Reclamar/);
  }

  it('pages the catalogue 5 at a time, cheapest first, with the member price and marks', async () => {
    const ana = await member(2001, 200);
    const page1 = await say(h, ana, '/tienda');
    const body = textOf(page1);
    expect(body).toContain('Tienda · página 1 de 2');
    expect(body).toContain('Tienes 200 besitos.');
    expect(body).toContain('1. Regalo · gratis');
    expect(body).toContain('4. Playa · 50 besitos · VIP: 40');
    expect(body).toContain('5. Solo VIP · 60 besitos · ⭐ VIP');
    expect(buttonsOf(page1).map((b) => b.text)).toEqual([
      'Regalo · gratis',
      'Roto · 20 besitos',
      'Guía · 30 besitos',
      'Playa · 50 besitos',
      'Solo VIP · 60 besitos',
      'Siguiente ▶️',
      '⬅️ Menú',
    ]);
    const page2 = await pressAndRead(h, ana, page1, 'Siguiente');
    expect(textOf(page2)).toContain('página 2 de 2');
    expect(buttonsOf(page2).map((b) => b.text)).toEqual(['VIP semana · 100 besitos', 'Caro · 5000 besitos', '◀️ Anterior', '⬅️ Menú']);
    const back = await pressAndRead(h, ana, page2, 'Anterior');
    expect(textOf(back)).toContain('página 1 de 2');
  });

  it('a VIP sees the VIP price; a free member sees VIP-only products locked', async () => {
    const vip = await member(2002, 0);
    await h.economy.membership.grantVip({ memberId: vip.id, days: 30, by: 'test' });
    expect(textOf(await say(h, vip, '/tienda'))).toContain('Playa · 40 besitos');
    const free = await member(2003, 500);
    const list = await say(h, free, '/tienda');
    const detail = await pressAndRead(h, free, list, 'Solo VIP');
    expect(textOf(detail)).toContain('Solo para miembros VIP');
    expect(buttonsOf(detail).map((b) => b.text)).not.toContain('🛒 Comprar por 60');
    const mark = h.api.mark();
    await h.send(callback(free, { message_id: 9, chat: privateChat(free) }, `m:b:${ids.vipOnly}`));
    expect(onlyToast(h, mark)).toBe('Solo para miembros VIP.');
  });

  it('buys a 3-photo set after confirming: one media group, the price spent once', async () => {
    const bea = await member(2004, 120);
    const confirm = await openConfirmation(bea, 'Playa');
    expect(confirm.method).toBe('sendMessage'); // a new message: its id makes the purchase key
    expect(textOf(confirm)).toBe('¿Compras «Playa» por 50 besitos? Tienes 120.');
    const mark = h.api.mark();
    const done = await pressAndRead(h, bea, confirm, 'Confirmar');
    const groups = h.api.since(mark).filter((c) => c.method === 'sendMediaGroup');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.payload).toMatchObject({
      chat_id: bea.id,
      media: [
        { type: 'photo', media: 'PHOTO_1' },
        { type: 'photo', media: 'PHOTO_2' },
        { type: 'photo', media: 'PHOTO_3' },
      ],
    });
    expect(textOf(done)).toBe('✅ ¡Listo! «Playa» es tuyo; te lo acabo de enviar. Saldo: 70 besitos.');
    expect(toastsSince(h, mark)).toEqual(['✅ ¡Comprado!']);
    expect(await h.economy.ledger.balance(bea.id)).toBe(70);
  });

  it('delivers a single document with sendDocument', async () => {
    const cris = await member(2005, 30);
    const confirm = await openConfirmation(cris, 'Guía');
    const mark = h.api.mark();
    await press(h, cris, confirm, 'Confirmar');
    const sent = h.api.since(mark).filter((c) => c.method.startsWith('send') && c.method !== 'sendMessage');
    expect(sent.map((c) => [c.method, c.payload.document])).toEqual([['sendDocument', 'DOC_1']]);
    expect(await h.economy.ledger.balance(cris.id)).toBe(0);
  });

  it('a confirmation pressed twice buys once, and both presses are answered', async () => {
    const dora = await member(2006, 300);
    const confirm = await openConfirmation(dora, 'VIP semana');
    const mark = h.api.mark();
    await Promise.all([press(h, dora, confirm, 'Confirmar'), press(h, dora, confirm, 'Confirmar')]);
    expect((await h.economy.shop.purchases(dora.id)).items).toHaveLength(1);
    expect(await h.economy.ledger.balance(dora.id)).toBe(200);
    const toasts = toastsSince(h, mark);
    expect(toasts).toHaveLength(2);
    expect(toasts).toContain('✅ ¡Comprado!');
    expect((await h.economy.membership.get(dora.id))?.role).toBe('VIP');
    expect(textOf(lastScreen(h, dora.id, mark))).toMatch(/Eres VIP hasta el .* Saldo: 200 besitos/);
  });

  it('buying owned content again: the detail offers it, one confirmation buys it', async () => {
    const eli = await member(2007, 200);
    await press(h, eli, await openConfirmation(eli, 'Guía'), 'Confirmar');
    const list = await say(h, eli, '/tienda');
    const detail = await pressAndRead(h, eli, list, /^Guía ·/);
    expect(textOf(detail)).toContain('Ya lo tienes (1).');
    const confirm = await pressAndRead(h, eli, detail, 'Comprar otra vez por 30');
    expect(textOf(confirm)).toBe('Ya tienes «Guía». ¿Lo compras otra vez por 30 besitos? Tienes 170.');
    const mark = h.api.mark();
    await press(h, eli, confirm, 'Sí, otra vez');
    expect(toastsSince(h, mark)).toEqual(['✅ ¡Comprado!']);
    expect(await h.economy.ledger.balance(eli.id)).toBe(140);
    expect((await h.economy.shop.purchases(eli.id)).items).toHaveLength(2);
  });

  it('an old first-purchase confirmation of content bought since asks once more', async () => {
    const eva = await member(2017, 200);
    const first = await openConfirmation(eva, 'Guía');
    await press(h, eva, await openConfirmation(eva, 'Guía'), 'Confirmar');
    const mark = h.api.mark();
    const again = await pressAndRead(h, eva, first, 'Confirmar');
    expect(onlyToast(h, mark)).toBe('Ya tienes este producto. Confirma si quieres comprarlo otra vez.');
    expect(textOf(again)).toBe('Ya tienes «Guía». ¿Lo compras otra vez por 30 besitos? Tienes 170.');
    expect(await h.economy.ledger.balance(eva.id)).toBe(170);
  });

  it('a big set: the press is answered before the albums go out, once, with progress, all delivered', async () => {
    const items = Array.from({ length: 25 }, (_, i) => ({ kind: 'photo', fileId: `BIG_${i + 1}` }));
    const set = await h.economy.shop.createContentSet({ adminId: ADMIN_ID, name: 'grande', items });
    const product = await h.economy.shop.createProduct({ adminId: ADMIN_ID, name: 'Pack grande', description: '', kind: 'CONTENT', contentSetId: set.id, price: 9000 });
    try {
      const lia = await member(2018, 9000);
      const confirm = await openConfirmation(lia, 'Pack grande');
      // Telegram's flood limit on albums: two waits (the harness's auto-retry waits them out).
      h.api.fail('sendMediaGroup', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } }, 2);
      const mark = h.api.mark();
      const done = await pressAndRead(h, lia, confirm, 'Confirmar');
      const calls = h.api.since(mark);
      const answers = calls.filter((c) => c.method === 'answerCallbackQuery');
      expect(answers.map((c) => c.payload.text)).toEqual(['✅ ¡Comprado!']);
      const firstAlbum = calls.find((c) => c.method === 'sendMediaGroup')!;
      expect(answers[0]!.seq).toBeLessThan(firstAlbum.seq);
      const delivered = calls.filter((c) => c.method === 'sendMediaGroup').slice(2);
      expect(delivered.flatMap((c) => (c.payload.media as Array<{ media: string }>).map((m) => m.media))).toEqual(items.map((i) => i.fileId));
      const screens = calls.filter((c) => c.method === 'editMessageText').map(textOf);
      expect(screens).toEqual([
        '✅ ¡Comprado! Te estoy enviando «Pack grande»…',
        '📤 Enviando «Pack grande»: 10 de 25…',
        '📤 Enviando «Pack grande»: 20 de 25…',
        '📤 Enviando «Pack grande»: 25 de 25…',
        '✅ ¡Listo! «Pack grande» es tuyo; te lo acabo de enviar. Saldo: 0 besitos.',
      ]);
      expect(textOf(done)).toContain('¡Listo!');
    } finally {
      await h.economy.shop.deactivate(ADMIN_ID, product.id);
    }
  });

  it('refuses what the member cannot pay, with no movement', async () => {
    const fer = await member(2008, 10);
    const confirm = await openConfirmation(fer, 'Caro');
    const before = (await h.economy.history(fer.id)).total;
    const mark = h.api.mark();
    const refused = await pressAndRead(h, fer, confirm, 'Confirmar');
    expect(onlyToast(h, mark)).toBe('No tienes besitos suficientes: tienes 10 y hacen falta 5000.');
    expect(textOf(refused)).toBe('❌ No tienes besitos suficientes: tienes 10 y hacen falta 5000.');
    expect(buttonsOf(refused)).toEqual([]);
    expect((await h.economy.history(fer.id)).total).toBe(before);
    expect(await h.economy.ledger.balance(fer.id)).toBe(10);
    expect((await h.economy.shop.purchases(fer.id)).items).toHaveLength(0);
  });

  it('a delivery that fails for good is refunded and the member is told', async () => {
    const gema = await member(2009, 100);
    const confirm = await openConfirmation(gema, 'Roto');
    h.api.fail('sendMediaGroup', { error_code: 400, description: 'Bad Request: wrong file identifier/HTTP URL specified' });
    const mark = h.api.mark();
    const told = await pressAndRead(h, gema, confirm, 'Confirmar');
    expect(h.api.since(mark).filter((c) => c.method === 'sendMediaGroup')).toHaveLength(1); // permanent: not retried
    expect(textOf(told)).toBe('😔 No pudimos enviarte «Roto», así que te devolvimos 20 besitos. Saldo: 100 besitos.');
    expect(toastsSince(h, mark)).toHaveLength(1);
    expect(await h.economy.ledger.balance(gema.id)).toBe(100);
    const [purchase] = (await h.economy.shop.purchases(gema.id)).items;
    expect(purchase?.status).toBe('REFUNDED');
    const types = (await h.economy.history(gema.id)).items.map((t) => t.type);
    expect(types.slice(0, 2)).toEqual(['REFUND_SHOP', 'SPEND_SHOP']);
  });

  it('a failure after the press was answered is told by a message, never by a second answer', async () => {
    const max = await member(2019, 30);
    const confirm = await openConfirmation(max, 'Guía');
    // Both edits of the confirmation fail (the "sending" one, then the outcome): the second
    // failure reaches the error boundary after the press was answered.
    h.api.fail('editMessageText', { error_code: 400, description: 'Bad Request: something unexpected' }, 2);
    const mark = h.api.mark();
    await press(h, max, confirm, 'Confirmar');
    expect(toastsSince(h, mark)).toEqual(['✅ ¡Comprado!']);
    const told = h.api.since(mark).filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === max.id);
    expect(told.map(textOf)).toEqual(['Lo sentimos, algo salió mal. Inténtalo de nuevo en un momento.']);
    expect(await h.economy.ledger.balance(max.id)).toBe(0);
  });

  it('a free product is a claim: a purchase, no movement, acknowledged as received', async () => {
    const hugo = await member(2010, 0);
    const confirm = await openConfirmation(hugo, 'Regalo');
    expect(textOf(confirm)).toBe('¿Reclamas «Regalo» gratis?');
    const mark = h.api.mark();
    const done = await pressAndRead(h, hugo, confirm, 'Confirmar');
    expect(toastsSince(h, mark)).toEqual(['🎁 ¡Reclamado!']);
    expect(textOf(done)).toBe('🎁 ¡Listo! Recibiste «Regalo» gratis; te lo acabo de enviar.');
    expect(h.api.since(mark).some((c) => c.method === 'sendDocument')).toBe(true);
    expect((await h.economy.shop.purchases(hugo.id)).items.map((p) => p.price)).toEqual([0]);
    expect((await h.economy.history(hugo.id)).total).toBe(0);
  });

  it('cancel leaves everything as it was', async () => {
    const ivan = await member(2011, 100);
    const confirm = await openConfirmation(ivan, 'Guía');
    const done = await pressAndRead(h, ivan, confirm, 'Cancelar');
    expect(textOf(done)).toBe('Compra cancelada.');
    expect(await h.economy.ledger.balance(ivan.id)).toBe(100);
  });

  it('"my purchases" lists purchases and sends owned content again for free', async () => {
    const jose = await member(2012, 100);
    await press(h, jose, await openConfirmation(jose, 'Playa'), 'Confirmar');
    const list = await say(h, jose, '/compras');
    expect(textOf(list)).toContain('Tus compras');
    expect(textOf(list)).toContain('Playa · 50 besitos');
    const mark = h.api.mark();
    await press(h, jose, list, 'Reenviar: Playa');
    expect(onlyToast(h, mark)).toBe('📤 Te lo envío otra vez…');
    expect(h.api.since(mark).filter((c) => c.method === 'sendMediaGroup')).toHaveLength(1);
    expect(await h.economy.ledger.balance(jose.id)).toBe(50);
    // A refunded purchase is listed, marked, without a re-send button.
    const gema = user(2009, { language_code: 'es' });
    const refunded = await say(h, gema, '/compras');
    expect(textOf(refunded)).toContain('Roto · 20 besitos · reembolsada');
    expect(buttonsOf(refunded).map((b) => b.text)).not.toContain('📤 Reenviar: Roto');
  });

  it('speaks English in the shop to an English member', async () => {
    const kate = await member(2013, 60, { language_code: 'en' });
    let list = await say(h, kate, '/shop');
    expect(textOf(list)).toContain('Shop · page 1 of 2');
    list = await pressAndRead(h, kate, list, 'Playa');
    const ask = await pressAndRead(h, kate, list, 'Buy for 50');
    expect(textOf(ask)).toBe('Buy “Playa” for 50 besitos? You have 60.');
    const done = await pressAndRead(h, kate, ask, 'Confirm');
    expect(textOf(done)).toBe('✅ Done! “Playa” is yours; I just sent it to you. Balance: 10 besitos.');
  });

  it('shows the English name of a product and description to English members, the Spanish ones as fallback', async () => {
    await h.economy.translations.set({ adminId: ADMIN_ID, kind: 'product', id: ids.pdf!, locale: 'en', name: 'Guide', description: 'A PDF guide' });
    const liam = await member(2020, 100, { language_code: 'en' });
    const list = await say(h, liam, '/shop');
    expect(textOf(list)).toContain('3. Guide · 30 besitos');
    expect(textOf(list)).toContain('4. Playa · 50 besitos'); // no English name: the Spanish one
    const detail = await pressAndRead(h, liam, list, /^Guide ·/);
    expect(textOf(detail)).toContain('🛍 Guide\nA PDF guide');
    const ask = await pressAndRead(h, liam, detail, 'Buy for 30');
    expect(textOf(ask)).toBe('Buy “Guide” for 30 besitos? You have 100.');
    expect(textOf(await pressAndRead(h, liam, ask, 'Confirm'))).toContain('“Guide” is yours');
    expect(textOf(await say(h, liam, '/purchases'))).toContain('Guide · 30 besitos');
    // Spanish members keep the Spanish name.
    expect(textOf(await say(h, await member(2021, 0), '/tienda'))).toContain('3. Guía · 30 besitos');
  });
});
