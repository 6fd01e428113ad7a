/**
 * Adapter state (JSON by key): the sweep the dashboard's sessions rely on deletes only keys
 * with the exact prefix (case, `_` and `%` taken literally) written before the given time,
 * on both databases.
 */
import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { useEngine } from '../helpers/engine-fixture.js';
import { refusal } from '../helpers/ledger-fixtures.js';

for (const dialect of testDialects()) {
  describe(`adapter state (${dialect.name})`, () => {
    const fx = useEngine(dialect);

    it('reads back what was written, replaces it, deletes it', async () => {
      const state = fx.economy.adapterState;
      await state.write('k', { a: 1 });
      expect(await state.read('k')).toEqual({ a: 1 });
      await state.write('k', [2]);
      expect(await state.read('k')).toEqual([2]);
      await state.delete('k');
      expect(await state.read('k')).toBeUndefined();
    });

    it('sweep deletes the keys with the prefix written before the time, and nothing else', async () => {
      const state = fx.economy.adapterState;
      await state.write('dash_s:old', 1);
      await state.write('dash_s:ñ-old', 1);
      await state.write('DASH_S:other-case', 1);
      await state.write('dashXs:wildcard', 1);
      await state.write('conv:old', 1);
      fx.clock.advance(60_000);
      await state.write('dash_s:new', 1);

      expect(await state.sweep('dash_s:', fx.clock.now())).toBe(2);
      expect(await state.read('dash_s:old')).toBeUndefined();
      expect(await state.read('dash_s:ñ-old')).toBeUndefined();
      for (const kept of ['DASH_S:other-case', 'dashXs:wildcard', 'conv:old', 'dash_s:new']) expect(await state.read(kept), kept).toBe(1);
      // The time bound is exclusive: what was written at `before` stays.
      expect(await state.sweep('dash_s:', fx.clock.now())).toBe(0);
      expect(await state.sweep('dash_s:', fx.clock.now() + 1)).toBe(1);
    });

    it('sweep refuses a bad prefix or time', async () => {
      await refusal(fx.economy.adapterState.sweep('', 1), 'INVALID_INPUT');
      await refusal(fx.economy.adapterState.sweep('x', Number.NaN), 'INVALID_INPUT');
    });
  });
}
