/**
 * The top holders' table (core/stats/distributions.ts) on both databases: filled once, kept
 * by the rollups as balances move, trimmed past its cap, refilled when the top holders spent
 * below its boundary; ties at the boundary go by member id. And 0016's up fills the counts
 * of a database that already had rollups.
 */
import { describe, expect, it } from 'vitest';
import { keepTopHolders, readTopBoundary, type TopTracking } from '../../../src/core/stats/distributions.js';
import { catchUp } from '../../../src/core/stats/rollup.js';
import { migrationsFor } from '../../../src/storage/migrations/index.js';
import { testDialects } from '../../helpers/dialects.js';
import { expectDistributionsOfTotals } from '../../helpers/distributions.js';
import { useEngine, type EngineFixture } from '../../helpers/engine-fixture.js';

const TZ = 'UTC';
const TRACKING: TopTracking = { keep: 10, cap: 14 };

for (const dialect of testDialects()) {
  describe(`the metrics' distributions (${dialect.name})`, () => {
    const fx = useEngine(dialect);
    const refresh = async (f: EngineFixture) => {
      await catchUp({ storage: f.storage, now: () => f.clock.now(), sizing: { rows: 5, maxRows: 5, targetMs: 8 }, between: async () => {} }, TZ);
      const kept = await keepTopHolders(f.storage, TRACKING, f.clock.now());
      await expectDistributionsOfTotals(f.storage);
      return kept;
    };

    it('fills, keeps, trims and refills the top holders', async () => {
      // 12 members with 10, 20, … 120: fewer than `keep` + cap margin, all tracked.
      for (let i = 1; i <= 12; i++) await fx.ledger.credit({ memberId: i, amount: i * 10, type: 'EARN_ADMIN' });
      expect(await refresh(fx)).toBe('refilled');
      expect(await readTopBoundary(fx.storage.db)).toEqual({ balance: 30, member: 3 });
      expect(await refresh(fx)).toBe('kept');
      // Five newcomers above the boundary (two tied at 500: by member id), one below it: 15 tracked > cap.
      for (const [memberId, amount] of [[20, 500], [21, 500], [22, 400], [23, 300], [24, 200], [25, 5]] as const) await fx.ledger.credit({ memberId, amount, type: 'EARN_ADMIN' });
      expect(await refresh(fx)).toBe('trimmed');
      expect(await readTopBoundary(fx.storage.db)).toEqual({ balance: 80, member: 8 });
      // The richest spend below the boundary: 4 left tracked, refilled from the totals.
      for (const memberId of [20, 21, 22, 23, 12, 11]) await fx.ledger.spend({ memberId, amount: await fx.ledger.balance(memberId) });
      expect(await refresh(fx)).toBe('refilled');
      expect(await readTopBoundary(fx.storage.db)).toEqual({ balance: 20, member: 2 });
    });

    it('0016 up fills the counts of rollups made before it', async () => {
      for (let i = 1; i <= 6; i++) {
        await fx.ledger.credit({ memberId: i, amount: (i % 3) * 10 + 5, type: 'EARN_DAILY' });
        fx.clock.advance(90_000);
      }
      await refresh(fx);
      const migration = migrationsFor(fx.storage.dialect)['0016-metrics-distributions']!;
      await migration.down!(fx.storage.db);
      await migration.up(fx.storage.db);
      expect(await readTopBoundary(fx.storage.db)).toBeNull();
      await expectDistributionsOfTotals(fx.storage);
      // More movements after the fill: members leave the buckets 0016 counted them in.
      for (let i = 1; i <= 6; i++) await fx.ledger.credit({ memberId: i, amount: 1, type: 'EARN_DAILY' });
      expect(await refresh(fx)).toBe('refilled');
    });
  });
}
