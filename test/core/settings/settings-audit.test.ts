import { describe, expect, it } from 'vitest';
import { testDialects } from '../../helpers/dialects.js';
import { START, useSettingsStore } from './settings-fixture.js';

for (const dialect of testDialects()) {
  describe(`SettingsStore audit (${dialect.name})`, () => {
    const ctx = useSettingsStore(dialect);

    it('records who, when, old and new for every change, newest first', async () => {
      await ctx.store.set('reactions.amount', 8, 'admin:100');
      ctx.clock.advance(60_000);
      await ctx.store.set('reactions.emojis', ['👍', '🎉'], 'admin:200');
      ctx.clock.advance(60_000);
      await ctx.store.set('reactions.amount', 3, 'admin:200');

      const entries = await ctx.store.audit();
      expect(entries.map(({ id: _id, ...rest }) => rest)).toEqual([
        { key: 'reactions.amount', oldValue: 8, newValue: 3, changedBy: 'admin:200', changedAt: START + 120_000 },
        {
          key: 'reactions.emojis',
          oldValue: ['❤️', '🔥', '💋', '😈'],
          newValue: ['👍', '🎉'],
          changedBy: 'admin:200',
          changedAt: START + 60_000,
        },
        { key: 'reactions.amount', oldValue: 5, newValue: 8, changedBy: 'admin:100', changedAt: START },
      ]);
    });

    it('filters by key, limits and pages with beforeId', async () => {
      for (const [i, value] of [10, 11, 12, 13, 14].entries()) {
        ctx.clock.advance(1000);
        await ctx.store.set('reactions.daily_limit', value, `admin:${i}`);
        await ctx.store.set('shop.page_size', (i % 3) + 6, `admin:${i}`);
      }
      const limits = await ctx.store.audit({ key: 'reactions.daily_limit' });
      expect(limits.map((e) => e.newValue)).toEqual([14, 13, 12, 11, 10]);

      const firstPage = await ctx.store.audit({ key: 'reactions.daily_limit', limit: 2 });
      expect(firstPage.map((e) => e.newValue)).toEqual([14, 13]);
      const secondPage = await ctx.store.audit({ key: 'reactions.daily_limit', limit: 2, beforeId: firstPage.at(-1)?.id });
      expect(secondPage.map((e) => e.newValue)).toEqual([12, 11]);

      const all = await ctx.store.audit({ limit: 100 });
      expect(all).toHaveLength(10);
      expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((a, b) => b - a));
    });

    it('refuses a limit outside 1..100', async () => {
      await expect(ctx.store.audit({ limit: 0 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await expect(ctx.store.audit({ limit: 101 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    });

    it('the level formula change is audited with both specs', async () => {
      await ctx.store.set('levels.formula', { kind: 'custom', expression: 'floor(sqrt(total_earned / 50)) + 1' }, 'admin:1');
      const [entry] = await ctx.store.audit({ key: 'levels.formula' });
      expect(entry).toMatchObject({
        oldValue: { kind: 'sqrt' },
        newValue: { kind: 'custom', expression: 'floor(sqrt(total_earned / 50)) + 1' },
        changedBy: 'admin:1',
        changedAt: START,
      });
    });
  });
}
