/**
 * Concurrent presses on PostgreSQL (SPEC §3, §11): many presses at once through a pool of
 * 20 connections, every rule held by the database (guarded upsert, unique keys), never by
 * a check in memory. SQLite runs one writer at a time under BEGIN IMMEDIATE.
 */
import { describe, expect, it } from 'vitest';
import { EconomyError } from '../../../src/core/errors.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { testDialects } from '../../helpers/dialects.js';
import { countRows } from '../../helpers/ledger-fixtures.js';
import { balanceOf, DEVIL, FIRE, FREE_CHANNEL, HEART, KISS, stateRow, useReactions } from './reactions-fixture.js';

type Outcome = { ok: true; transactionId: number; used: number } | { ok: false; code: string };

async function outcome(promise: Promise<{ transactionId: number; used: number }>): Promise<Outcome> {
  try {
    const r = await promise;
    return { ok: true, transactionId: r.transactionId, used: r.used };
  } catch (err) {
    if (err instanceof EconomyError) return { ok: false, code: err.code };
    throw err;
  }
}

function tally(outcomes: Outcome[]) {
  const refused: Record<string, number> = {};
  let accepted = 0;
  for (const o of outcomes) {
    if (o.ok) accepted += 1;
    else refused[o.code] = (refused[o.code] ?? 0) + 1;
  }
  return { accepted, refused };
}

for (const dialect of testDialects()) {
  describe.skipIf(dialect.name !== 'postgres')(`concurrent presses (${dialect.name})`, () => {
    const ctx = useReactions(dialect);
    const verifyOk = async () => expect((await verifyLedger(ctx.storage)).violations).toEqual([]);

    it('50 simultaneous presses of one member on one post credit once (cooldown 0: one-per-post stops them)', async () => {
      await ctx.set('reactions.cooldown_seconds', 0);
      await ctx.posts(FREE_CHANNEL, 1);
      const emojis = [HEART, FIRE, KISS, DEVIL];
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, (_, i) => outcome(ctx.reactions.react({ memberId: 42, channelId: FREE_CHANNEL, messageId: 1, emoji: emojis[i % 4]! }))),
      );
      expect(tally(outcomes)).toEqual({ accepted: 1, refused: { ALREADY_REACTED: 49 } });
      expect(await countRows(ctx.storage, 'transactions')).toBe(1);
      expect(await countRows(ctx.storage, 'reactions')).toBe(1);
      expect(await balanceOf(ctx.storage, 42)).toBe(5);
      expect(await stateRow(ctx.storage, 42)).toMatchObject({ day_count: 1, total: 1, streak: 1 });
      await verifyOk();
    });

    it('100 members pressing one post at once: each credited once, counts exact', async () => {
      await ctx.posts(FREE_CHANNEL, 1);
      const emojis = [HEART, FIRE, KISS, DEVIL];
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          outcome(ctx.reactions.react({ memberId: 1000 + i, channelId: FREE_CHANNEL, messageId: 1, emoji: emojis[i % 4]! })),
        ),
      );
      expect(tally(outcomes)).toEqual({ accepted: 100, refused: {} });
      expect(new Set(outcomes.map((o) => (o.ok ? o.transactionId : 0))).size).toBe(100);
      expect(await countRows(ctx.storage, 'transactions')).toBe(100);
      expect(await countRows(ctx.storage, 'members')).toBe(100);
      const balances = await ctx.storage.db.selectFrom('profiles').select('balance').distinct().execute();
      expect(balances).toEqual([{ balance: 5 }]);
      expect(await ctx.reactions.counts(FREE_CHANNEL, 1)).toEqual({ [HEART]: 25, [FIRE]: 25, [KISS]: 25, [DEVIL]: 25 });
      await verifyOk();
    });

    it('30 simultaneous presses of one member on 30 posts (cooldown 0): exactly the daily limit of 20 are accepted', async () => {
      await ctx.set('reactions.cooldown_seconds', 0);
      await ctx.posts(FREE_CHANNEL, 30);
      const outcomes = await Promise.all(
        Array.from({ length: 30 }, (_, i) => outcome(ctx.reactions.react({ memberId: 42, channelId: FREE_CHANNEL, messageId: i + 1, emoji: HEART }))),
      );
      expect(tally(outcomes)).toEqual({ accepted: 20, refused: { DAILY_LIMIT: 10 } });
      // Each accepted press saw a distinct count: 1 … 20.
      expect(outcomes.flatMap((o) => (o.ok ? [o.used] : [])).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(await countRows(ctx.storage, 'reactions')).toBe(20);
      expect(await balanceOf(ctx.storage, 42)).toBe(100);
      expect(await stateRow(ctx.storage, 42)).toMatchObject({ day_count: 20, total: 20 });
      await verifyOk();
    });

    it('10 simultaneous presses of one member on 10 posts (cooldown 30 s): one accepted, the rest COOLDOWN', async () => {
      await ctx.posts(FREE_CHANNEL, 10);
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => outcome(ctx.reactions.react({ memberId: 42, channelId: FREE_CHANNEL, messageId: i + 1, emoji: HEART }))),
      );
      expect(tally(outcomes)).toEqual({ accepted: 1, refused: { COOLDOWN: 9 } });
      expect(await balanceOf(ctx.storage, 42)).toBe(5);
      await verifyOk();
    });
  });
}
