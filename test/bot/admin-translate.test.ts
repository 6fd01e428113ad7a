/**
 * An admin gives a product and a reward their English names (issue 10): the "🌐" button on
 * the products and rewards screens starts a short flow (name, then description or "-"),
 * and English members then read those names in the shop and the rewards list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, privateChat, text, user } from '../../src/bot/testing/updates.js';
import { adminData } from '../../src/bot/features/admin/callback-data.js';
import { ADMIN_ID, startBotHarness, type BotHarness } from '../helpers/bot-harness.js';
import { testDialects } from '../helpers/dialects.js';
import { say as sayTo, textOf } from './member-kit.js';

const admin = user(ADMIN_ID, { first_name: 'Ada', language_code: 'es' });
const kate = user(611, { first_name: 'Kate', language_code: 'en' });

describe.each(testDialects())('admin: English names ($name)', (dialect) => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness(dialect, { bot: { commandLimit: { timeFrameMs: 1000, limit: 1000 } } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const say = (body: string) => h.send(text(admin, body));
  const press = (data: string) => h.send(callback(admin, { message_id: 1, chat: privateChat(admin) }, data));
  const written = (mark: number) =>
    h.api
      .since(mark)
      .filter((c) => c.method === 'sendMessage' && Number(c.payload.chat_id) === ADMIN_ID)
      .map((c) => String(c.payload.text));

  it('translates a product from the products screen; English members see it', async () => {
    const set = await h.economy.shop.createContentSet({ adminId: ADMIN_ID, name: 'guia', items: [{ kind: 'document', fileId: 'DOC' }] });
    const p = await h.economy.shop.createProduct({ adminId: ADMIN_ID, name: 'Guía', description: 'Una guía en PDF', kind: 'CONTENT', contentSetId: set.id, price: 30 });
    let mark = h.api.mark();
    await press(adminData.products.pack());
    const screen = h.api.since(mark).find((c) => c.method === 'editMessageText' || c.method === 'sendMessage')!;
    const buttons = ((screen.payload.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard).flat();
    const translate = buttons.find((b) => b.callback_data === adminData.productTranslate.pack({ productId: p.id }));
    expect(translate?.text).toBe(`🌐 #${p.id}`);

    mark = h.api.mark();
    await press(translate!.callback_data);
    expect(written(mark)).toEqual(['🌐 Producto «Guía». Nombre en inglés ahora: —.\nEnvía su nombre en inglés.']);
    await say('Guide');
    mark = h.api.mark();
    await say('A PDF guide');
    expect(written(mark)).toEqual(['✅ Guardado: «Guía» se llama «Guide» en inglés.']);
    expect((await h.economy.translations.list('product', p.id)).map((t) => [t.locale, t.name, t.description])).toEqual([['en', 'Guide', 'A PDF guide']]);

    expect(textOf(await sayTo(h, kate, '/shop'))).toContain('1. Guide · 30 besitos');
  });

  it('translates a reward, "-" keeping the Spanish description', async () => {
    const reward = await h.economy.rewards.createReward(ADMIN_ID, { name: 'Fan fiel', description: 'Para quien no falta', kind: 'BESITOS', amount: 5, conditions: [{ type: 'TOTAL_EARNED', value: 500 }] });
    await press(adminData.rewardTranslate.pack({ rewardId: reward.id }));
    await say('Loyal fan');
    await say('-');
    expect((await h.economy.translations.list('reward', reward.id)).map((t) => [t.name, t.description])).toEqual([['Loyal fan', null]]);
    expect(textOf(await sayTo(h, kate, '/rewards'))).toContain('🔒 Loyal fan · +5 besitos · 0/500');
  });

  it('an unknown id ends the flow with "not found", nothing written', async () => {
    const mark = h.api.mark();
    await press(adminData.productTranslate.pack({ productId: 999_999 }));
    expect(written(mark)).toEqual(['No lo encontramos.']);
    await say('Whatever');
    expect(await h.economy.translations.list('product', 999_999)).toEqual([]);
  });
});
