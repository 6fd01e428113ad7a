/**
 * The daily gift and its streak (SPEC §4) on both databases, with exact numbers and times.
 */
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../src/core/economy-day.js';
import { formatWait } from '../../../src/core/daily/format-wait.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { testDialects } from '../../helpers/dialects.js';
import { refusal } from '../../helpers/ledger-fixtures.js';
import { balanceOf, dailyRow, movements, setDailyState, snapshotOf, useDaily } from './daily-fixture.js';

const t = (iso: string) => Date.parse(iso);
/** 2025-03-01 as an economy day number in UTC (and in any zone: days count the local calendar). */
const MAR_1 = 20148;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const M = 4242;

for (const dialect of testDialects()) {
  describe(`daily gift (${dialect.name})`, () => {
    const ctx = useDaily(dialect, '2025-03-01T00:06:00Z');
    const verifyOk = async () => expect((await verifyLedger(ctx.storage)).violations).toEqual([]);

    it('a member never seen claims: member and profile created, 20 EARN_DAILY + 2 EARN_STREAK, events after commit', async () => {
      const claim = await ctx.daily.claim(M);
      expect(claim).toEqual({
        memberId: M,
        day: MAR_1,
        date: '2025-03-01',
        streak: 1,
        longest: 1,
        base: 20,
        bonus: 2,
        total: 22,
        transactionIds: [expect.any(Number), expect.any(Number)],
        balance: 22,
        nextClaimAt: t('2025-03-02T00:00:00Z'),
      });
      const [dailyId, streakId] = claim.transactionIds;
      expect(await movements(ctx.storage, M)).toEqual([
        { id: dailyId, type: 'EARN_DAILY', amount: 20, idempotency_key: `daily:${MAR_1}`, balance_after: 20, created_at: ctx.clock.now(), metadata: '{"day":"2025-03-01","streak":1}' },
        { id: streakId, type: 'EARN_STREAK', amount: 2, idempotency_key: `streak:${MAR_1}`, balance_after: 22, created_at: ctx.clock.now(), metadata: '{"day":"2025-03-01","streak":1}' },
      ]);
      expect(await dailyRow(ctx.storage, M)).toEqual({ member_id: M, last_day: MAR_1, streak: 1, longest: 1, claims: 1, last_claimed_at: ctx.clock.now() });
      const snap = await snapshotOf(ctx.storage, M);
      expect([snap.members, snap.profiles, snap.transactions, snap.daily_state]).toEqual([1, 1, 2, 1]);
      expect(snap.profile).toMatchObject({ balance: 22, total_earned: 22, total_spent: 0, level: 1 });
      const at = ctx.clock.now();
      expect(ctx.seen).toEqual([
        { name: 'movement.applied', event: { memberId: M, transactionId: dailyId, type: 'EARN_DAILY', amount: 20, balance: 20, totalEarned: 20, totalSpent: 0, at } },
        { name: 'movement.applied', event: { memberId: M, transactionId: streakId, type: 'EARN_STREAK', amount: 2, balance: 22, totalEarned: 22, totalSpent: 0, at } },
        { name: 'daily.claimed', event: { memberId: M, day: MAR_1, streak: 1, base: 20, bonus: 2, at } },
      ]);
      await verifyOk();
    });

    it('a second claim the same day: ALREADY_CLAIMED with the exact wait ("23 h 54 min" at 00:06), nothing changes', async () => {
      await ctx.daily.claim(M);
      const before = await snapshotOf(ctx.storage, M);
      ctx.seen.length = 0;

      const err = await refusal(ctx.daily.claim(M), 'ALREADY_CLAIMED');
      expect(err.details).toEqual({ what: 'daily', nextClaimAt: t('2025-03-02T00:00:00Z'), secondsLeft: 86_040, streak: 1 });
      expect(formatWait((err.details as { secondsLeft: number }).secondsLeft * 1000, 'es')).toBe('23 h 54 min');
      expect(err.message).toBe('the daily gift was already claimed today; the next one opens in 23 h 54 min');

      // Half a minute later the wait rounds up to the same minute; the last half second is "1 min".
      ctx.clock.set('2025-03-01T00:06:30Z');
      expect((await refusal(ctx.daily.claim(M), 'ALREADY_CLAIMED')).details).toMatchObject({ secondsLeft: 86_010 });
      ctx.clock.set('2025-03-01T23:59:59.500Z');
      const last = await refusal(ctx.daily.claim(M), 'ALREADY_CLAIMED');
      expect(last.details).toEqual({ what: 'daily', nextClaimAt: t('2025-03-02T00:00:00Z'), secondsLeft: 1, streak: 1 });
      expect(last.message).toMatch(/opens in 1 min$/);

      expect(await snapshotOf(ctx.storage, M)).toEqual(before);
      expect(ctx.seen).toEqual([]);

      // At the boundary it opens again.
      ctx.clock.set('2025-03-02T00:00:00Z');
      expect(await ctx.daily.claim(M)).toMatchObject({ day: MAR_1 + 1, streak: 2, base: 20, bonus: 4, total: 24, balance: 46 });
      await verifyOk();
    });

    it('the streak grows by one a day: 20+2, 20+4, … 20+14 on day 7; balance 196', async () => {
      const totals: Array<[number, number, number]> = [];
      for (let i = 0; i < 7; i++) {
        ctx.clock.set(t('2025-03-01T10:00:00Z') + i * DAY);
        const c = await ctx.daily.claim(M);
        totals.push([c.streak, c.bonus, c.balance]);
      }
      expect(totals).toEqual([
        [1, 2, 22],
        [2, 4, 46],
        [3, 6, 72],
        [4, 8, 100],
        [5, 10, 130],
        [6, 12, 162],
        [7, 14, 196],
      ]);
      expect(await dailyRow(ctx.storage, M)).toMatchObject({ last_day: MAR_1 + 6, streak: 7, longest: 7, claims: 7 });
      expect((await movements(ctx.storage, M)).length).toBe(14);
      // 100 lifetime besitos on day 4 reached level 2 (sqrt preset) inside the claim.
      expect(ctx.seen.filter((e) => e.name === 'level.changed').map((e) => e.event)).toEqual([
        { memberId: M, from: 1, to: 2, at: t('2025-03-04T10:00:00Z') },
      ]);
      await verifyOk();
    });

    it('the bonus is capped at 50: streak 24 → 20+48, 25 → 20+50, 26 → 20+50, 101 → 20+50', async () => {
      await setDailyState(ctx.storage, M, { lastDay: MAR_1 - 1, streak: 23, longest: 23 });
      const seen: Array<[number, number, number]> = [];
      for (let i = 0; i < 3; i++) {
        ctx.clock.set(t('2025-03-01T12:00:00Z') + i * DAY);
        const c = await ctx.daily.claim(M);
        seen.push([c.streak, c.bonus, c.total]);
      }
      expect(seen).toEqual([
        [24, 48, 68],
        [25, 50, 70],
        [26, 50, 70],
      ]);
      await setDailyState(ctx.storage, 77, { lastDay: MAR_1 + 1, streak: 100, longest: 100 });
      expect(await ctx.daily.claim(77)).toMatchObject({ streak: 101, longest: 101, base: 20, bonus: 50, total: 70, balance: 70 });
      expect(await balanceOf(ctx.storage, M)).toBe(68 + 70 + 70);
      await verifyOk();
    });

    it('a missed day restarts the streak at 1 (20+2) and keeps the longest', async () => {
      for (const day of ['01', '02', '03']) {
        ctx.clock.set(`2025-03-${day}T09:00:00Z`);
        await ctx.daily.claim(M);
      }
      ctx.clock.set('2025-03-05T09:00:00Z'); // nothing on the 4th
      expect(await ctx.daily.claim(M)).toMatchObject({ day: MAR_1 + 4, streak: 1, longest: 3, base: 20, bonus: 2, total: 22, balance: 22 + 24 + 26 + 22 });
      expect(await dailyRow(ctx.storage, M)).toMatchObject({ last_day: MAR_1 + 4, streak: 1, longest: 3, claims: 4 });
      ctx.clock.set('2025-03-06T09:00:00Z');
      expect(await ctx.daily.claim(M)).toMatchObject({ streak: 2, longest: 3, bonus: 4 });
      await verifyOk();
    });

    it('status: effective streak on read, 0 once a whole day was missed with no job; a stranger reads as new', async () => {
      expect(await ctx.daily.status(M)).toEqual({
        memberId: M,
        canClaim: true,
        streak: 0,
        longest: 0,
        lastDay: null,
        nextClaimAt: t('2025-03-01T00:06:00Z'),
        nextGift: { base: 20, bonus: 2 },
      });
      expect((await snapshotOf(ctx.storage, M)).members).toBe(0);

      ctx.clock.set('2025-03-01T08:00:00Z');
      await ctx.daily.claim(M);
      ctx.clock.set('2025-03-02T08:00:00Z');
      await ctx.daily.claim(M);
      ctx.clock.set('2025-03-02T20:00:00Z');
      expect(await ctx.daily.status(M)).toEqual({
        memberId: M,
        canClaim: false,
        streak: 2,
        longest: 2,
        lastDay: MAR_1 + 1,
        nextClaimAt: t('2025-03-03T00:00:00Z'),
        nextGift: { base: 20, bonus: 6 },
      });
      // The 3rd, not claimed yet: the streak is still alive and claimable.
      ctx.clock.set('2025-03-03T23:59:59Z');
      expect(await ctx.daily.status(M)).toEqual({
        memberId: M,
        canClaim: true,
        streak: 2,
        longest: 2,
        lastDay: MAR_1 + 1,
        nextClaimAt: t('2025-03-03T23:59:59Z'),
        nextGift: { base: 20, bonus: 6 },
      });
      // The 4th: the whole 3rd was missed. No job ran; the stored row still says 2.
      ctx.clock.set('2025-03-04T00:00:00Z');
      expect(await ctx.daily.status(M)).toEqual({
        memberId: M,
        canClaim: true,
        streak: 0,
        longest: 2,
        lastDay: MAR_1 + 1,
        nextClaimAt: t('2025-03-04T00:00:00Z'),
        nextGift: { base: 20, bonus: 2 },
      });
      expect(await dailyRow(ctx.storage, M)).toMatchObject({ streak: 2, longest: 2 });
    });

    it('the configured numbers are paid: base 30, 3 a day, cap 10', async () => {
      await ctx.set('daily.base', 30);
      await ctx.set('daily.bonus_per_day', 3);
      await ctx.set('daily.bonus_cap', 10);
      expect((await ctx.daily.status(M)).nextGift).toEqual({ base: 30, bonus: 3 });
      const seen: Array<[number, number, number]> = [];
      for (let i = 0; i < 4; i++) {
        ctx.clock.set(t('2025-03-01T12:00:00Z') + i * DAY);
        const c = await ctx.daily.claim(M);
        seen.push([c.base, c.bonus, c.total]);
      }
      expect(seen).toEqual([
        [30, 3, 33],
        [30, 6, 36],
        [30, 9, 39],
        [30, 10, 40],
      ]);
      expect((await movements(ctx.storage, M)).map((r) => [r.type, r.amount])).toEqual([
        ['EARN_DAILY', 30], ['EARN_STREAK', 3],
        ['EARN_DAILY', 30], ['EARN_STREAK', 6],
        ['EARN_DAILY', 30], ['EARN_STREAK', 9],
        ['EARN_DAILY', 30], ['EARN_STREAK', 10],
      ]);
      expect(await balanceOf(ctx.storage, M)).toBe(148);
      await verifyOk();
    });

    it('a bonus of 0 writes no EARN_STREAK row (per day 0, or cap 0)', async () => {
      await ctx.set('daily.bonus_per_day', 0);
      const first = await ctx.daily.claim(M);
      expect(first).toMatchObject({ streak: 1, base: 20, bonus: 0, total: 20, balance: 20 });
      expect(first.transactionIds).toHaveLength(1);
      expect(ctx.seen.map((e) => e.name)).toEqual(['movement.applied', 'daily.claimed']);

      await ctx.set('daily.bonus_per_day', 2);
      await ctx.set('daily.bonus_cap', 0);
      ctx.clock.set('2025-03-02T00:06:00Z');
      expect(await ctx.daily.claim(M)).toMatchObject({ streak: 2, bonus: 0, total: 20, balance: 40 });
      expect((await movements(ctx.storage, M)).map((r) => r.type)).toEqual(['EARN_DAILY', 'EARN_DAILY']);
      await verifyOk();
    });

    it('Europe/Madrid: the day turns at local midnight (23:00 UTC in winter)', async () => {
      await ctx.set('economy.timezone', 'Europe/Madrid');
      ctx.clock.set('2025-03-01T22:50:00Z'); // 23:50 on the 1st in Madrid
      expect(await ctx.daily.claim(M)).toMatchObject({ day: MAR_1, date: '2025-03-01', streak: 1, nextClaimAt: t('2025-03-01T23:00:00Z') });
      ctx.clock.set('2025-03-01T23:05:00Z'); // 00:05 on the 2nd in Madrid, still the 1st in UTC
      expect(await ctx.daily.claim(M)).toMatchObject({ day: MAR_1 + 1, date: '2025-03-02', streak: 2, bonus: 4 });
      ctx.clock.set('2025-03-02T22:30:00Z'); // 23:30 on the 2nd in Madrid
      const err = await refusal(ctx.daily.claim(M), 'ALREADY_CLAIMED');
      expect(err.details).toEqual({ what: 'daily', nextClaimAt: t('2025-03-02T23:00:00Z'), secondsLeft: 1800, streak: 2 });
      expect(err.message).toMatch(/opens in 30 min$/);
      await verifyOk();
    });

    it('across the 23-hour day (Madrid, 30 March 2025): 23:30 and 00:10 the next day are consecutive; the wait at 00:06 is 22 h 54 min', async () => {
      await ctx.set('economy.timezone', 'Europe/Madrid');
      // 00:06 CET on the 30th; clocks jump from 02:00 to 03:00, so the day has 23 hours.
      ctx.clock.set('2025-03-29T23:06:00Z');
      expect(dayNumber(ctx.clock.now(), 'Europe/Madrid')).toBe(20177);
      await ctx.daily.claim(99);
      const wait = await refusal(ctx.daily.claim(99), 'ALREADY_CLAIMED');
      expect(wait.details).toEqual({ what: 'daily', nextClaimAt: t('2025-03-30T22:00:00Z'), secondsLeft: 22 * 3600 + 54 * 60, streak: 1 });
      expect(wait.message).toMatch(/opens in 22 h 54 min$/);

      ctx.clock.set('2025-03-30T21:30:00Z'); // 23:30 CEST on the 30th
      expect(await ctx.daily.claim(M)).toMatchObject({ day: 20177, date: '2025-03-30', streak: 1, nextClaimAt: t('2025-03-30T22:00:00Z') });
      ctx.clock.set('2025-03-30T22:10:00Z'); // 00:10 CEST on the 31st
      expect(await ctx.daily.claim(M)).toMatchObject({ day: 20178, date: '2025-03-31', streak: 2, bonus: 4, total: 24, balance: 46 });
      await verifyOk();
    });

    it('across the 25-hour day (Madrid, 26 October 2025): the wait at 00:06 is 24 h 54 min', async () => {
      await ctx.set('economy.timezone', 'Europe/Madrid');
      ctx.clock.set('2025-10-25T22:06:00Z'); // 00:06 CEST on the 26th
      expect(await ctx.daily.claim(M)).toMatchObject({ day: 20387, nextClaimAt: t('2025-10-26T23:00:00Z') });
      const err = await refusal(ctx.daily.claim(M), 'ALREADY_CLAIMED');
      expect(err.details).toMatchObject({ secondsLeft: 24 * 3600 + 54 * 60 });
      expect(formatWait((err.details as { secondsLeft: number }).secondsLeft * 1000, 'en')).toBe('24 h 54 min');
      ctx.clock.set('2025-10-26T23:00:00Z'); // 00:00 CET on the 27th
      expect(await ctx.daily.claim(M)).toMatchObject({ day: 20388, streak: 2 });
    });

    it('bad member ids are refused before anything is written', async () => {
      for (const bad of [0, -1, 1.5, '5', null, Number.MAX_SAFE_INTEGER + 1] as unknown[]) {
        await refusal(ctx.daily.claim(bad as number), 'INVALID_INPUT');
        await refusal(ctx.daily.status(bad as number), 'INVALID_INPUT');
      }
      expect(await snapshotOf(ctx.storage, M)).toMatchObject({ members: 0, profiles: 0, transactions: 0, daily_state: 0 });
    });

    it('a failure after the state change rolls the whole claim back (the bonus would overflow the balance)', async () => {
      const max = Number.MAX_SAFE_INTEGER;
      await setDailyState(ctx.storage, M, { lastDay: MAR_1 - 1, streak: 4, longest: 9 });
      await ctx.storage.db
        .insertInto('profiles')
        .values({ member_id: M, balance: max - 25, total_earned: 0, total_spent: 0, level: 1, next_level_at: 100, created_at: 0, updated_at: 0 })
        .execute();
      const before = await snapshotOf(ctx.storage, M);
      // The base (20) fits, the bonus (10) does not: neither is paid, the streak stays.
      const err = await refusal(ctx.daily.claim(M), 'BALANCE_OVERFLOW');
      expect(err.details).toEqual({ balance: max - 5, amount: 10 });
      expect(await snapshotOf(ctx.storage, M)).toEqual(before);
      expect(before.state).toMatchObject({ last_day: MAR_1 - 1, streak: 4, longest: 9 });
      expect(ctx.seen).toEqual([]);
    });

    it('a payment of the day already in the ledger (state row removed by hand) is refused, not paid twice', async () => {
      await ctx.daily.claim(M);
      await ctx.storage.db.deleteFrom('daily_state').where('member_id', '=', M).execute();
      const before = await snapshotOf(ctx.storage, M);
      const err = await refusal(ctx.daily.claim(M), 'ALREADY_CLAIMED');
      expect(err.details).toMatchObject({ nextClaimAt: t('2025-03-02T00:00:00Z'), secondsLeft: 86_040 });
      expect(await snapshotOf(ctx.storage, M)).toEqual(before);
      expect(await balanceOf(ctx.storage, M)).toBe(22);
      await verifyOk();
    });
  });
}
