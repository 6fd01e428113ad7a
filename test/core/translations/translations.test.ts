/**
 * Names per language (issue 10): an admin writes a product's or reward's name in another
 * language, checked like the name itself; members' screens read them with the default
 * language's text as fallback; the seeded example rewards come with English names.
 */
import { describe, expect, it } from 'vitest';
import { EconomyError } from '../../../src/core/errors.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN_ID, useEngine } from '../../helpers/engine-fixture.js';

async function refusal(p: Promise<unknown>): Promise<{ code: string; details: unknown }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof EconomyError) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('expected a refusal');
}

for (const dialect of testDialects()) {
  describe(`translations (${dialect.name})`, () => {
    const fx = useEngine(dialect, { keepSeeds: true });

    async function product(name = 'Guía', description = 'Una guía en PDF') {
      const set = await fx.shop.createContentSet({ adminId: ADMIN_ID, name: 'set', items: [{ kind: 'document', fileId: 'DOC' }] });
      return fx.shop.createProduct({ adminId: ADMIN_ID, name, description, kind: 'CONTENT', contentSetId: set.id, price: 30 });
    }

    it('the seeded example rewards have English names, badge included', async () => {
      const rewards = await fx.rewards.rewards(1);
      const en = await fx.economy.translations.localized('reward', rewards.map((r) => r.id), 'en');
      const byName = Object.fromEntries(rewards.map((r) => [r.name, en.get(r.id)]));
      expect(byName['Primera reacción']?.name).toBe('First reaction');
      expect(byName['Racha de 7 días']?.name).toBe('7-day streak');
      expect(byName['Cien besitos']).toMatchObject({ name: 'One hundred besitos', badgeName: 'One hundred besitos' });
    });

    it('sets, replaces, lists and removes a product name per language, stamped with who wrote it', async () => {
      const p = await product();
      const first = await fx.economy.translations.set({ adminId: ADMIN_ID, kind: 'product', id: p.id, locale: 'EN', name: ' Guide ', description: 'A PDF guide' });
      expect(first).toMatchObject({ kind: 'product', id: p.id, locale: 'en', name: 'Guide', description: 'A PDF guide', badgeName: null, updatedBy: `admin:${ADMIN_ID}` });
      await fx.economy.translations.set({ adminId: ADMIN_ID, kind: 'product', id: p.id, locale: 'en', name: 'The guide' });
      const listed = await fx.economy.translations.list('product', p.id);
      expect(listed.map((t) => [t.locale, t.name, t.description])).toEqual([['en', 'The guide', null]]);
      // Fallback: English reads the English name; en-GB its base; Spanish and unknown languages nothing.
      expect((await fx.economy.translations.localized('product', [p.id], 'en-GB')).get(p.id)?.name).toBe('The guide');
      expect((await fx.economy.translations.localized('product', [p.id], 'es')).size).toBe(0);
      expect((await fx.economy.translations.localized('product', [p.id], 'fr')).size).toBe(0);
      expect(await fx.economy.translations.remove({ adminId: ADMIN_ID, kind: 'product', id: p.id, locale: 'en' })).toBe(true);
      expect(await fx.economy.translations.remove({ adminId: ADMIN_ID, kind: 'product', id: p.id, locale: 'en' })).toBe(false);
      expect(await fx.economy.translations.list('product', p.id)).toEqual([]);
    });

    it('refuses non-admins, unknown ids, the default language and bad fields, writing nothing', async () => {
      const p = await product();
      const set = (input: Record<string, unknown>) =>
        fx.economy.translations.set({ adminId: ADMIN_ID, kind: 'product', id: p.id, locale: 'en', name: 'Guide', ...input } as never);
      expect((await refusal(set({ adminId: 12345 }))).code).toBe('FORBIDDEN');
      expect(await refusal(set({ id: 999_999 }))).toEqual({ code: 'NOT_FOUND', details: { productId: 999_999 } });
      expect(await refusal(set({ kind: 'reward', id: 999_999 }))).toEqual({ code: 'NOT_FOUND', details: { rewardId: 999_999 } });
      expect(await refusal(set({ kind: 'level' }))).toEqual({ code: 'INVALID_INPUT', details: { field: 'kind' } });
      expect(await refusal(set({ locale: 'es' }))).toEqual({ code: 'INVALID_INPUT', details: { field: 'locale' } });
      expect(await refusal(set({ locale: 'english!' }))).toEqual({ code: 'INVALID_INPUT', details: { field: 'locale' } });
      expect(await refusal(set({ name: '' }))).toEqual({ code: 'INVALID_INPUT', details: { field: 'name' } });
      expect(await refusal(set({ name: 'x'.repeat(101) }))).toEqual({ code: 'INVALID_INPUT', details: { field: 'name' } });
      expect(await refusal(set({ description: 7 }))).toEqual({ code: 'INVALID_INPUT', details: { field: 'description' } });
      expect(await fx.economy.translations.list('product', p.id)).toEqual([]);
    });
  });
}
