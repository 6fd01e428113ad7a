/**
 * "Changes apply at once, also across instances" (SPEC §8): two stores on two Storage
 * objects (two SQLite connections, or two PostgreSQL pools) on one database.
 */
import { describe, expect, it } from 'vitest';
import { upsertSetting } from '../../../src/core/settings/settings-repository.js';
import type { SettingsStore } from '../../../src/core/settings/settings.js';
import type { SettingKey, EconomySettings } from '../../../src/core/settings/settings-schema.js';
import { testDialects } from '../../helpers/dialects.js';
import { START, useSettingsStore } from './settings-fixture.js';

/** Polls `store.get(key)` until it equals `expected` or `timeoutMs` passes; returns the wait. */
async function waitFor<K extends SettingKey>(store: SettingsStore, key: K, expected: EconomySettings[K], timeoutMs: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    const value = await store.get(key);
    const waited = performance.now() - started;
    if (JSON.stringify(value) === JSON.stringify(expected)) return waited;
    if (waited > timeoutMs) throw new Error(`${key} still ${JSON.stringify(value)} after ${timeoutMs} ms, expected ${JSON.stringify(expected)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const dialect of testDialects()) {
  describe(`SettingsStore freshness across instances (${dialect.name})`, () => {
    const ctx = useSettingsStore(dialect);

    it("a store's own change is visible to itself at once", async () => {
      expect(await ctx.store.get('reactions.daily_limit')).toBe(20);
      await ctx.store.set('reactions.daily_limit', 30, 'admin:1');
      expect(await ctx.store.get('reactions.daily_limit')).toBe(30);
    });

    it('a change through one instance reaches another through the database signal, not the max age', async () => {
      // The reader's cache would otherwise live a minute: only the signal can refresh it.
      const reader = ctx.newStore({ storage: await ctx.openAgain(), maxAgeMs: 60_000 });
      expect(await reader.get('reactions.emojis')).toEqual(['❤️', '🔥', '💋', '😈']);
      expect(await reader.get('reactions.emojis')).toEqual(['❤️', '🔥', '💋', '😈']); // served from the cache

      await ctx.store.set('reactions.emojis', ['🌹', '🔥'], 'admin:1');
      if (dialect.name === 'sqlite') {
        // PRAGMA data_version moved: the very next read re-reads.
        expect(await reader.get('reactions.emojis')).toEqual(['🌹', '🔥']);
      } else {
        // NOTIFY is delivered at commit; allow it to cross the network.
        await waitFor(reader, 'reactions.emojis', ['🌹', '🔥'], 2000);
      }

      await ctx.store.reset('reactions.emojis', 'admin:1');
      if (dialect.name === 'sqlite') expect(await reader.get('reactions.emojis')).toEqual(['❤️', '🔥', '💋', '😈']);
      else await waitFor(reader, 'reactions.emojis', ['❤️', '🔥', '💋', '😈'], 2000);
    });

    it('several changes in a row all arrive, in order', async () => {
      const reader = ctx.newStore({ storage: await ctx.openAgain(), maxAgeMs: 60_000 });
      await reader.all();
      for (const limit of [21, 22, 23]) await ctx.store.set('reactions.daily_limit', limit, 'admin:1');
      if (dialect.name === 'sqlite') expect(await reader.get('reactions.daily_limit')).toBe(23);
      else await waitFor(reader, 'reactions.daily_limit', 23, 2000);
    });

    it('a write that sends no signal is still seen: at once on SQLite, within the max age on PostgreSQL', async () => {
      const writer = await ctx.openAgain();
      const slow = ctx.newStore({ maxAgeMs: 60_000 });
      const bounded = ctx.newStore({ maxAgeMs: 1000 });
      expect(await slow.get('daily.base')).toBe(20);
      expect(await bounded.get('daily.base')).toBe(20);

      // A raw row write from another connection: no pg_notify, like a hand edit in psql.
      await upsertSetting(writer.db, 'daily.base', '40', START, 'psql');
      if (dialect.name === 'sqlite') {
        expect(await slow.get('daily.base')).toBe(40);
        expect(await bounded.get('daily.base')).toBe(40);
      } else {
        expect(await slow.get('daily.base')).toBe(20); // proves the cache serves reads
        expect(await bounded.get('daily.base')).toBe(20); // no signal: still cached…
        await waitFor(bounded, 'daily.base', 40, 3000); // …until the max age runs out
      }
    });

    it('a change rolled back is never seen', async () => {
      const reader = ctx.newStore({ storage: await ctx.openAgain(), maxAgeMs: 60_000 });
      await reader.all();
      await expect(
        ctx.storage.db.transaction().execute(async (trx) => {
          await ctx.store.setInTransaction(trx, 'reactions.amount', 9, 'admin:1');
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await ctx.store.set('shop.page_size', 7, 'admin:1'); // a committed change after it, as a marker
      if (dialect.name === 'sqlite') expect(await reader.get('shop.page_size')).toBe(7);
      else await waitFor(reader, 'shop.page_size', 7, 2000);
      expect(await reader.get('reactions.amount')).toBe(5);
      expect(await ctx.store.get('reactions.amount')).toBe(5);
    });

    it('close() stops listening; the store still answers', async () => {
      const store = ctx.newStore({ maxAgeMs: 0 });
      await store.all();
      await store.close();
      await ctx.store.set('reactions.amount', 6, 'admin:1');
      expect(await store.get('reactions.amount')).toBe(6);
    });
  });
}
