/**
 * What an admin types on the CLI, turned into values: checked as parsed, then stored and
 * read back through a store on each dialect (the parsed value must be one `set` accepts).
 */
import { describe, expect, it } from 'vitest';
import { isEconomyError } from '../../../src/core/errors.js';
import { parseSettingValue } from '../../../src/core/settings/parse-setting-value.js';
import { testDialects } from '../../helpers/dialects.js';
import { useSettingsStore } from './settings-fixture.js';

const ACCEPTED: Array<[key: string, text: string, value: unknown]> = [
  ['reactions.amount', '7', 7],
  ['reactions.amount', ' 12 ', 12],
  ['daily.base', '1_000', 1000],
  ['rewards.besitos_cap', '1e3', 1000],
  ['reactions.emojis', '❤️,🔥', ['❤️', '🔥']],
  ['reactions.emojis', '❤️, 🔥 ,💋', ['❤️', '🔥', '💋']],
  ['reactions.emojis', '❤️ 🔥 😈', ['❤️', '🔥', '😈']],
  ['reactions.emojis', '["🌹","🔥"]', ['🌹', '🔥']],
  ['economy.timezone', 'Europe/Madrid', 'Europe/Madrid'],
  ['economy.timezone', '"America/Mexico_City"', 'America/Mexico_City'],
  ['levels.formula', 'sqrt', { kind: 'sqrt' }],
  ['levels.formula', 'linear:250', { kind: 'linear', step: 250 }],
  ['levels.formula', 'exponential:100,2', { kind: 'exponential', base: 100, factor: 2 }],
  ['levels.formula', '{"kind":"linear","step":50}', { kind: 'linear', step: 50 }],
  ['levels.formula', 'floor(total_earned / 1000) + 1', { kind: 'custom', expression: 'floor(total_earned / 1000) + 1' }],
];

const REFUSED_LATER: Array<[key: string, text: string, parsed: unknown]> = [
  ['reactions.amount', 'five', 'five'],
  ['reactions.amount', '2.5', 2.5],
  ['reactions.emojis', '', []],
  ['reactions.emojis', '❤️,❤️', ['❤️', '❤️']],
  ['economy.timezone', 'Mars/Base', 'Mars/Base'],
  ['economy.timezone', '123', '123'],
];

for (const dialect of testDialects()) {
  describe(`parseSettingValue (${dialect.name})`, () => {
    const ctx = useSettingsStore(dialect);

    it.each(ACCEPTED)('%s %j parses and round-trips through the store', async (key, text, value) => {
      const parsed = parseSettingValue(key, text);
      expect(parsed).toEqual(value);
      await ctx.store.set(key, parsed, 'cli');
      const stored: Record<string, unknown> = await ctx.newStore().all();
      expect(stored[key]).toEqual(value);
    });

    it.each(REFUSED_LATER)('%s %j parses to %j, which set refuses with INVALID_CONFIG', async (key, text, parsed) => {
      expect(parseSettingValue(key, text)).toEqual(parsed);
      const err = await ctx.store.set(key, parseSettingValue(key, text), 'cli').catch((e: unknown) => e);
      expect(isEconomyError(err, 'INVALID_CONFIG')).toBe(true);
    });

    it('unknown keys get the generic reading: JSON when it parses, text otherwise', () => {
      expect(parseSettingValue('some.key', '42')).toBe(42);
      expect(parseSettingValue('some.key', '[1,2]')).toEqual([1, 2]);
      expect(parseSettingValue('some.key', 'true')).toBe(true);
      expect(parseSettingValue('some.key', 'hello')).toBe('hello');
    });

    it('malformed preset parameters are an INVALID_FORMULA at parse time', () => {
      let err: unknown;
      try {
        parseSettingValue('levels.formula', 'linear:abc');
      } catch (e) {
        err = e;
      }
      expect(isEconomyError(err, 'INVALID_FORMULA')).toBe(true);
    });
  });
}
