/**
 * Metrics (SPEC §8) on a small community whose every number is computed by hand below.
 * Windows: active members count movements at or after the start of the minute N × 24 h
 * before now, and at or before now (a movement exactly 7 days ago is active over 7 days; 1 ms
 * earlier, in the minute before, is not).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createEconomy, type Economy } from '../../../src/core/engine.js';
import type { TransactionType } from '../../../src/core/ledger/transaction-types.js';
import { TRANSACTION_TYPES } from '../../../src/core/ledger/transaction-types.js';
import { gini, median } from '../../../src/core/metrics/metrics.js';
import type { DayMovements } from '../../../src/core/metrics/metrics-types.js';
import type { Storage } from '../../../src/storage/connect.js';
import { migratedStorage, testDialects } from '../../helpers/dialects.js';

const NOW = '2026-03-20T12:00:00.000Z';

/**
 * Member 1 (@ana): +100 EARN_ADMIN 40 days ago (inactive over 30 days).
 * Member 4: +10 EARN_REACTION 2026-03-09T04:30Z (00:30 in New York, a day after DST began),
 *   +10 EARN_DAILY 1 ms before "7 days ago".
 * Member 2 (Bruno): +50 EARN_DAILY exactly 7 days ago.
 * Member 3 (@carla): +300 EARN_REACTION 03-17, −120 SPEND_SHOP 03-18, refunded
 *   2026-03-19T02:00Z (still 03-18 in New York), −30 SPEND_ADMIN now.
 * Member 5: registered, no profile.
 * Balances 100, 50, 270, 20 → circulation 440 (earned 470 − spent 30), sorted [20, 50, 100, 270].
 */
async function seed(economy: Economy, clock: ManualClock): Promise<void> {
  clock.set('2026-02-08T12:00:00Z');
  await economy.membership.register({ id: 1, username: 'ana', firstName: 'Ana' });
  await economy.ledger.credit({ memberId: 1, amount: 100 });
  clock.set('2026-03-09T04:30:00Z');
  await economy.ledger.credit({ memberId: 4, amount: 10, type: 'EARN_REACTION' });
  clock.set('2026-03-13T11:59:59.999Z');
  await economy.ledger.credit({ memberId: 4, amount: 10, type: 'EARN_DAILY' });
  clock.set('2026-03-13T12:00:00Z');
  await economy.membership.register({ id: 2, firstName: 'Bruno' });
  await economy.ledger.credit({ memberId: 2, amount: 50, type: 'EARN_DAILY' });
  clock.set('2026-03-17T12:00:00Z');
  await economy.membership.register({ id: 3, username: 'carla', firstName: 'Carla' });
  await economy.ledger.credit({ memberId: 3, amount: 300, type: 'EARN_REACTION' });
  clock.set('2026-03-18T12:00:00Z');
  const spend = await economy.ledger.spend({ memberId: 3, amount: 120, type: 'SPEND_SHOP' });
  clock.set('2026-03-19T02:00:00Z');
  await economy.ledger.refund({ memberId: 3, transactionId: spend.transaction.id });
  clock.set(NOW);
  await economy.ledger.spend({ memberId: 3, amount: 30, type: 'SPEND_ADMIN' });
  await economy.membership.register({ id: 5, firstName: 'Eva' });
}

/** The metrics after a refresh of the rollups (what the jobs do every leaderboard.refresh_seconds). */
async function fresh(economy: Economy, options?: { days?: number }) {
  await economy.stats.refresh();
  return economy.metrics(options);
}

/** A day with nothing, then the given type tallies added (faucets/sinks/refunds by hand). */
function day(label: string, extra: Partial<Omit<DayMovements, 'day' | 'byType'>> = {}, types: Partial<Record<TransactionType, [number, number]>> = {}): DayMovements {
  const byType = Object.fromEntries(TRANSACTION_TYPES.map((t) => [t, { count: 0, amount: 0 }])) as DayMovements['byType'];
  for (const [t, [count, amount]] of Object.entries(types) as Array<[TransactionType, [number, number]]>) byType[t] = { count, amount };
  return { day: label, faucets: 0, sinks: 0, refunds: 0, movements: 0, ...extra, byType };
}

