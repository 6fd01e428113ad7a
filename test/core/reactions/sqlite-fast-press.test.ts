/**
 * The SQLite fast path of a press (src/core/reactions/sqlite-fast-press.ts): an accepted
 * press of a member with a profile is applied in one synchronous transaction; anything
 * else (a refusal, a new member, a repeat press) answers undefined and writes nothing, so
 * the async path can give the exact answer.
 */
import { describe, expect, it } from 'vitest';
import { sqliteFastPress } from '../../../src/core/reactions/sqlite-fast-press.js';
import { readFacts } from '../../../src/core/rewards/member-rewards-repository.js';
import { testDialects } from '../../helpers/dialects.js';
import { FREE_CHANNEL, HEART, OTHER_CHANNEL, snapshotOf, useReactions, pressAt } from './reactions-fixture.js';

const T0 = Date.parse('2025-03-01T12:00:00Z');


for (const dialect of testDialects().filter((d) => d.name === 'sqlite')) {
  describe('reactions: the SQLite fast path', () => {
    const ctx = useReactions(dialect, T0);

    it('applies an accepted press of a member with a profile, and answers undefined (nothing written) otherwise', async () => {
      await ctx.posts(FREE_CHANNEL, 3);
      await ctx.posts(OTHER_CHANNEL, 1);
      const first = pressAt(1, FREE_CHANNEL, 1, T0);
      // A new member: the credit's guard finds no profile.
      let before = await snapshotOf(ctx.storage, 1);
      expect(await sqliteFastPress(ctx.storage, first.p, first.m)).toBeUndefined();
      expect(await snapshotOf(ctx.storage, 1)).toEqual(before);
      await ctx.press(1, FREE_CHANNEL, 1, HEART, T0);

      // Within the cooldown: the claim refuses.
      const early = pressAt(1, FREE_CHANNEL, 2, T0 + 10_000);
      before = await snapshotOf(ctx.storage, 1);
      expect(await sqliteFastPress(ctx.storage, early.p, early.m)).toBeUndefined();
      // Not earning: the claim refuses.
      const other = pressAt(1, OTHER_CHANNEL, 1, T0 + 60_000);
      expect(await sqliteFastPress(ctx.storage, other.p, other.m)).toBeUndefined();
      // Already reacted (after the cooldown): the unique keys refuse.
      const again = pressAt(1, FREE_CHANNEL, 1, T0 + 60_000);
      expect(await sqliteFastPress(ctx.storage, again.p, again.m)).toBeUndefined();
      expect(await snapshotOf(ctx.storage, 1)).toEqual(before);
      // Issue 14: when the caller's rule says the facts refuse, they are the answer (read, no transaction).
      const refuses = (f: { reacted: boolean }) => f.reacted;
      expect(await sqliteFastPress(ctx.storage, again.p, again.m, refuses)).toMatchObject({ refused: { reacted: true, post_kind: 'FREE' } });
      expect(await snapshotOf(ctx.storage, 1)).toEqual(before);

      const second = pressAt(1, FREE_CHANNEL, 2, T0 + 60_000);
      const done = await sqliteFastPress(ctx.storage, second.p, second.m);
      expect(done).toEqual({
        claimed: { used: 2, streak: 1, longest: 1 },
        applied: { transactionId: expect.any(Number), balance: 10, totalEarned: 10, totalSpent: 0, level: 1, previousLevel: 1 },
        // The facts it was decided on, before its own claim (the repeat memo keeps them).
        facts: expect.objectContaining({ post_kind: 'FREE', reacted: false, day_count: 1, last_at: T0 }),
        // The member's reward facts after the press, for its evaluation (known-facts.ts).
        memberFacts: await readFacts(ctx.storage.db, 1, T0 + 60_000, 20148, false),
      });
      const after = await snapshotOf(ctx.storage, 1);
      expect(after.reactions).toBe(before.reactions + 1);
      expect(after.transactions).toBe(before.transactions + 1);
    });
  });
}
