/**
 * Rewards from a private chat (SPEC §6; issue 5 item 3): every visible reward with its
 * state and progress ("0/7"), a manual reward unlocked by the daily gift, claimed with its
 * button once (a stale button is answered, nothing paid twice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { user } from '../../src/bot/testing/updates.js';
import { ADMIN_ID, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';
import { buttonsOf, onlyToast, press, pressAndRead, say, textOf } from './member-kit.js';

describe.each(testDialects())('member rewards ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect);
    await h.economy.rewards.createReward(ADMIN_ID, {
      name: 'Bono del primer regalo',
      kind: 'BESITOS',
      amount: 25,
      claimMode: 'manual',
      conditions: [{ type: 'FIRST_DAILY_GIFT' }],
    });
    await h.economy.rewards.createReward(ADMIN_ID, {
      name: 'Secreto',
      kind: 'BESITOS',
      amount: 5,
      secret: true,
      conditions: [{ type: 'TOTAL_EARNED', value: 1000 }],
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('lists the rewards with state and progress; secret ones stay hidden', async () => {
    const ana = user(3001, { language_code: 'es' });
    const home = await say(h, ana, '/start');
    const list = await pressAndRead(h, ana, home, 'Recompensas');
    const body = textOf(list);
    expect(body).toContain('🔒 Primera reacción · +10 besitos · ✗');
    expect(body).toContain('🔒 Cien besitos · insignia 💯 Cien besitos · 0/100');
    expect(body).toContain('🔒 Racha de 7 días · +50 besitos · 0/7');
    expect(body).toContain('🔒 Bono del primer regalo · +25 besitos · ✗');
    expect(body).not.toContain('Secreto');
    expect(buttonsOf(list).map((b) => b.text)).toEqual(['⬅️ Menú']);
  });

  it('a manual reward unlocked by the daily gift is claimed once with its button', async () => {
    const bea = user(3002, { language_code: 'es' });
    const mark = h.api.mark();
    await say(h, bea, '/regalo');
    // The unlock notification (one message) went out with the claim.
    const notes = h.api.since(mark).filter((c) => c.method === 'sendMessage' && String(c.payload.text).includes('Desbloqueaste'));
    expect(notes.map((c) => c.payload.text)).toEqual([expect.stringMatching(/^🎁 Desbloqueaste «Bono del primer regalo»\. Reclámala en 🏆 Recompensas antes del /)]);
    const list = await say(h, bea, '/recompensas');
    expect(textOf(list)).toMatch(/🎁 Bono del primer regalo · \+25 besitos · ¡lista para reclamar hasta el .+!/);
    expect(textOf(list)).toContain('🔒 Racha de 7 días · +50 besitos · 1/7');
    let pressMark = h.api.mark();
    const after = await pressAndRead(h, bea, list, 'Reclamar: Bono del primer regalo');
    expect(onlyToast(h, pressMark)).toBe('🎉 ¡Reclamada! +25 besitos');
    expect(textOf(after)).toContain('✅ Bono del primer regalo · +25 besitos · conseguida');
    expect(await h.economy.ledger.balance(bea.id)).toBe(22 + 25);
    // The old list's button again: answered, nothing paid.
    pressMark = h.api.mark();
    await press(h, bea, list, 'Reclamar: Bono del primer regalo');
    expect(onlyToast(h, pressMark)).toBe('Ya reclamaste esta recompensa.');
    expect(await h.economy.ledger.balance(bea.id)).toBe(47);
  });

  it('speaks English, with the English names of the rewards where they have one, else the Spanish one', async () => {
    const cleo = user(3003, { language_code: 'en' });
    let body = textOf(await say(h, cleo, '/rewards'));
    expect(body).toContain('🏆 Your rewards');
    // The seeded examples carry English names from their migration.
    expect(body).toContain('🔒 7-day streak · +50 besitos · 0/7');
    expect(body).toContain('🔒 One hundred besitos · badge 💯 One hundred besitos · 0/100');
    expect(body).toContain('🔒 First reaction · +10 besitos · ✗');
    expect(body).toContain('🔒 Bono del primer regalo · +25 besitos · ✗');
    expect(body).not.toContain('Racha');
    // An admin names the manual one in English: the list and its unlock notice use it.
    const bono = (await h.economy.rewards.rewards(cleo.id)).find((r) => r.name === 'Bono del primer regalo')!;
    await h.economy.translations.set({ adminId: ADMIN_ID, kind: 'reward', id: bono.id, locale: 'en', name: 'First gift bonus' });
    const mark = h.api.mark();
    await say(h, cleo, '/daily');
    const notes = h.api.since(mark).filter((c) => c.method === 'sendMessage' && String(c.payload.text).includes('unlocked'));
    expect(notes.map((c) => String(c.payload.text))).toEqual([expect.stringMatching(/^🎁 You unlocked “First gift bonus”\./)]);
    body = textOf(await say(h, cleo, '/rewards'));
    expect(body).toMatch(/🎁 First gift bonus · \+25 besitos · ready to claim until/);
    // A Spanish member still reads the Spanish names.
    expect(textOf(await say(h, user(3004, { language_code: 'es' }), '/recompensas'))).toContain('🔒 Bono del primer regalo');
  });
});