/** `YYYY-MM-DD` for March 2026 day `d`. */
const march = (d: number) => `2026-03-${String(d).padStart(2, '0')}`;

describe('median and gini (pure)', () => {
  it('median: odd and even counts, nobody, and no overflow near 2^53', () => {
    expect(median([])).toBe(0);
    expect(median([7])).toBe(7);
    expect(median([10, 20, 30])).toBe(20);
    expect(median([1, 2, 3, 10])).toBe(2.5);
    const big = Number.MAX_SAFE_INTEGER;
    expect(median([big - 2, big])).toBe(big - 1);
  });

  it('gini: [0,0,0,100] → 0.75, all equal → 0, nothing held → 0, [10,20,30] → 2/9', () => {
    expect(gini([0, 0, 0, 100])).toBe(0.75);
    expect(gini([5, 5, 5])).toBe(0);
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
    expect(gini([0, 100])).toBe(0.5);
    expect(gini([10, 20, 30])).toBeCloseTo(2 / 9, 12);
    // Exact sums for huge balances: one member holds everything → (n − 1) / n.
    expect(gini([0, 0, 0, Number.MAX_SAFE_INTEGER])).toBe(0.75);
  });
});

for (const dialect of testDialects()) {
  describe(`economy.metrics (${dialect.name})`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    let clock: ManualClock;
    let economy: Economy;
    const others: Economy[] = [];

    // A fresh database per test: the engine's reward listener writes rows of its own.
    beforeEach(async () => {
      ({ storage, cleanup } = await migratedStorage(dialect));
      clock = new ManualClock('2026-01-01T00:00:00Z');
      economy = createEconomy({ storage, clock });
    });
    afterEach(async () => {
      for (const e of others.splice(0)) await e.close();
      await economy.close();
      await cleanup();
    });

    it('every figure of a small community (UTC economy days)', async () => {
      await seed(economy, clock);
      expect((await economy.metrics()).asOf).toBeNull(); // nothing before the first refresh
      const m = await fresh(economy);
      expect(m.at).toEqual(new Date(NOW));
      expect(m.asOf).toEqual(new Date(NOW));
      expect(m.timezone).toBe('UTC');
      expect(m.circulation).toBe(440);
      expect(m.totalEarned).toBe(470);
      expect(m.totalSpent).toBe(30);
      expect(m.members).toBe(5);
      expect(m.profiles).toBe(4);
      expect(m.transactions).toBe(8);
      // 7 d: member 2 (exactly 7 days ago) and 3; member 4's last one is 1 ms too old.
      expect(m.active7d).toBe(2);
      // 30 d: members 2, 3, 4; member 1 moved 40 days ago.
      expect(m.active30d).toBe(3);
      expect(m.meanBalance).toBe(110);
      expect(m.medianBalance).toBe(75); // (50 + 100) / 2
      // Sorted [20, 50, 100, 270]: (2 × 1500 − 5 × 440) / (4 × 440) = 800 / 1760 = 5/11.
      expect(m.gini).toBeCloseTo(5 / 11, 12);
      // sqrt preset: 100 earned → level 2, 300 → 2, 50 and 20 → 1.
      expect(m.levels).toEqual([
        { level: 1, members: 2 },
        { level: 2, members: 2 },
      ]);
      expect(m.topHolders).toEqual([
        { memberId: 3, balance: 270, level: 2, username: 'carla', firstName: 'Carla' },
        { memberId: 1, balance: 100, level: 2, username: 'ana', firstName: 'Ana' },
        { memberId: 2, balance: 50, level: 1, username: null, firstName: 'Bruno' },
        { memberId: 4, balance: 20, level: 1, username: null, firstName: null },
      ]);

      const mv = m.movements;
      expect({ days: mv.days, from: mv.from, to: mv.to }).toEqual({ days: 14, from: march(7), to: march(20) });
      expect(mv.totals).toEqual({ faucets: 370, sinks: 150, refunds: 120, movements: 7 });
      const expected = Array.from({ length: 14 }, (_, i) => day(march(7 + i)));
      expected[2] = day(march(9), { faucets: 10, movements: 1 }, { EARN_REACTION: [1, 10] });
      expected[6] = day(march(13), { faucets: 60, movements: 2 }, { EARN_DAILY: [2, 60] });
      expected[10] = day(march(17), { faucets: 300, movements: 1 }, { EARN_REACTION: [1, 300] });
      expected[11] = day(march(18), { sinks: 120, movements: 1 }, { SPEND_SHOP: [1, 120] });
      expected[12] = day(march(19), { refunds: 120, movements: 1 }, { REFUND_SHOP: [1, 120] });
      expected[13] = day(march(20), { sinks: 30, movements: 1 }, { SPEND_ADMIN: [1, 30] });
      expect(mv.perDay).toEqual(expected);
    });

    it('economy days follow the configured time zone, across a DST change (America/New_York)', async () => {
      await seed(economy, clock);
      await economy.settings.set('economy.timezone', 'America/New_York', 'test');
      const m = await fresh(economy, { days: 14 });
      expect(m.timezone).toBe('America/New_York');
      // Now is 08:00 EDT on 03-20; 2026-03-08 had 23 hours.
      expect({ from: m.movements.from, to: m.movements.to }).toEqual({ from: march(7), to: march(20) });
      const busy = m.movements.perDay.filter((d) => d.movements > 0).map((d) => [d.day, d.faucets, d.sinks, d.refunds, d.movements]);
      expect(busy).toEqual([
        [march(9), 10, 0, 0, 1], // 04:30Z is 00:30 EDT: after DST the day starts at 04:00Z, not 05:00Z
        [march(13), 60, 0, 0, 2],
        [march(17), 300, 0, 0, 1],
        [march(18), 0, 120, 120, 2], // the refund at 02:00Z is 22:00 on 03-18 in New York
        [march(20), 0, 30, 0, 1],
      ]);
      expect(m.movements.totals).toEqual({ faucets: 370, sinks: 150, refunds: 120, movements: 7 });
      // Rolling windows do not depend on the zone.
      expect([m.active7d, m.active30d]).toEqual([2, 3]);
    });

    it('windows end at the clock: movements after now are left out; days: 1 is today only', async () => {
      await seed(economy, clock);
      const earlier = createEconomy({ storage, clock: new ManualClock('2026-03-19T12:00:00Z') });
      others.push(earlier);
      const m = await fresh(earlier, { days: 2 });
      expect(m.movements.perDay).toEqual([
        day(march(18), { sinks: 120, movements: 1 }, { SPEND_SHOP: [1, 120] }),
        day(march(19), { refunds: 120, movements: 1 }, { REFUND_SHOP: [1, 120] }),
      ]);
      // [03-12 12:00, 03-19 12:00]: members 2, 3 and 4 (at 03-13 11:59:59.999).
      expect(m.active7d).toBe(3);
      // Balances are the current state, whatever the clock.
      expect(m.circulation).toBe(440);

      const today = await fresh(economy, { days: 1 });
      expect(today.movements).toEqual({
        days: 1,
        from: march(20),
        to: march(20),
        perDay: [day(march(20), { sinks: 30, movements: 1 }, { SPEND_ADMIN: [1, 30] })],
        totals: { faucets: 0, sinks: 30, refunds: 0, movements: 1 },
      });
    });

    it('[0, 0, 0, 100] gives Gini 0.75 (ties in top holders by member id); all equal gives 0', async () => {
      clock.set(NOW);
      for (const id of [13, 11, 12]) {
        await economy.ledger.credit({ memberId: id, amount: 10 });
        await economy.ledger.spend({ memberId: id, amount: 10 });
      }
      await economy.ledger.credit({ memberId: 14, amount: 100 });
      let m = await fresh(economy);
      expect(m.gini).toBe(0.75);
      expect([m.meanBalance, m.medianBalance]).toEqual([25, 0]);
      expect(m.topHolders.map((h) => [h.memberId, h.balance])).toEqual([
        [14, 100],
        [11, 0],
        [12, 0],
        [13, 0],
      ]);
      for (const id of [11, 12, 13]) await economy.ledger.credit({ memberId: id, amount: 100 });
      m = await fresh(economy);
      expect(m.gini).toBe(0);
      expect([m.meanBalance, m.medianBalance]).toEqual([100, 100]);
      // Odd count, fractional mean: 100 × 4 + 1 over 5 profiles.
      await economy.ledger.credit({ memberId: 15, amount: 1 });
      m = await fresh(economy);
      expect([m.meanBalance, m.medianBalance]).toEqual([80.2, 100]);
    });

    it('levels follow a formula change at the next refresh with nothing new, as the profiles do', async () => {
      await seed(economy, clock);
      await fresh(economy);
      await economy.levels.setFormula({ kind: 'linear', step: 100 }, 'test');
      const m = await fresh(economy);
      // Lifetime earnings 100, 50, 300, 20 → levels 2, 1, 4, 1 under floor(earned / 100) + 1.
      expect(m.levels).toEqual([
        { level: 1, members: 2 },
        { level: 2, members: 1 },
        { level: 4, members: 1 },
      ]);
      const cached = await storage.db.selectFrom('profiles').select((eb) => ['level', eb.fn.countAll<number>().as('n')]).groupBy('level').orderBy('level').execute();
      expect(m.levels).toEqual(cached.map((r) => ({ level: Number(r.level), members: Number(r.n) })));
    });

    it('active windows count whole minutes: from the start of the minute 7 × 24 h before asOf', async () => {
      await seed(economy, clock);
      clock.advance(45_000); // asOf 12:00:45: 7 days before is 03-13 12:00:45, its minute starts at 12:00:00
      const m = await fresh(economy);
      // Member 2 (03-13 12:00:00, 45 s before the exact cutoff) counts; member 4 (11:59:59.999) does not.
      expect(m.active7d).toBe(2);
      clock.advance(15_000); // asOf 12:01:00: the window starts at 03-13 12:01:00
      expect((await fresh(economy)).active7d).toBe(1);
    });

    it("top holders carry their names as they are now, also when no movement came since the refresh", async () => {
      await economy.ledger.credit({ memberId: 2, amount: 1, type: 'EARN_REACTION' });
      await economy.stats.refresh();
      expect((await economy.metrics()).topHolders).toEqual([{ memberId: 2, balance: 1, level: 1, username: null, firstName: null }]);
      // A name, and no movement: the next refresh keeps its snapshot, the names are read anew.
      await economy.membership.register({ id: 2, firstName: 'Marta', username: 'marta' });
      await economy.stats.refresh();
      expect((await economy.metrics()).topHolders).toEqual([{ memberId: 2, balance: 1, level: 1, username: 'marta', firstName: 'Marta' }]);
    });

    it('an empty economy is all zeros', async () => {
      clock.set(NOW);
      const m = await fresh(economy);
      expect(m).toMatchObject({
        circulation: 0,
        totalEarned: 0,
        totalSpent: 0,
        members: 0,
        profiles: 0,
        transactions: 0,
        active7d: 0,
        active30d: 0,
        meanBalance: 0,
        medianBalance: 0,
        gini: 0,
        levels: [],
        topHolders: [],
      });
      expect(m.movements.perDay).toHaveLength(14);
      expect(m.movements.totals).toEqual({ faucets: 0, sinks: 0, refunds: 0, movements: 0 });
    });

    it('refuses days outside 1 to 366 (INVALID_INPUT, field days)', async () => {
      for (const days of [0, 367, 1.5, -3, '7', Number.NaN]) {
        await expect(economy.metrics({ days: days as number }), String(days)).rejects.toMatchObject({ code: 'INVALID_INPUT', details: { field: 'days' } });
      }
      expect((await fresh(economy, { days: 366 })).movements.perDay).toHaveLength(366);
    });
  });
}
