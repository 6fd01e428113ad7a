/**
 * Two claims at the same moment: exactly one pays (SPEC §4). PostgreSQL: 50 claims at once
 * through a pool of 20 connections, so they really overlap and the guarded upsert decides.
 * SQLite: 50 claims through Promise.all in one process (one writer at a time under BEGIN
 * IMMEDIATE; the upsert decides the same way).
 */
import { describe, expect, it } from 'vitest';
import { EconomyError } from '../../../src/core/errors.js';
import type { DailyClaim } from '../../../src/core/daily/daily-gift.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { testDialects } from '../../helpers/dialects.js';
import { balanceOf, dailyRow, movements, setDailyState, snapshotOf, useDaily } from './daily-fixture.js';

const MAR_1 = 20148;

async function settle(claims: Array<Promise<DailyClaim>>) {
  const paid: DailyClaim[] = [];
  const refused: Record<string, number> = {};
  for (const r of await Promise.allSettled(claims)) {
    if (r.status === 'fulfilled') paid.push(r.value);
    else if (r.reason instanceof EconomyError) refused[r.reason.code] = (refused[r.reason.code] ?? 0) + 1;
    else throw r.reason;
  }
  return { paid, refused };
}

for (const dialect of testDialects()) {
  describe(`concurrent daily claims (${dialect.name})`, () => {
    const ctx = useDaily(dialect, '2025-03-01T00:06:00Z');

    it('50 simultaneous claims by a member never seen: one pays 20 + 2, 49 ALREADY_CLAIMED', async () => {
      const { paid, refused } = await settle(Array.from({ length: 50 }, () => ctx.daily.claim(500)));
      expect(paid).toHaveLength(1);
      expect(paid[0]).toMatchObject({ streak: 1, base: 20, bonus: 2, total: 22, balance: 22 });
      expect(refused).toEqual({ ALREADY_CLAIMED: 49 });
      expect(await balanceOf(ctx.storage, 500)).toBe(22);
      const snap = await snapshotOf(ctx.storage, 500);
      expect([snap.members, snap.profiles, snap.transactions, snap.daily_state]).toEqual([1, 1, 2, 1]);
      expect(snap.state).toMatchObject({ last_day: MAR_1, streak: 1, longest: 1, claims: 1 });
      expect(ctx.seen.filter((e) => e.name === 'daily.claimed')).toHaveLength(1);
      expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    });

    it('50 simultaneous claims on day 7 of a streak: one pays 20 + 14, the streak moves once', async () => {
      await setDailyState(ctx.storage, 501, { lastDay: MAR_1 - 1, streak: 6, longest: 6 });
      const { paid, refused } = await settle(Array.from({ length: 50 }, () => ctx.daily.claim(501)));
      expect(paid.map((c) => [c.streak, c.base, c.bonus, c.balance])).toEqual([[7, 20, 14, 34]]);
      expect(refused).toEqual({ ALREADY_CLAIMED: 49 });
      expect(await dailyRow(ctx.storage, 501)).toMatchObject({ last_day: MAR_1, streak: 7, longest: 7, claims: 7 });
      expect((await movements(ctx.storage, 501)).map((r) => [r.type, r.amount])).toEqual([
        ['EARN_DAILY', 20],
        ['EARN_STREAK', 14],
      ]);
      expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    });

    it('50 members claiming at once each get paid once', async () => {
      const ids = Array.from({ length: 50 }, (_, i) => 600 + i);
      const { paid, refused } = await settle([...ids, ...ids].map((id) => ctx.daily.claim(id)));
      expect(paid.map((c) => c.memberId).sort((a, b) => a - b)).toEqual(ids);
      expect(refused).toEqual({ ALREADY_CLAIMED: 50 });
      const snap = await snapshotOf(ctx.storage, 600);
      expect([snap.members, snap.profiles, snap.transactions, snap.daily_state]).toEqual([50, 50, 100, 50]);
      expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    });
  });
}
