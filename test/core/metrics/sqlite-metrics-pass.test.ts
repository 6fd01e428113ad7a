/**
 * The metrics' key-range walks (sqlite-metrics-pass.ts) against the figures worked out from
 * the balances by hand, with many equal balances (ties in the top holders go to the lowest
 * member id; the median and Gini over repeated values), members without a profile and
 * ranges from one row up: every range edge falls somewhere else (SQLite: only its refresh
 * walks; PostgreSQL keeps one statement per figure).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createEconomy } from '../../../src/core/engine.js';
import { balancePass, levelPass, memberCountPass } from '../../../src/core/metrics/sqlite-metrics-pass.js';
import { sqliteReads } from '../../../src/storage/sqlite-range-reads.js';
import { groupedGini, groupedMedian } from '../../../src/core/metrics/metrics-snapshot.js';
import type { Storage } from '../../../src/storage/connect.js';
import { migratedStorage, testDialects } from '../../helpers/dialects.js';
import { emptyAllTables } from '../../helpers/tables.js';

const DAY = 86_400_000;
const sqrtLevel = (earned: number) => Math.floor(Math.sqrt(earned / 100)) + 1;

// A member: registered or not, earned (0: no movement), spent of it, days since the last movement.
const memberArb = fc.record({
  registered: fc.boolean(),
  earned: fc.constantFrom(0, 0, 50, 100, 100, 400, 900),
  spentPart: fc.constantFrom(0, 0, 1, 0.5),
  daysAgo: fc.constantFrom(0, 6, 8, 29, 31),
});

for (const dialect of testDialects().filter((d) => d.name === 'sqlite')) {
  describe(`metrics key-range walks (${dialect.name})`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ storage, cleanup } = await migratedStorage(dialect));
    });
    afterAll(async () => cleanup());

    it('equal the figures from the balances, for any range size', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(memberArb, { maxLength: 30 }), fc.integer({ min: 1, max: 8 }), async (members, rangeRows) => {
          await emptyAllTables(storage);
          const now = Date.parse('2026-03-20T12:00:00Z');
          const clock = new ManualClock(now);
          const economy = createEconomy({ storage, clock, stats: { metricsChunk: rangeRows } });
          let registered = 0;
          try {
            for (const [i, m] of members.entries()) {
              const id = i + 1;
              if (m.registered) {
                await economy.membership.register({ id, ...(id % 3 === 0 ? { username: `u${id}` } : {}), firstName: `M${id}` });
                registered++;
              }
              if (m.earned === 0) continue;
              clock.set(now - m.daysAgo * DAY);
              await economy.ledger.credit({ memberId: id, amount: m.earned });
              const spent = Math.floor(m.earned * m.spentPart);
              if (spent > 0) await economy.ledger.spend({ memberId: id, amount: spent });
              clock.set(now);
              if (!m.registered) registered++; // a credit meets the member
            }
            await economy.stats.refresh();
            // Each member's sums from their transactions (rewards the engine unlocked included).
            const per = new Map<number, { id: number; balance: number; earned: number; last: number }>();
            for (const t of await storage.db.selectFrom('transactions').select(['member_id', 'amount', 'type', 'created_at']).execute()) {
              const h = per.get(Number(t.member_id)) ?? { id: Number(t.member_id), balance: 0, earned: 0, last: 0 };
              h.balance += Number(t.amount);
              if (t.type.startsWith('EARN_')) h.earned += Number(t.amount);
              h.last = Math.max(h.last, Number(t.created_at));
              per.set(h.id, h);
            }
            const held = [...per.values()];
            let pauses = 0;
            const pause = async () => void pauses++;
            const sizing = { rows: rangeRows, maxRows: rangeRows, targetMs: 4 };
            const reads = sqliteReads(storage.db, storage.sqlite!);
            const pass = await balancePass(reads, now, sizing, pause);
            const levels = await levelPass(reads, sizing, pause);
            const count = await memberCountPass(reads, sizing, pause);
            const sorted = held.map((h) => h.balance).sort((a, b) => a - b);
            const groups = [...new Set(sorted)].map((value) => ({ value, count: sorted.filter((b) => b === value).length }));
            expect(pass.profiles).toBe(held.length);
            expect(pass.active).toEqual([7, 30].map((d) => held.filter((h) => h.last >= now - d * DAY).length));
            const counted = await balancePass(reads, now, sizing, pause, true);
            expect([counted.profiles, counted.active]).toEqual([pass.profiles, pass.active]);
            expect(pass.groups).toEqual(groups);
            expect(groupedMedian(pass.groups)).toBe(groupedMedian(sorted.map((value) => ({ value, count: 1 }))));
            expect(groupedGini(pass.groups)).toBe(groupedGini(groups));
            expect(pass.topHolders).toEqual(
              [...held]
                .sort((a, b) => b.balance - a.balance || a.id - b.id)
                .slice(0, 10)
                .map((h) => ({ memberId: h.id, balance: h.balance, level: sqrtLevel(h.earned), username: h.id % 3 === 0 && members[h.id - 1]!.registered ? `u${h.id}` : null, firstName: members[h.id - 1]!.registered ? `M${h.id}` : null })),
            );
            const byLevel = new Map<number, number>();
            for (const h of held) byLevel.set(sqrtLevel(h.earned), (byLevel.get(sqrtLevel(h.earned)) ?? 0) + 1);
            expect(levels).toEqual([...byLevel].sort(([a], [b]) => a - b).map(([level, n]) => ({ level, members: n })));
            expect(count).toBe(registered);
            // A pause after every full range: at least one per `rangeRows` rows walked.
            expect(pauses).toBeGreaterThanOrEqual(Math.floor(held.length / rangeRows));
          } finally {
            await economy.close();
          }
        }),
        { numRuns: 40 },
      );
    }, 120_000);
  });
}
