/**
 * The boards against a naive model (SPEC §9), on both databases: random sequences of
 * earnings (of every earning type, with ties), spends (which never count), opt-ins and
 * opt-outs, clock moves across week and month ends and DST changes (Europe/Madrid, and
 * Australia/Sydney east of UTC), and refreshes with tiny batches (so every rollup and rank
 * chunk edge is crossed). After every refresh, opt-in, opt-out and clock move, every page
 * (walked by cursor) and every member's own position equal the model's recomputation.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createEconomy, type Economy } from '../../../src/core/engine.js';
import { isEconomyError } from '../../../src/core/errors.js';
import type { Board } from '../../../src/core/leaderboards/boards.js';
import type { EarnType } from '../../../src/core/ledger/transaction-types.js';
import type { Storage } from '../../../src/storage/connect.js';
import { migratedStorage, testDialects } from '../../helpers/dialects.js';
import { emptyAllTables } from '../../helpers/tables.js';
import { BoardModel } from './board-model.js';

const MEMBERS = Array.from({ length: 12 }, (_, i) => i + 1);
const BOARDS: Board[] = ['all', 'week', 'month'];
const EARN: EarnType[] = ['EARN_REACTION', 'EARN_DAILY', 'EARN_STREAK', 'EARN_REWARD', 'EARN_ADMIN'];
const HOUR = 3_600_000;

type Op =
  | { kind: 'earn'; member: number; amount: number; type: EarnType }
  | { kind: 'spend'; member: number; amount: number }
  | { kind: 'in' | 'out'; member: number }
  | { kind: 'wait'; ms: number }
  | { kind: 'refresh' };

const member = fc.constantFrom(...MEMBERS);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Amounts from a small set: ties are common.
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('earn' as const), member, amount: fc.constantFrom(5, 10), type: fc.constantFrom(...EARN) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('spend' as const), member, amount: fc.constantFrom(5, 10) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('in' as const), member }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('out' as const), member }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.constantFrom(60_000, HOUR, 7 * HOUR, 19 * HOUR, 31 * HOUR) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'refresh' as const }) },
);

/** Starts a few days before a week end, a month end and a DST change of each zone. */
const ZONES = [
  { timeZone: 'Europe/Madrid', starts: ['2026-03-27T09:00:00Z', '2026-10-23T09:00:00Z'] },
  { timeZone: 'Australia/Sydney', starts: ['2026-03-30T20:00:00Z', '2026-04-03T20:00:00Z'] },
];

async function compare(economy: Economy, model: BoardModel, now: number, what: string): Promise<void> {
  for (const board of BOARDS) {
    const expected = model.board(board, now);
    const seen: Array<{ position: number; memberId: number; score: number }> = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 5; pages++) {
      const page = await economy.leaderboards.page(board, { limit: 10, ...(cursor ? { cursor } : {}) });
      expect(page.members, `${what}: ${board} members`).toBe(expected.length);
      seen.push(...page.entries.map((e) => ({ position: e.position, memberId: e.memberId, score: e.score })));
      for (const e of page.entries) expect(e.name, 'named by username, else first name').toBe(e.memberId % 2 === 1 ? `@u${e.memberId}` : `M${e.memberId}`);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    expect(seen, `${what}: ${board} pages`).toEqual(expected.map((l, i) => ({ position: i + 1, memberId: l.member, score: l.score })));
    const positions = await Promise.all(MEMBERS.map((m) => economy.leaderboards.position(board, m)));
    for (const [i, got] of positions.entries()) {
      const m = MEMBERS[i]!;
      const want = model.position(board, m, now);
      expect(
        { listed: got.listed, score: got.score, position: got.position, outOf: got.outOf, ahead: got.ahead, topPercent: got.topPercent, optedIn: got.optedIn },
        `${what}: ${board} member ${m}`,
      ).toEqual({ ...want, optedIn: model.optedIn.has(m) });
    }
  }
}

for (const dialect of testDialects()) {
  describe(`leaderboards against a model (${dialect.name})`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ storage, cleanup } = await migratedStorage(dialect));
    });
    afterAll(async () => cleanup());

    for (const zone of ZONES) {
      it(`${zone.timeZone}: pages and positions equal a naive recomputation, ties to whoever got there first`, async () => {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(...zone.starts), fc.subarray(MEMBERS), fc.array(opArb, { minLength: 5, maxLength: 40 }), async (start, first, ops) => {
            await emptyAllTables(storage);
            const clock = new ManualClock(start);
            // Tiny batches: every rollup batch and rank chunk edge is crossed.
            const economy = createEconomy({ storage, clock, stats: { batch: { rows: 3, maxRows: 3 }, rankChunk: 2 } });
            try {
              await economy.settings.set('economy.timezone', zone.timeZone, 'test');
              for (const m of MEMBERS) await economy.membership.register({ id: m, firstName: `M${m}`, ...(m % 2 === 1 ? { username: `u${m}` } : {}) });
              const model = new BoardModel(zone.timeZone);
              for (const m of first) {
                await economy.leaderboards.setOptIn(m, true);
                model.optIn(m);
              }
              for (const [i, op] of ops.entries()) {
                const what = `op ${i} ${JSON.stringify(op)}`;
                switch (op.kind) {
                  case 'earn':
                    await economy.ledger.credit({ memberId: op.member, amount: op.amount, type: op.type });
                    model.earn(op.member, op.amount, clock.now());
                    continue;
                  case 'spend':
                    await economy.ledger.spend({ memberId: op.member, amount: op.amount }).catch((err) => {
                      if (!isEconomyError(err)) throw err;
                    });
                    continue;
                  case 'in':
                    await economy.leaderboards.setOptIn(op.member, true);
                    model.optIn(op.member);
                    break;
                  case 'out':
                    await economy.leaderboards.setOptIn(op.member, false);
                    model.optOut(op.member);
                    break;
                  case 'wait':
                    clock.advance(op.ms);
                    break;
                  case 'refresh': {
                    const report = await economy.stats.refresh();
                    expect(report.skipped).toBeNull();
                    model.refresh(clock.now());
                    break;
                  }
                }
                await compare(economy, model, clock.now(), what);
              }
              await economy.stats.refresh();
              model.refresh(clock.now());
              await compare(economy, model, clock.now(), 'final refresh');
            } finally {
              await economy.close();
            }
          }),
          { numRuns: dialect.name === 'postgres' ? 10 : 25 },
        );
      }, 120_000);
    }
  });
}
