/**
 * Issue 14, goal 1: a member's repeats on a post are answered from what an earlier read of
 * this process refused (core/reactions/repeat-memo.ts). While the database is out of reach
 * (every use of it throws), a remembered repeat still gets the exact refusal a read gives;
 * a press the remembered facts no longer refuse (cooldown over, a new day) or that only an
 * access rule would refuse goes to the database as before.
 */
import { describe, expect, it } from 'vitest';
import type { Storage } from '../../../src/storage/connect.js';
import { testDialects } from '../../helpers/dialects.js';
import { refusal } from '../../helpers/refusal.js';
import { FREE_CHANNEL, HEART, FIRE, VIP_CHANNEL, insertMember, useReactions } from './reactions-fixture.js';

const T0 = Date.parse('2025-03-01T12:00:00Z');
const t = (s: number) => T0 + s * 1000;

/**
 * Runs `fn` with the storage's database handles replaced by ones that throw on any use,
 * except a reload of the settings (on PostgreSQL a change's NOTIFY may arrive late and
 * drop the settings cache once more; that read is not the press's).
 */
async function withoutDatabase<T>(storage: Storage, fn: () => Promise<T>): Promise<T> {
  const s = storage as { db: Storage['db']; sqlite?: unknown };
  const { db, sqlite } = s;
  const unreachable = new Proxy(
    {},
    {
      get(_, name) {
        if (name === 'selectFrom') {
          return (table: unknown) => {
            if (table === 'settings') return db.selectFrom('settings');
            throw new Error(`the database was used (selectFrom ${String(table)})`);
          };
        }
        throw new Error(`the database was used (${String(name)})`);
      },
    },
  );
  s.db = unreachable as Storage["db"];
  if (sqlite) s.sqlite = unreachable;
  try {
    return await fn();
  } finally {
    s.db = db;
    if (sqlite) s.sqlite = sqlite;
  }
}

