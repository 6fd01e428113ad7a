/**
 * A member in a private chat (SPEC §1, §2, §4; issue 5 item 3): /start with the main menu
 * in the member's language, the language choice that sticks, the daily gift from the menu
 * and from /regalo (a second claim refused with the wait), history paged both ways,
 * settings, and a press on an outdated menu answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, privateChat, user } from '../../src/bot/testing/updates.js';
import { startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';
import { buttonsOf, lastScreen, onlyToast, press, pressAndRead, say, textOf, toastsSince } from './member-kit.js';

describe.each(testDialects())('member in a private chat ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('/start shows balance, level, progress and streaks in Spanish for a Spanish Telegram', async () => {
    const ana = user(1001, { first_name: 'Ana', language_code: 'es' });
    await h.economy.ledger.credit({ memberId: ana.id, amount: 150, type: 'EARN_ADMIN' });
    const screen = await say(h, ana, '/start');
    const body = textOf(screen);
    expect(body).toContain('¡Hola, Ana!');
    expect(body).toContain('Saldo: 150 besitos');
    expect(body).toContain('Nivel 2'); // sqrt: level 2 from 100
    expect(body).toContain('▰'); // progress bar toward level 3 (400)
    expect(body).toContain('te faltan 250 besitos para el nivel 3');
    expect(body).toContain('Racha del regalo diario: 0 días');
    expect(body).toContain('Racha de reacciones: 0 días');
    expect(body).toContain('Tu regalo diario ya está disponible: +20 besitos + 2 de racha');
    expect(buttonsOf(screen).map((b) => b.text)).toEqual([
      '🎁 Regalo diario',
      '📜 Historial',
      '🏆 Recompensas',
      '🛍 Tienda',
      '📦 Mis compras',
      '⚙️ Ajustes',
    ]);
  });

  it('/start speaks English to an English Telegram', async () => {
    const bob = user(1002, { first_name: 'Bob', language_code: 'en-GB' });
    const body = textOf(await say(h, bob, '/start'));
    expect(body).toContain('Hi, Bob!');
    expect(body).toContain('Balance: 0 besitos');
    expect(body).toContain('Level 1');
    expect(body).toContain('100 besitos to level 2');
    expect(body).toContain('Daily gift streak: 0 days');
  });

  it('a language chosen in Settings sticks: the next /start is in English', async () => {
    const carla = user(1003, { first_name: 'Carla', language_code: 'es' });
    const home = await say(h, carla, '/start');
    const settings = await pressAndRead(h, carla, home, 'Ajustes');
    expect(textOf(settings)).toContain('Idioma: automático');
    expect(buttonsOf(settings).map((b) => b.text)).toContain('✓ Automático');
    const mark = h.api.mark();
    const after = await pressAndRead(h, carla, settings, 'English');
    expect(onlyToast(h, mark)).toBe('Language saved.');
    expect(textOf(after)).toContain('Language: English');
    expect(buttonsOf(after).map((b) => b.text)).toContain('✓ English');
    expect((await h.economy.membership.get(carla.id))?.locale).toBe('en');
    expect(textOf(await say(h, carla, '/start'))).toContain('Hi, Carla!');
    // Back to automatic: Telegram says Spanish.
    const again = await say(h, carla, '/idioma');
    await press(h, carla, again, 'Automatic');
    expect(textOf(await say(h, carla, '/start'))).toContain('¡Hola, Carla!');
  });

  it('a press on an outdated menu is answered and the menu redrawn', async () => {
    const dani = user(1004, { language_code: 'es' });
    const home = await say(h, dani, '/start');
    // The member switched to English elsewhere: the Spanish labels of this copy are stale.
    await h.besitos.deps.locales.choose(dani.id, 'en');
    const mark = h.api.mark();
    await press(h, dani, home, 'Historial');
    expect(onlyToast(h, mark)).toBe('This menu was out of date; here is the current one.');
    const redrawn = lastScreen(h, dani.id, mark);
    expect(textOf(redrawn)).toContain('Balance: 0 besitos');
    expect(buttonsOf(redrawn).map((b) => b.text)).toContain('📜 History');
    await h.besitos.deps.locales.choose(dani.id, null);
  });

  it('claims the daily gift from the menu; a second claim is refused with the wait', async () => {
    const eva = user(1005, { language_code: 'es' });
    const home = await say(h, eva, '/start');
    let mark = h.api.mark();
    await press(h, eva, home, 'Regalo diario');
    expect(onlyToast(h, mark)).toBe('+20 besitos + 2 de racha (racha 1)');
    const redrawn = lastScreen(h, eva.id, mark);
    expect(textOf(redrawn)).toContain('Saldo: 22 besitos');
    expect(textOf(redrawn)).toContain('Racha del regalo diario: 1 día');
    expect(textOf(redrawn)).toContain('Próximo regalo diario en 14 h'); // 10:00 UTC → midnight
    mark = h.api.mark();
    await press(h, eva, redrawn, 'Regalo diario');
    expect(onlyToast(h, mark)).toBe('Ya lo reclamaste. El próximo se abre en 14 h.');
    expect(await h.economy.ledger.balance(eva.id)).toBe(22);
  });

  it('/regalo claims; /regalo again says when the next one opens', async () => {
    const fede = user(1006, { language_code: 'es' });
    h.clock.advance(6 * 60_000); // 10:06 → 13 h 54 min left of the economy day
    const first = await say(h, fede, '/regalo');
    expect(textOf(first)).toContain('+20 besitos + 2 de racha (racha 1)');
    expect(textOf(first)).toContain('Ahora tienes 22 besitos');
    const second = await say(h, fede, '/regalo');
    expect(textOf(second)).toBe('Ya lo reclamaste. El próximo se abre en 13 h 54 min.');
    expect((await h.economy.history(fede.id)).total).toBe(2);
    const english = await say(h, user(1006, { language_code: 'en' }), '/daily');
    expect(textOf(english)).toContain('13 h 54 min');
  });

  it('/saldo and /help answer', async () => {
    const gus = user(1007, { language_code: 'es' });
    await h.economy.ledger.credit({ memberId: gus.id, amount: 40 });
    expect(textOf(await say(h, gus, '/saldo'))).toContain('Tienes 40 besitos · nivel 1');
    expect(textOf(await say(h, gus, '/ayuda'))).toContain('/regalo');
    expect(textOf(await say(h, user(1008, { language_code: 'en' }), '/help'))).toContain('/daily');
  });

  it('pages the history 10 at a time, forward and back', async () => {
    const hugo = user(1009, { language_code: 'es' });
    for (let i = 1; i <= 23; i++) {
      await h.economy.ledger.credit({ memberId: hugo.id, amount: i, type: 'EARN_ADMIN', reason: `n${i}` });
    }
    const home = await say(h, hugo, '/start');
    const page1 = await pressAndRead(h, hugo, home, 'Historial');
    const amounts = (call: typeof page1) => [...textOf(call).matchAll(/: \+(\d+) \(/g)].map((m) => Number(m[1]));
    expect(textOf(page1)).toContain('página 1 de 3');
    expect(amounts(page1)).toEqual([23, 22, 21, 20, 19, 18, 17, 16, 15, 14]);
    expect(buttonsOf(page1).map((b) => b.text)).toEqual(['Siguiente ▶️', '⬅️ Menú']);
    const page2 = await pressAndRead(h, hugo, page1, 'Siguiente');
    expect(textOf(page2)).toContain('página 2 de 3');
    expect(amounts(page2)).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    const page3 = await pressAndRead(h, hugo, page2, 'Siguiente');
    expect(textOf(page3)).toContain('página 3 de 3');
    expect(amounts(page3)).toEqual([3, 2, 1]);
    expect(buttonsOf(page3).map((b) => b.text)).toEqual(['◀️ Anterior', '⬅️ Menú']);
    const back2 = await pressAndRead(h, hugo, page3, 'Anterior');
    expect(amounts(back2)).toEqual(amounts(page2));
    expect(textOf(back2)).toContain('página 2 de 3');
    const back1 = await pressAndRead(h, hugo, back2, 'Anterior');
    expect(amounts(back1)).toEqual(amounts(page1));
    expect(buttonsOf(back1).map((b) => b.text)).toEqual(['Siguiente ▶️', '⬅️ Menú']);
    const menu = await pressAndRead(h, hugo, back1, 'Menú');
    expect(textOf(menu)).toContain('Saldo: 276 besitos');
  });

  it('an empty history says how to earn', async () => {
    const ines = user(1010, { language_code: 'en' });
    expect(textOf(await say(h, ines, '/history'))).toContain('No movements yet');
  });

  it('turns streak reminders on and off in Settings', async () => {
    const juan = user(1011, { language_code: 'es' });
    const settings = await say(h, juan, '/idioma');
    expect(textOf(settings)).toContain('Recordatorios de racha: desactivados');
    const mark = h.api.mark();
    const on = await pressAndRead(h, juan, settings, 'Recordatorios');
    expect(onlyToast(h, mark)).toBe('Recordatorios activados.');
    expect(textOf(on)).toContain('Recordatorios de racha: activados');
    expect((await h.economy.membership.get(juan.id))?.reminders).toBe(true);
    await press(h, juan, on, 'Recordatorios');
    expect((await h.economy.membership.get(juan.id))?.reminders).toBe(false);
  });

  it('answers a press of unknown member data without moving anything', async () => {
    const kim = user(1012);
    const mark = h.api.mark();
    await h.send(callback(kim, { message_id: 5, chat: privateChat(kim) }, 'm:zz:1'));
    expect(toastsSince(h, mark)).toEqual(['']);
    expect((await h.economy.history(kim.id)).total).toBe(0);
  });
});
