import { describe, expect, it } from 'vitest';
import { EconomyError, type ErrorCode } from '../../../src/core/errors.js';
import { testDialects } from '../../helpers/dialects.js';
import { auditRowCount, settingRowCount, useSettingsStore } from './settings-fixture.js';

interface Refusal {
  name: string;
  key: string;
  value: unknown;
  /** Text the message must contain besides the key: what would have been valid. */
  hint: string | RegExp;
  code?: ErrorCode;
  /** The typed details an adapter says the refusal from (error-details.ts INVALID_CONFIG). */
  details?: Record<string, unknown>;
}

const REFUSALS: Refusal[] = [
  { name: 'unknown key', key: 'reactions.amout', value: 5, hint: 'reactions.amount' },
  { name: 'wrong type (text for a number)', key: 'reactions.amount', value: '5', hint: /expected number/, details: { problem: 'type', expected: 'number' } },
  { name: 'fraction', key: 'reactions.amount', value: 2.5, hint: /int/i, details: { problem: 'type', expected: 'integer' } },
  { name: 'zero amount', key: 'reactions.amount', value: 0, hint: '>=1', details: { problem: 'too_small', of: 'value', min: 1 } },
  { name: 'amount above 1,000,000,000', key: 'daily.base', value: 1_000_000_001, hint: '<=1000000000', details: { problem: 'too_big', of: 'value', max: 1_000_000_000 } },
  { name: 'negative cooldown', key: 'reactions.cooldown_seconds', value: -1, hint: '>=0' },
  { name: 'NaN', key: 'reactions.daily_limit', value: Number.NaN, hint: /expected number/ },
  { name: 'missing value', key: 'reactions.daily_limit', value: undefined, hint: /expected number/ },
  { name: '0 emojis', key: 'reactions.emojis', value: [], hint: '1 to 8 different emoji' },
  { name: '9 emojis', key: 'reactions.emojis', value: ['1️⃣', '2️⃣', '3️⃣', '4️⃣', '5️⃣', '6️⃣', '7️⃣', '8️⃣', '9️⃣'], hint: '1 to 8 different emoji' },
  { name: 'duplicate emojis', key: 'reactions.emojis', value: ['❤️', '🔥', '❤️'], hint: 'distinct' },
  // Issue 11, failure 4: any word used to become the reaction set.
  { name: 'a word for an emoji', key: 'reactions.emojis', value: ['notanemoji'], hint: '"notanemoji" is not a single emoji; expected 1 to 8 different emoji' },
  { name: 'a letter', key: 'reactions.emojis', value: ['❤️', 'a'], hint: '[1]: "a" is not a single emoji' },
  { name: 'a digit (not a keycap)', key: 'reactions.emojis', value: ['1'], hint: 'not a single emoji' },
  { name: 'two emoji in one item', key: 'reactions.emojis', value: ['❤️🔥'], hint: 'not a single emoji' },
  { name: 'an emoji with text', key: 'reactions.emojis', value: ['🔥x'], hint: 'not a single emoji' },
  { name: 'emojis as one text', key: 'reactions.emojis', value: '❤️,🔥', hint: /expected array/ },
  { name: 'bad time zone', key: 'economy.timezone', value: 'Mars/Olympus_Mons', hint: 'IANA', details: { problem: 'not_timezone' } },
  { name: 'unknown formula kind', key: 'levels.formula', value: { kind: 'cubic' }, hint: /sqrt|kind/ },
  { name: 'formula with a typo', key: 'levels.formula', value: { kind: 'linear', stpe: 10 }, hint: 'stpe' },
  {
    name: 'decreasing custom formula',
    key: 'levels.formula',
    value: { kind: 'custom', expression: '100 - total_earned' },
    hint: 'decreases',
    code: 'INVALID_FORMULA',
  },
];

for (const dialect of testDialects()) {
  describe(`SettingsStore refusals (${dialect.name})`, () => {
    const ctx = useSettingsStore(dialect);

    for (const refusal of REFUSALS) {
      it(`refuses ${refusal.name}, naming the key and what is valid, writing nothing`, async () => {
        // A real, different value first, so "unchanged" is not just "still the default".
        await ctx.store.set('reactions.amount', 7, 'admin:1');
        const before = await ctx.store.all();
        const err = await ctx.store.set(refusal.key, refusal.value, 'admin:2').catch((e: unknown) => e);

        expect(err).toBeInstanceOf(EconomyError);
        const economyError = err as EconomyError;
        expect(economyError.code).toBe(refusal.code ?? 'INVALID_CONFIG');
        expect(economyError.details).toMatchObject({ key: refusal.key, ...refusal.details });
        expect(economyError.message).toContain(refusal.key);
        if (typeof refusal.hint === 'string') expect(economyError.message).toContain(refusal.hint);
        else expect(economyError.message).toMatch(refusal.hint);

        expect(await auditRowCount(ctx.storage)).toBe(1);
        expect(await settingRowCount(ctx.storage)).toBe(1);
        expect(await ctx.newStore().all()).toEqual(before);
      });
    }

    it('accepts single emoji of every kind: keycaps, flags, skin tones, ZWJ sequences, ❤ without its selector', async () => {
      const set = ['1️⃣', '🇪🇸', '👍🏽', '👨‍👩‍👧‍👦', '❤', '❤️', '🏳️‍🌈', '😘'];
      await ctx.store.set('reactions.emojis', set, 'admin:1');
      expect(await ctx.newStore().get('reactions.emojis')).toEqual(set);
    });

    it('reset of an unknown key is refused the same way', async () => {
      const err = await ctx.store.reset('nope', 'admin:1').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'INVALID_CONFIG', details: { key: 'nope' } });
      expect(await auditRowCount(ctx.storage)).toBe(0);
    });

    it('setInTransaction refuses before touching the transaction', async () => {
      await expect(
        ctx.storage.db.transaction().execute((trx) => ctx.store.setInTransaction(trx, 'shop.page_size', 0, 'admin:1')),
      ).rejects.toMatchObject({ code: 'INVALID_CONFIG', details: { key: 'shop.page_size' } });
      expect(await auditRowCount(ctx.storage)).toBe(0);
      expect(await ctx.store.get('shop.page_size')).toBe(5);
    });
  });
}