for (const dialect of testDialects()) {
  describe(`repeats answered from memory (${dialect.name})`, () => {
    const ctx = useReactions(dialect, T0);

    it('already reacted: the second press reads, the next ones need no database', async () => {
      await ctx.posts(FREE_CHANNEL, 1);
      await ctx.set('reactions.cooldown_seconds', 0);
      expect((await ctx.press(42, FREE_CHANNEL, 1, HEART)).amount).toBe(5);
      const read = await refusal(ctx.press(42, FREE_CHANNEL, 1, FIRE, t(1)));
      expect(read).toEqual({ code: 'ALREADY_REACTED', details: { channelId: FREE_CHANNEL, messageId: 1 } });
      const remembered = await withoutDatabase(ctx.storage, () => refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(2))));
      expect(remembered).toEqual(read);
      // Another member, or another post, is not remembered: it needs the database.
      await expect(withoutDatabase(ctx.storage, () => ctx.press(43, FREE_CHANNEL, 1, HEART))).rejects.toThrow(/database was used/);
    });

    it('an accepted press is remembered too: the same member on the same post needs no database', async () => {
      await ctx.posts(FREE_CHANNEL, 2);
      await ctx.set('reactions.cooldown_seconds', 10);
      // The first press makes the member (transactional path); the second takes the fast one.
      expect((await ctx.press(42, FREE_CHANNEL, 1, HEART)).amount).toBe(5);
      expect((await ctx.press(42, FREE_CHANNEL, 2, HEART, t(20))).amount).toBe(5);
      // Cooldown first, then already reacted: the order a read gives, from memory.
      const cooling = await withoutDatabase(ctx.storage, () => refusal(ctx.press(42, FREE_CHANNEL, 2, FIRE, t(24))));
      expect(cooling).toMatchObject({ code: 'COOLDOWN', details: { secondsLeft: 6 } });
      const again = await withoutDatabase(ctx.storage, () => refusal(ctx.press(42, FREE_CHANNEL, 2, FIRE, t(31))));
      expect(again).toEqual({ code: 'ALREADY_REACTED', details: { channelId: FREE_CHANNEL, messageId: 2 } });
      // The database gives the same answer.
      expect(await refusal(ctx.press(42, FREE_CHANNEL, 2, FIRE, t(32)))).toEqual(again);
    });

    it('cooldown: remembered with the seconds left at the new press, then accepted once over', async () => {
      await ctx.posts(FREE_CHANNEL, 2);
      expect((await ctx.press(42, FREE_CHANNEL, 1)).amount).toBe(5);
      expect(await refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, t(10)))).toEqual({ code: 'COOLDOWN', details: { secondsLeft: 20 } });
      const remembered = await withoutDatabase(ctx.storage, () => refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, t(25))));
      expect(remembered).toEqual({ code: 'COOLDOWN', details: { secondsLeft: 5 } });
      // Over: the remembered facts refuse nothing, the database decides (and accepts).
      expect((await ctx.press(42, FREE_CHANNEL, 2, HEART, t(31))).amount).toBe(5);
    });

    it('a press accepted since, on another post, moves the remembered cooldown and day count', async () => {
      await ctx.set('reactions.cooldown_seconds', 10);
      await ctx.set('reactions.daily_limit', 2);
      await ctx.posts(FREE_CHANNEL, 2);
      expect((await ctx.press(42, FREE_CHANNEL, 1)).amount).toBe(5);
      expect((await refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(11)))).code).toBe('ALREADY_REACTED');
      expect((await ctx.press(42, FREE_CHANNEL, 2, HEART, t(15))).used).toBe(2);
      const cooldown = await withoutDatabase(ctx.storage, () => refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(20))));
      expect(cooldown).toEqual({ code: 'COOLDOWN', details: { secondsLeft: 5 } });
      const limit = await withoutDatabase(ctx.storage, () => refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(30))));
      expect(limit).toMatchObject({ code: 'DAILY_LIMIT', details: { used: 2, limit: 2 } });
    });

    it('daily limit: remembered until the economy day ends, then the database accepts', async () => {
      await ctx.set('reactions.cooldown_seconds', 0);
      await ctx.set('reactions.daily_limit', 1);
      await ctx.posts(FREE_CHANNEL, 2);
      expect((await ctx.press(42, FREE_CHANNEL, 1)).amount).toBe(5);
      expect((await refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, t(1)))).code).toBe('DAILY_LIMIT');
      const remembered = await withoutDatabase(ctx.storage, () => refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, t(2))));
      expect(remembered).toMatchObject({ code: 'DAILY_LIMIT', details: { used: 1, limit: 1 } });
      // A raised limit is read from the settings in force: the remembered count no longer refuses.
      await ctx.set('reactions.daily_limit', 2);
      expect((await ctx.press(42, FREE_CHANNEL, 2, HEART, t(3))).used).toBe(2);
    });

    it('never refuses on access from memory: a VIP extended after its remembered expiry reads again', async () => {
      await ctx.set('reactions.cooldown_seconds', 0);
      await ctx.posts(VIP_CHANNEL, 1);
      await insertMember(ctx.storage, 51, 'VIP', t(5));
      expect((await ctx.press(51, VIP_CHANNEL, 1)).amount).toBe(5);
      expect((await refusal(ctx.press(51, VIP_CHANNEL, 1, FIRE, t(1)))).code).toBe('ALREADY_REACTED');
      // The remembered expiry has passed: memory would say VIP_ONLY, so the database answers.
      await ctx.storage.db.updateTable('members').set({ vip_expires_at: t(3600) }).where('id', '=', 51).execute();
      await expect(withoutDatabase(ctx.storage, () => ctx.press(51, VIP_CHANNEL, 1, FIRE, t(10)))).rejects.toThrow(/database was used/);
      expect((await refusal(ctx.press(51, VIP_CHANNEL, 1, FIRE, t(11)))).code).toBe('ALREADY_REACTED');
    });

    it('forgets after 30 seconds: the database answers again', async () => {
      await ctx.set('reactions.cooldown_seconds', 0);
      await ctx.posts(FREE_CHANNEL, 1);
      await ctx.press(42, FREE_CHANNEL, 1);
      expect((await refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(1)))).code).toBe('ALREADY_REACTED');
      await expect(withoutDatabase(ctx.storage, () => ctx.press(42, FREE_CHANNEL, 1, HEART, t(32)))).rejects.toThrow(/database was used/);
    });
  });
}
