/**
 * PostgreSQL's one-statement press (src/core/reactions/postgres-press.ts, issue 14): an
 * accepted press of a member with a profile is applied by the statement alone; a press a
 * rule refuses writes nothing and answers its facts (so `react` refuses it from a read);
 * a new member or a level-up writes nothing and answers facts showing no refusal (so
 * `react` takes the transactional path).
 */
import { describe, expect, it } from 'vitest';
import type { Movement } from '../../../src/core/ledger/ledger-repository.js';
import { postgresPress } from '../../../src/core/reactions/postgres-press.js';
import { readFacts } from '../../../src/core/rewards/member-rewards-repository.js';
import type { PressFacts } from '../../../src/core/reactions/reactions-repository.js';
import { testDialects } from '../../helpers/dialects.js';
import { FREE_CHANNEL, HEART, OTHER_CHANNEL, snapshotOf, useReactions, pressAt } from './reactions-fixture.js';

const T0 = Date.parse('2025-03-01T12:00:00Z');
/** T0's economy day (UTC), as pressAt's. */
const TODAY = 20148;


for (const dialect of testDialects().filter((d) => d.name === 'postgres')) {
  describe('reactions: the PostgreSQL one-statement press', () => {
    const ctx = useReactions(dialect, T0);
    const run = (x: { p: PressFacts; m: Movement }) => postgresPress(ctx.storage.db, ctx.storage.db, x.p, x.m);

    it('applies an accepted press in one statement, and answers the facts (nothing written) otherwise', async () => {
      await ctx.posts(FREE_CHANNEL, 3);
      await ctx.posts(OTHER_CHANNEL, 1);
      // A new member: no profile, the statement cannot decide.
      let before = await snapshotOf(ctx.storage, 1);
      expect(await run(pressAt(1, FREE_CHANNEL, 1, T0))).toMatchObject({ kind: 'facts', facts: { post_kind: 'FREE', role: null, reacted: false } });
      expect(await snapshotOf(ctx.storage, 1)).toEqual(before);
      await ctx.press(1, FREE_CHANNEL, 1, HEART, T0);

      before = await snapshotOf(ctx.storage, 1);
      expect(await run(pressAt(1, FREE_CHANNEL, 2, T0 + 10_000))).toMatchObject({ kind: 'facts', facts: { last_at: T0, day_count: 1 } });
      expect(await run(pressAt(1, OTHER_CHANNEL, 1, T0 + 60_000))).toMatchObject({ kind: 'facts', facts: { post_kind: 'OTHER' } });
      expect(await run(pressAt(1, FREE_CHANNEL, 1, T0 + 60_000))).toMatchObject({ kind: 'facts', facts: { reacted: true } });
      // A level-up (the credit's guard): facts showing no refusal.
      expect(await run(pressAt(1, FREE_CHANNEL, 2, T0 + 60_000, 1_000_000))).toMatchObject({ kind: 'facts', facts: { reacted: false } });
      expect(await snapshotOf(ctx.storage, 1)).toEqual(before);

      const done = await run(pressAt(1, FREE_CHANNEL, 2, T0 + 60_000));
      expect(done).toEqual({
        kind: 'applied',
        claimed: { used: 2, streak: 1, longest: 1 },
        applied: { transactionId: expect.any(Number), balance: 10, totalEarned: 10, totalSpent: 0, level: 1, previousLevel: 1 },
        // The facts it was decided on, before its own claim (the repeat memo keeps them).
        facts: expect.objectContaining({ post_kind: 'FREE', reacted: false, day_count: 1, last_at: T0 }),
        // The member's reward facts after the press, for its evaluation (known-facts.ts).
        memberFacts: await readFacts(ctx.storage.db, 1, T0 + 60_000, TODAY, false),
      });
      const after = await snapshotOf(ctx.storage, 1);
      expect(after.reactions).toBe(before.reactions + 1);
      expect(after.transactions).toBe(before.transactions + 1);
      expect(after.state).toMatchObject({ day_count: 2, last_at: T0 + 60_000, total: 2 });
    });
  });
}
