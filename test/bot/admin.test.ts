/**
 * Admins in the bot (issue 5 item 4, SPEC §8): an admin's session through the real bot —
 * settings (the next press pays the new amount; the level formula previewed before it is
 * set), a content set from forwarded photos, a product with it, a reward with two
 * condition groups, a member looked up by @username, credited and granted VIP — invalid
 * input answered with what is valid while the flow stays at its step, and a non-admin
 * refused at every admin entry point with nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSize } from 'grammy/types';
import { testDialects } from '../helpers/dialects.js';
import { ADMIN_ID, FREE_CHANNEL, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { callback, channelPost, privateChat, privateMessage, text, user } from '../../src/bot/testing/updates.js';
import { reactionCallbackData } from '../../src/bot/features/channels/reaction-keyboard.js';
import { ADMIN_ENTRY_POINTS } from '../../src/bot/features/admin/index.js';
import { adminData } from '../../src/bot/features/admin/callback-data.js';
import { createI18n } from '../../src/bot/i18n.js';

const EN_ADMIN_ID = 900002;
const admin = user(ADMIN_ID, { first_name: 'Ada', username: 'ada_admin', language_code: 'es' });
const enAdmin = user(EN_ADMIN_ID, { first_name: 'Eve', language_code: 'en' });
const member = user(601, { first_name: 'Lucía', username: 'lucia_fan', language_code: 'es' });
const outsider = user(777, { first_name: 'Olga', language_code: 'es' });
const i18n = createI18n();

function photo(id: string): PhotoSize[] {
  return [
    { file_id: `${id}-small`, file_unique_id: `${id}-s`, width: 90, height: 60 },
    { file_id: `${id}-large`, file_unique_id: `${id}-l`, width: 1280, height: 853 },
    { file_id: `${id}-medium`, file_unique_id: `${id}-m`, width: 320, height: 213 },
  ];
}

describe.each(testDialects())('admins in the bot ($name)', (dialect) => {
  let h: BotHarness;
  let contentSetId = 0;

  beforeAll(async () => {
    h = await startBotHarness(dialect, {
      adminIds: [ADMIN_ID, EN_ADMIN_ID],
      // The session sends many commands in a row; the rate limiter has its own test.
      bot: { commandLimit: { timeFrameMs: 1000, limit: 1000 } },
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const say = (from = admin, body: string) => h.send(text(from, body));
  const press = (data: string, from = admin) => h.send(callback(from, { message_id: 1, chat: privateChat(from) }, data));
  /** What the bot wrote to `to` (messages, edits; toasts too) after `mark`. */
  const written = (mark: number, to: number = ADMIN_ID) =>
    h.api
      .since(mark)
      .filter((c) => c.method === 'answerCallbackQuery' || (['sendMessage', 'editMessageText'].includes(c.method) && Number(c.payload.chat_id) === to))
      .map((c) => String(c.payload.text ?? ''))
      .filter((t) => t !== '');
  const buttonsOf = (mark: number) =>
    h.api
      .since(mark)
      .flatMap((c) => ((c.payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat())
      .map((b) => b.callback_data);

  it('changes the reaction amount through the settings flow, and the next press pays it', async () => {
    let mark = h.api.mark();
    await say(admin, '/admin');
    expect(written(mark)).toContain(i18n.t('es', 'admin-menu-title'));
    expect(buttonsOf(mark)).toEqual(expect.arrayContaining(['adm:settings', 'adm:products', 'adm:content', 'adm:rewards', 'adm:member', 'adm:metrics']));

    mark = h.api.mark();
    await press('adm:settings');
    expect(written(mark).join('\n')).toContain('Besitos por reacción: 5');
    expect(buttonsOf(mark)).toContain('adm:set:reactions.amount');

    await press('adm:set:reactions.amount');
    mark = h.api.mark();
    await say(admin, '0');
    // The engine's refusal said in the admin's words (which rule, then what is valid), never zod's English.
    expect(written(mark)).toEqual(['Es demasiado pequeño: el mínimo es 1.\nVálido: un número entero del 1 al 1.000.000.000.']);
    expect(await h.economy.settings.get('reactions.amount')).toBe(5);
    mark = h.api.mark();
    await say(admin, 'siete');
    expect(written(mark).join('\n')).toContain('Válido: un número entero del 1 al');
    mark = h.api.mark();
    await say(admin, '7');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-setting-changed', { label: 'Besitos por reacción', from: '5', to: '7' })]);
    expect(await h.economy.settings.get('reactions.amount')).toBe(7);

    // The flow ended: a further number is not taken as a setting.
    await say(admin, '9');
    expect(await h.economy.settings.get('reactions.amount')).toBe(7);

    await h.send(channelPost(FREE_CHANNEL, 501));
    await h.send(callback(member, { message_id: 501, chat: { id: FREE_CHANNEL, type: 'channel', title: 'free' } }, reactionCallbackData(FREE_CHANNEL, 501, '❤️')));
    const page = await h.economy.history(member.id, { types: ['EARN_REACTION'] });
    expect(page.items.map((m) => m.amount)).toEqual([7]);
    // (the install's example reward "first reaction +10" pays on top)
    expect(await h.economy.ledger.balance(member.id)).toBe(7 + 10);
  });

  it('previews the first levels of a formula before setting it, and refuses an invalid one at the same step', async () => {
    await press('adm:set:levels.formula');
    let mark = h.api.mark();
    await say(admin, '100 - total_earned');
    expect(written(mark).join('\n')).toMatch(/^Esa fórmula no es válida\./);
    expect(written(mark).join('\n')).toContain(i18n.t('es', 'admin-valid-formula'));

    mark = h.api.mark();
    await say(admin, 'linear:50');
    const preview = written(mark).join('\n');
    for (let level = 1; level <= 10; level++) expect(preview).toContain(`Nivel ${level}: desde ${(level - 1) * 50} besitos ganados`);
    expect(buttonsOf(mark)).toEqual(expect.arrayContaining(['adf:ok', 'adf:cancel']));
    // Not set before the confirmation.
    expect(await h.economy.settings.get('levels.formula')).toEqual({ kind: 'sqrt' });

    mark = h.api.mark();
    await press('adf:ok');
    expect(await h.economy.settings.get('levels.formula')).toEqual({ kind: 'linear', step: 50 });
    expect(written(mark).join('\n')).toContain('Fórmula de niveles pasó de raíz cuadrada (sqrt) a lineal, un nivel cada 50 besitos');
    // The member's cached level follows (7 earned → level 1 either way; 50 would be level 2).
    expect((await h.economy.ledger.profile(member.id)).level).toBe(1);
  });

  it('creates a content set from forwarded photos and /listo, refusing other messages', async () => {
    await press('adm:content');
    await press('adm:cs:new');
    let mark = h.api.mark();
    await say(admin, '/listo'); // a command is not a name: the flow is left
    expect(written(mark)).toEqual([i18n.t('es', 'admin-flow-left')]);

    await press('adm:cs:new');
    await say(admin, 'Fotos de marzo');
    mark = h.api.mark();
    await say(admin, '/listo');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-content-need-one')]);
    await h.send(privateMessage(admin, { photo: photo('a'), forward_origin: { type: 'user', date: 1, sender_user: member } }));
    mark = h.api.mark();
    await say(admin, 'y esta otra');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-content-not-media')]);
    await h.send(privateMessage(admin, { photo: photo('b'), caption: 'otra' }));
    mark = h.api.mark();
    await say(admin, '/listo');
    const sets = await h.economy.shop.contentSets(ADMIN_ID);
    expect(sets).toHaveLength(1);
    expect(sets[0]).toMatchObject({
      name: 'Fotos de marzo',
      items: [
        { kind: 'photo', fileId: 'a-large' },
        { kind: 'photo', fileId: 'b-large' },
      ],
    });
    contentSetId = sets[0]!.id;
    expect(written(mark)).toEqual([`Contenido #${contentSetId} «Fotos de marzo» guardado con 2 archivos.`]);
  });

  it('creates a product with that content; an invalid price keeps the flow at the price step', async () => {
    const flowStart = h.api.mark();
    await press('adm:pr:new');
    await say(admin, 'Pack de marzo');
    await say(admin, '-');
    let mark = h.api.mark();
    await press('adf:kind:CONTENT');
    expect(buttonsOf(mark)).toContain(`adf:set:${contentSetId}`);
    await press(`adf:set:${contentSetId}`);

    const priceAsk = i18n.t('es', 'admin-product-ask-vip', { price: 50 });
    for (const wrong of ['abc', '-5', '1.5']) {
      mark = h.api.mark();
      await say(admin, wrong);
      expect(written(mark)).toEqual([i18n.t('es', 'admin-invalid-number', { min: 0, max: 1_000_000_000 })]);
    }
    mark = h.api.mark();
    await say(admin, '50');
    expect(written(mark)).toEqual([priceAsk]);
    mark = h.api.mark();
    await say(admin, '200%');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-product-invalid-vip', { price: 50 })]);
    await say(admin, '20%');
    await press('adf:tier:FREE');
    await press('adf:none'); // unlimited stock
    mark = h.api.mark();
    await say(admin, '0'); // the per-member limit starts at 1
    expect(written(mark)[0]).toContain(i18n.t('es', 'admin-invalid-number', { min: 1, max: 1_000_000 }));
    mark = h.api.mark();
    await say(admin, '1');
    expect(written(mark).join('\n')).toContain('Precio: 50 · VIP: -20%');
    // Each prompt has one Cancel button: the None keyboard shared by the VIP, stock and limit
    // steps used to collect one more Cancel at each of them (1, 2, 3).
    const cancels = h.api
      .since(flowStart)
      .filter((c) => c.method === 'sendMessage')
      .map((c) => ((c.payload.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat().filter((b) => b.callback_data === 'adf:cancel').length)
      .filter((n) => n > 0);
    expect(cancels.length).toBeGreaterThanOrEqual(9);
    expect(new Set(cancels)).toEqual(new Set([1]));
    // The summary names the content set, not its number.
    expect(written(mark).join('\n')).toContain(`Contenido: ${(await h.economy.shop.contentSets(ADMIN_ID)).find((s) => s.id === contentSetId)!.name}`);
    expect(await h.economy.shop.products(ADMIN_ID)).toHaveLength(0);
    await press('adf:ok');

    const products = await h.economy.shop.products(ADMIN_ID);
    expect(products).toHaveLength(1);
    expect(products[0]).toMatchObject({
      name: 'Pack de marzo',
      description: '',
      kind: 'CONTENT',
      contentSetId,
      price: 50,
      vipPrice: null,
      vipDiscountPct: 20,
      effectiveVipPrice: 40,
      tier: 'FREE',
      stock: null,
      perMemberLimit: 1,
      active: true,
    });

    // Switched off and on again from the list.
    const id = products[0]!.id;
    const listed = async () => (await h.economy.shop.products(ADMIN_ID)).find((p) => p.id === id)?.active;
    await press(adminData.productOff.pack({ productId: id }));
    expect((await h.economy.shop.product(ADMIN_ID, id)).active).toBe(false);
    expect(await listed()).toBe(false);
    await press(adminData.productOn.pack({ productId: id }));
    expect((await h.economy.shop.product(ADMIN_ID, id)).active).toBe(true);
    expect(await listed()).toBe(true);
  });

  it('creates a reward with two condition groups in the same flow', async () => {
    const before = (await h.economy.rewards.listRewards(ADMIN_ID)).length;
    await press('adm:rw:new');
    await say(admin, 'Fan fiel');
    await say(admin, 'Para quien no falta');
    await press('adf:kind:BESITOS');
    await say(admin, '25');
    // Group 0: earned ≥ 100; group 1: daily streak ≥ 7 OR reaction streak ≥ 3.
    await press('adf:cond:TOTAL_EARNED');
    let mark = h.api.mark();
    await say(admin, '100001');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-invalid-number', { min: 1, max: 100_000 })]);
    await say(admin, '100');
    await press('adf:group:0');
    await press('adf:cond:STREAK_LENGTH');
    await say(admin, '7');
    await press('adf:group:1');
    await press('adf:cond:REACTION_STREAK');
    await say(admin, '3');
    await say(admin, '1');
    await press('adf:done');
    await press('adf:rep:ONCE');
    await press('adf:yn:NO');
    mark = h.api.mark();
    await press('adf:mode:auto');
    const summary = written(mark).join('\n');
    expect(summary).toContain('Todas: Besitos ganados ≥ 100');
    expect(summary).toContain('Grupo 1, alguna: Racha de regalos ≥ 7 | Racha de reacciones ≥ 3');
    await press('adf:ok');

    const rewards = await h.economy.rewards.listRewards(ADMIN_ID);
    expect(rewards).toHaveLength(before + 1);
    const created = rewards.find((r) => r.name === 'Fan fiel');
    expect(created).toMatchObject({
      description: 'Para quien no falta',
      kind: 'BESITOS',
      value: 25,
      repeatable: false,
      secret: false,
      claimMode: 'auto',
      active: true,
    });
    expect(created!.conditions).toEqual(
      expect.arrayContaining([
        { type: 'TOTAL_EARNED', value: 100, group: 0 },
        { type: 'STREAK_LENGTH', value: 7, group: 1 },
        { type: 'REACTION_STREAK', value: 3, group: 1 },
      ]),
    );
    expect(created!.conditions).toHaveLength(3);

    await press(adminData.rewardOff.pack({ rewardId: created!.id }));
    expect((await h.economy.rewards.getReward(ADMIN_ID, created!.id)).active).toBe(false);
    expect((await h.economy.rewards.listRewards(ADMIN_ID)).find((r) => r.id === created!.id)?.active).toBe(false);
  });

  it('looks a member up by @username, credits them with a reason, and grants VIP', async () => {
    await say(member, 'hola'); // the bot meets Lucía (username stored)
    let mark = h.api.mark();
    await say(admin, '/miembro @Lucia_Fan');
    const card = written(mark).join('\n');
    expect(card).toContain('👤 Lucía · @lucia_fan · id 601');
    expect(card).toContain('Saldo: 17 · ganados: 17 · gastados: 0');
    expect(card).toContain('Reacción a una publicación');
    expect(buttonsOf(mark)).toEqual(expect.arrayContaining(['adm:m:credit:601', 'adm:m:debit:601', 'adm:m:vip:601']));

    mark = h.api.mark();
    await say(admin, '/miembro @nadie_aqui');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-member-not-found', { query: '@nadie_aqui' })]);

    await press('adm:m:credit:601');
    mark = h.api.mark();
    await say(admin, '0');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-invalid-number', { min: 1, max: 1_000_000_000 })]);
    await say(admin, '40');
    mark = h.api.mark();
    await say(admin, 'Ganó el sorteo de marzo');
    expect(written(mark)).toEqual(['Abonados 40 besitos al miembro 601. Saldo ahora: 57.']);
    expect(await h.economy.ledger.balance(601)).toBe(57);
    const last = (await h.economy.history(601, { limit: 1 })).items[0]!;
    expect(last).toMatchObject({ type: 'EARN_ADMIN', amount: 40, reason: 'Ganó el sorteo de marzo' });
    expect(last.metadata).toMatchObject({ admin_id: ADMIN_ID });

    // A debit beyond the balance is refused with the numbers, and nothing moves (SPEC §1).
    const movementsBefore = (await h.economy.summary()).transactions;
    const historyBefore = (await h.economy.history(601)).total;
    await press('adm:m:debit:601');
    await say(admin, '100');
    mark = h.api.mark();
    await say(admin, 'prueba');
    expect(written(mark)).toEqual(['El miembro 601 solo tiene 57 besitos: no se le pueden cargar 100. No se movió nada.']);
    expect(await h.economy.ledger.balance(601)).toBe(57);
    expect((await h.economy.summary()).transactions).toBe(movementsBefore);
    expect((await h.economy.history(601)).total).toBe(historyBefore);

    await press('adm:m:vip:601');
    mark = h.api.mark();
    await say(admin, '7');
    const vip = await h.economy.membership.get(601);
    expect(vip?.role).toBe('VIP');
    expect(vip?.vipExpiresAt?.getTime()).toBe(h.clock.now() + 7 * 86_400_000);
    expect(written(mark)[0]).toMatch(/^El miembro 601 tiene 7 días más de VIP: hasta .* \(rol VIP\)\.$/);

    // From the menu too: id typed into the lookup flow.
    await press('adm:member');
    mark = h.api.mark();
    await say(admin, '601');
    expect(written(mark).join('\n')).toContain('rol VIP');
  });

  it('leaves a flow on /cancelar with nothing created, and shows the metrics', async () => {
    const products = (await h.economy.shop.products(ADMIN_ID)).length;
    await press('adm:pr:new');
    await say(admin, 'A medias');
    // The flow in progress lives in the database (any instance continues it; restarts keep it).
    const stored = () => h.storage.db.selectFrom('bot_state').select('key').where('key', 'like', `conv:${ADMIN_ID}%`).execute();
    expect(await stored()).toHaveLength(1);
    let mark = h.api.mark();
    await say(admin, '/cancelar');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-flow-cancelled')]);
    expect(await stored()).toEqual([]);
    await say(admin, 'Descripción que ya no cuenta');
    expect(await h.economy.shop.products(ADMIN_ID)).toHaveLength(products);

    // A menu button mid-flow passes through: a new flow replaces the one in progress.
    await press('adm:pr:new');
    await say(admin, 'Otro a medias');
    mark = h.api.mark();
    await press('adm:rw:new');
    expect(written(mark)).toContain(i18n.t('es', 'admin-reward-ask-name', { max: 100 }));
    await say(admin, 'Recompensa nueva');
    mark = h.api.mark();
    await say(admin, '/cancel');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-flow-cancelled')]);
    expect(await h.economy.shop.products(ADMIN_ID)).toHaveLength(products);

    // Movements this week, so faucets, sinks and the holders are not all zero.
    await h.economy.membership.register({ id: member.id, username: 'lucia_fan', firstName: 'Lucía' });
    await h.economy.ledger.credit({ memberId: member.id, amount: 120, type: 'EARN_DAILY' });
    await h.economy.ledger.spend({ memberId: member.id, amount: 20 });
    mark = h.api.mark();
    await press('adm:metrics');
    const m = await h.economy.metrics({ days: 7 });
    const n = (x: number) => new Intl.NumberFormat('es').format(x);
    const metrics = written(mark).join('\n');
    expect(metrics.length).toBeLessThan(4096);
    // The screen refreshed the snapshot (none yet) and says its time.
    expect(m.asOf).not.toBeNull();
    expect(metrics).toMatch(/Datos de las \d\d?\/\d\d?\/\d{2,4},? \d\d:\d\d\n/);
    expect(metrics).toContain(`Besitos en circulación: ${n(m.circulation)}`);
    expect(metrics).toContain(`Ganados en total: ${n(m.totalEarned)} · gastados: ${n(m.totalSpent)}`);
    expect(metrics).toContain(`Miembros: ${n(m.members)} · con perfil: ${n(m.profiles)}`);
    expect(metrics).toContain(`Activos: ${n(m.active30d)} en 30 días · ${n(m.active7d)} en 7 días`);
    const week = m.movements.totals;
    expect(week.faucets).toBeGreaterThanOrEqual(120);
    expect(week.sinks).toBeGreaterThanOrEqual(20);
    expect(metrics).toContain(`Últimos 7 días: entran ${n(week.faucets)} · salen ${n(week.sinks)} · reembolsos ${n(week.refunds)}`);
    expect(metrics).toContain(`Movimientos: ${n(m.transactions)}`);
    expect(metrics).toContain(`Saldo medio: ${n(m.meanBalance)} · mediana: ${n(m.medianBalance)}`);
    expect(metrics).toMatch(new RegExp(`Desigualdad \\(Gini, 0 a 1\\): ${m.gini.toFixed(2).replace('.', ',')}\n`));
    const top = m.topHolders[0]!;
    const topName = top.username ? `@${top.username} (${top.memberId})` : top.firstName ? `${top.firstName} (${top.memberId})` : String(top.memberId);
    expect(metrics).toContain(`🏆 Más besitos:\n1. ${topName}: ${n(top.balance)}`);
    // At most 5 holders shown.
    expect(metrics).not.toMatch(/\n6\. /);
    expect(metrics).toMatch(/@lucia_fan \(601\): /);
    expect(m.levels.length).toBeLessThanOrEqual(5);
    expect(metrics).toContain(`Miembros por nivel: ${m.levels.map((l) => `nivel ${l.level} (${n(l.members)})`).join(' · ')}\n`);
  });

  it('speaks English to an admin whose Telegram is in English', async () => {
    let mark = h.api.mark();
    await say(enAdmin, '/admin');
    expect(written(mark, EN_ADMIN_ID)).toEqual([i18n.t('en', 'admin-menu-title')]);
    await press('adm:set:reactions.daily_limit', enAdmin);
    mark = h.api.mark();
    await say(enAdmin, 'lots');
    expect(written(mark, EN_ADMIN_ID).join('\n')).toContain('Valid: a whole number from 1 to 10,000.');
    await say(enAdmin, '/cancel');
    mark = h.api.mark();
    await press('adm:metrics', enAdmin);
    expect(written(mark, EN_ADMIN_ID).join('\n')).toContain('Besitos in circulation:');
    expect(written(mark, EN_ADMIN_ID).join('\n')).toMatch(/Inequality \(Gini, 0 to 1\): \d\.\d\d\n/);
  });

  it('re-checks before a flow writes: an admin demoted mid-flow is refused and nothing is set', async () => {
    const deputy = user(602, { first_name: 'Dani', language_code: 'es' });
    await say(deputy, 'hola');
    await h.economy.membership.setRole({ memberId: deputy.id, role: 'ADMIN', adminId: ADMIN_ID });
    await press('adm:set:reactions.daily_limit', deputy);
    await h.economy.membership.setRole({ memberId: deputy.id, role: 'FREE', adminId: ADMIN_ID });
    const mark = h.api.mark();
    await say(deputy, '30');
    expect(written(mark, deputy.id)).toEqual([i18n.t('es', 'error-FORBIDDEN')]);
    expect(await h.economy.settings.get('reactions.daily_limit')).toBe(20);
  });

  it('answers a flow button pressed after its flow ended', async () => {
    const mark = h.api.mark();
    await press('adf:ok');
    expect(written(mark)).toEqual([i18n.t('es', 'admin-flow-expired')]);
  });

  it('answers an admin button no screen reads (old or forged data) without acting on it', async () => {
    const before = (await h.economy.shop.products(ADMIN_ID)).map((p) => p.active);
    for (const data of ['adm:garbage', 'adm:pr:on:abc', 'adm:pr:off:0', 'adm:menu:extra', 'adm:m:show:-1']) {
      const mark = h.api.mark();
      await press(data);
      expect({ data, said: written(mark) }).toEqual({ data, said: [i18n.t('es', 'admin-unknown-button')] });
      expect(h.api.since(mark).map((c) => c.method)).toEqual(['answerCallbackQuery']);
    }
    expect((await h.economy.shop.products(ADMIN_ID)).map((p) => p.active)).toEqual(before);
  });

  it('refuses a non-admin at every admin entry point, with nothing changed', async () => {
    await say(outsider, 'hola');
    const settings = await h.economy.settings.all();
    const products = await h.economy.shop.products(ADMIN_ID);
    const sets = await h.economy.shop.contentSets(ADMIN_ID);
    const rewards = await h.economy.rewards.listRewards(ADMIN_ID);
    const movements = (await h.economy.summary()).transactions;
    const refusal = i18n.t('es', 'error-FORBIDDEN');

    expect(ADMIN_ENTRY_POINTS.length).toBeGreaterThan(20);
    for (const entry of ADMIN_ENTRY_POINTS) {
      const mark = h.api.mark();
      if (entry.kind === 'command') await say(outsider, entry.text);
      else await press(entry.data, outsider);
      const calls = h.api.since(mark);
      expect({ entry, said: written(mark, outsider.id) }).toEqual({ entry, said: [refusal] });
      // Told by a toast for a button, by a message for a command; nothing else sent.
      expect(calls.map((c) => c.method)).toEqual([entry.kind === 'command' ? 'sendMessage' : 'answerCallbackQuery']);
      // An input that would answer a flow's step is just a message: no flow was entered.
      await say(outsider, '99');
    }

    expect(await h.economy.settings.all()).toEqual(settings);
    expect(await h.economy.shop.products(ADMIN_ID)).toEqual(products);
    expect(await h.economy.shop.contentSets(ADMIN_ID)).toEqual(sets);
    expect(await h.economy.rewards.listRewards(ADMIN_ID)).toEqual(rewards);
    expect((await h.economy.summary()).transactions).toBe(movements);
    const flows = await h.storage.db.selectFrom('bot_state').select('key').where('key', 'like', `conv:${outsider.id}%`).execute();
    expect(flows).toEqual([]);
  });
});
