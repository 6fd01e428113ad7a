import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, SETTING_KEYS } from '../../../src/core/settings/settings-schema.js';
import { readSettingRow, upsertSetting } from '../../../src/core/settings/settings-repository.js';
import { isEconomyError } from '../../../src/core/errors.js';
import { testDialects } from '../../helpers/dialects.js';
import { START, auditRowCount, settingRowCount, useSettingsStore } from './settings-fixture.js';

for (const dialect of testDialects()) {
  describe(`SettingsStore reads and writes (${dialect.name})`, () => {
    const ctx = useSettingsStore(dialect);

    it('an empty database answers the SPEC defaults', async () => {
      const s = await ctx.store.all();
      expect(s['reactions.amount']).toBe(5);
      expect(s['reactions.cooldown_seconds']).toBe(30);
      expect(s['reactions.daily_limit']).toBe(20);
      // daily gift: 20 + min(2 × streak, 50)
      expect(s['daily.base']).toBe(20);
      expect(s['daily.bonus_per_day']).toBe(2);
      expect(s['daily.bonus_cap']).toBe(50);
      expect(s['reactions.emojis']).toEqual(['❤️', '🔥', '💋', '😈']);
      expect(s['rewards.besitos_cap']).toBe(100);
      expect(s['rewards.vip_days_cap']).toBe(30);
      expect(s['rewards.manual_claim_window_hours']).toBe(168);
      expect(s['economy.timezone']).toBe('UTC');
      expect(s['levels.formula']).toEqual({ kind: 'sqrt' });
      expect(s['shop.page_size']).toBe(5);
      expect(Object.keys(s).sort()).toEqual([...SETTING_KEYS].sort());
      expect(await settingRowCount(ctx.storage)).toBe(0);
    });

    it('set then get returns the new value, typed by key', async () => {
      const change = await ctx.store.set('reactions.amount', 7, 'admin:1');
      expect(change).toEqual({ key: 'reactions.amount', oldValue: 5, newValue: 7, changedBy: 'admin:1', changedAt: START });
      const amount: number = await ctx.store.get('reactions.amount');
      expect(amount).toBe(7);

      await ctx.store.set('reactions.emojis', ['👍', '🎉'], 'admin:1');
      await ctx.store.set('economy.timezone', 'Europe/Madrid', 'admin:1');
      await ctx.store.set('levels.formula', { kind: 'linear', step: 250 }, 'admin:1');
      const s = await ctx.store.all();
      expect(s['reactions.emojis']).toEqual(['👍', '🎉']);
      expect(s['economy.timezone']).toBe('Europe/Madrid');
      expect(s['levels.formula']).toEqual({ kind: 'linear', step: 250 });
      expect(s['reactions.daily_limit']).toBe(20);
    });

    it('stores the zod-normalised value (preset parameters get their defaults)', async () => {
      const change = await ctx.store.set('levels.formula', { kind: 'exponential' }, 'admin:1');
      expect(change.newValue).toEqual({ kind: 'exponential', base: 100, factor: 1.5 });
      expect(await ctx.store.get('levels.formula')).toEqual({ kind: 'exponential', base: 100, factor: 1.5 });
    });

    it('a fresh store on the same database reads what was stored', async () => {
      await ctx.store.set('daily.base', 25, 'admin:1');
      expect(await ctx.newStore().get('daily.base')).toBe(25);
    });

    it('setting the current value writes nothing and reports oldValue === newValue', async () => {
      const same = await ctx.store.set('reactions.emojis', ['❤️', '🔥', '💋', '😈'], 'admin:1');
      expect(same.oldValue).toBe(same.newValue);
      expect(await auditRowCount(ctx.storage)).toBe(0);
      expect(await settingRowCount(ctx.storage)).toBe(0);

      await ctx.store.set('reactions.amount', 9, 'admin:1');
      const again = await ctx.store.set('reactions.amount', 9, 'admin:2');
      expect(again.oldValue).toBe(9);
      expect(again.newValue).toBe(9);
      expect(await auditRowCount(ctx.storage)).toBe(1);
      expect((await readSettingRow(ctx.storage.db, 'reactions.amount'))?.updated_by).toBe('admin:1');
    });

    it('equality ignores key order in objects', async () => {
      await ctx.store.set('levels.formula', { kind: 'exponential', base: 200, factor: 2 }, 'admin:1');
      const same = await ctx.store.set('levels.formula', { factor: 2, base: 200, kind: 'exponential' }, 'admin:1');
      expect(same.oldValue).toBe(same.newValue);
      expect(await auditRowCount(ctx.storage)).toBe(1);
    });

    it('reset goes back to the default, removes the row and is audited', async () => {
      await ctx.store.set('reactions.daily_limit', 50, 'admin:1');
      expect(await settingRowCount(ctx.storage)).toBe(1);
      ctx.clock.advance(1000);
      const change = await ctx.store.reset('reactions.daily_limit', 'admin:2');
      expect(change).toMatchObject({ oldValue: 50, newValue: 20, changedBy: 'admin:2', changedAt: START + 1000 });
      expect(await ctx.store.get('reactions.daily_limit')).toBe(20);
      expect(await settingRowCount(ctx.storage)).toBe(0);
      const [latest] = await ctx.store.audit();
      expect(latest).toMatchObject({ key: 'reactions.daily_limit', oldValue: 50, newValue: 20, changedBy: 'admin:2' });
      // Already at the default: nothing to do.
      const noop = await ctx.store.reset('reactions.daily_limit', 'admin:2');
      expect(noop.oldValue).toBe(noop.newValue);
      expect(await auditRowCount(ctx.storage)).toBe(2);
    });

    it('a stored value that no longer validates falls back to the default and is reported once', async () => {
      const onInvalid = vi.fn();
      await upsertSetting(ctx.storage.db, 'reactions.amount', '0', START, 'hand-edit');
      await upsertSetting(ctx.storage.db, 'economy.timezone', 'not json', START, 'hand-edit');
      await upsertSetting(ctx.storage.db, 'reactions.gone', '1', START, 'older-version');
      const store = ctx.newStore({ onInvalid });
      const s = await store.all();
      expect(s['reactions.amount']).toBe(DEFAULT_SETTINGS['reactions.amount']);
      expect(s['economy.timezone']).toBe('UTC');
      expect(onInvalid).toHaveBeenCalledTimes(3);
      expect(onInvalid).toHaveBeenCalledWith(expect.objectContaining({ key: 'reactions.amount', storedValue: '0' }));
      expect(onInvalid).toHaveBeenCalledWith(expect.objectContaining({ key: 'economy.timezone', problem: 'stored value is not JSON' }));
      expect(onInvalid).toHaveBeenCalledWith(expect.objectContaining({ key: 'reactions.gone' }));
      store.invalidate();
      await store.all();
      expect(onInvalid).toHaveBeenCalledTimes(3);
    });

    it('setting a key whose stored value is bad replaces it, even with the default', async () => {
      await upsertSetting(ctx.storage.db, 'reactions.amount', '-3', START, 'hand-edit');
      const change = await ctx.store.set('reactions.amount', 5, 'admin:1');
      expect(change.oldValue).toBe(5);
      expect(await settingRowCount(ctx.storage)).toBe(0);
      const [entry] = await ctx.store.audit();
      expect(entry).toMatchObject({ key: 'reactions.amount', oldValue: -3, newValue: 5 });
    });

    it('the settings handed out are frozen', async () => {
      const s = await ctx.store.all();
      expect(() => (s['reactions.emojis'] as string[]).push('👍')).toThrow(TypeError);
      expect(() => {
        (s as Record<string, unknown>)['reactions.amount'] = 1;
      }).toThrow(TypeError);
      expect(DEFAULT_SETTINGS['reactions.emojis']).toHaveLength(4);
      expect(Object.isFrozen(DEFAULT_SETTINGS['reactions.emojis'])).toBe(false);
    });

    it('setInTransaction writes with the caller transaction and nothing when it rolls back', async () => {
      await expect(
        ctx.storage.db.transaction().execute(async (trx) => {
          await ctx.store.setInTransaction(trx, 'levels.formula', { kind: 'linear', step: 10 }, 'admin:1');
          throw new Error('recompute failed');
        }),
      ).rejects.toThrow('recompute failed');
      expect(await ctx.store.get('levels.formula')).toEqual({ kind: 'sqrt' });
      expect(await auditRowCount(ctx.storage)).toBe(0);

      const change = await ctx.storage.db.transaction().execute((trx) =>
        ctx.store.setInTransaction(trx, 'levels.formula', { kind: 'linear', step: 10 }, 'admin:1'),
      );
      ctx.store.invalidate();
      expect(change).toMatchObject({ oldValue: { kind: 'sqrt' }, newValue: { kind: 'linear', step: 10 } });
      expect(await ctx.store.get('levels.formula')).toEqual({ kind: 'linear', step: 10 });
      expect(await auditRowCount(ctx.storage)).toBe(1);
    });

    it('concurrent changes of one key leave a chained audit (old value = previous new value)', async () => {
      // PostgreSQL: two pools, so the writers really race. SQLite: better-sqlite3 waits for a
      // lock synchronously, so two connections in ONE process would block each other's event
      // loop; there the writers share the connection (and BEGIN IMMEDIATE covers processes).
      const other = ctx.newStore(dialect.name === 'postgres' ? { storage: await ctx.openAgain() } : {});
      const values = [11, 12, 13, 14, 15, 16];
      await Promise.all(values.map((v, i) => (i % 2 === 0 ? ctx.store : other).set('reactions.amount', v, `admin:${v}`)));
      const entries = (await ctx.store.audit({ key: 'reactions.amount' })).reverse();
      expect(entries).toHaveLength(values.length);
      expect(entries[0]?.oldValue).toBe(5);
      for (let i = 1; i < entries.length; i++) expect(entries[i]?.oldValue).toBe(entries[i - 1]?.newValue);
      expect(await ctx.store.get('reactions.amount')).toBe(entries.at(-1)?.newValue);
    });

    it('refuses an empty changedBy', async () => {
      const err = await ctx.store.set('reactions.amount', 6, ' ').catch((e: unknown) => e);
      expect(isEconomyError(err, 'INVALID_INPUT')).toBe(true);
      expect(await auditRowCount(ctx.storage)).toBe(0);
    });
  });
}
