/**
 * An accepted press in one go (PostgreSQL's one statement, SQLite's synchronous
 * transaction) returns the member's reward facts after it, so that its evaluation need not
 * read them (rewards/known-facts.ts). They must be exactly what a read after the commit
 * finds, whatever the member's state: checked for a daily streak, a first purchase, VIP
 * and a shop spend, each shown to change the facts.
 */
import { describe, expect, it } from 'vitest';
import type { MemberFacts } from '../../../src/core/rewards/reward-conditions.js';
import { postgresPress } from '../../../src/core/reactions/postgres-press.js';
import { sqliteFastPress } from '../../../src/core/reactions/sqlite-fast-press.js';
import { readFacts } from '../../../src/core/rewards/member-rewards-repository.js';
import { testDialects } from '../../helpers/dialects.js';
import { FREE_CHANNEL, HEART, useReactions, pressAt } from './reactions-fixture.js';

const T0 = Date.parse('2025-03-01T12:00:00Z');
/** T0's economy day (UTC), as pressAt's. */
const TODAY = 20148;

for (const dialect of testDialects()) {
  describe(`reactions: the member's facts an accepted press returns (${dialect.name})`, () => {
    const ctx = useReactions(dialect, T0);

    /** The press in one go, by the dialect's own path; its member facts. */
    async function pressInOneGo(memberId: number, messageId: number, at: number): Promise<MemberFacts> {
      const { p, m } = pressAt(memberId, FREE_CHANNEL, messageId, at);
      if (dialect.name === 'postgres') {
        const done = await postgresPress(ctx.storage.db, ctx.storage.db, p, m);
        if (done.kind !== 'applied') throw new Error(`member ${memberId}: the press was not applied`);
        return done.memberFacts;
      }
      const done = await sqliteFastPress(ctx.storage, p, m);
      if (!done || 'refused' in done) throw new Error(`member ${memberId}: the press was not applied`);
      return done.memberFacts;
    }

    it('are what a read after its commit finds', async () => {
      await ctx.posts(FREE_CHANNEL, 3);
      const db = ctx.storage.db;
      // Members 1-4 meet the engine by a first press (profile, reaction state), then each
      // gets what another fact is made of: a daily streak, a first purchase, VIP, a shop spend.
      for (const id of [1, 2, 3, 4]) await ctx.press(id, FREE_CHANNEL, 1, HEART, T0);
      await db.insertInto('daily_state').values({ member_id: 1, last_day: TODAY - 1, streak: 4, longest: 6, claims: 9, last_claimed_at: T0 - 86_400_000 }).execute();
      await db.insertInto('reward_member_facts').values({ member_id: 2, first_purchase_at: T0 - 1000 }).execute();
      await db.updateTable('members').set({ role: 'VIP', vip_expires_at: T0 + 86_400_000 }).where('id', '=', 3).execute();
      await ctx.ledger.spend({ memberId: 4, amount: 1, type: 'SPEND_SHOP', reason: 'a product' });
      const at = T0 + 60_000;
      for (const id of [1, 2, 3, 4]) {
        expect(await pressInOneGo(id, 2, at), `member ${id}`).toEqual(await readFacts(db, id, at, TODAY, false));
      }
      const facts = async (id: number) => (await readFacts(db, id, at, TODAY, false))!;
      // Each state shows in the facts (so the comparison above compared something).
      expect(await facts(1)).toMatchObject({ dailyStreak: 4, firstDailyGift: true, firstReaction: true, reactionStreak: 1, totalEarned: 10 });
      expect(await facts(2)).toMatchObject({ firstPurchase: true, dailyStreak: 0 });
      expect(await facts(3)).toMatchObject({ role: 'VIP' });
      expect(await facts(4)).toMatchObject({ firstPurchase: true, totalSpent: 1 });
    });
  });
}
