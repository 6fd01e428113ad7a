/**
 * The rollups after a refresh that stopped half-way (a crash, a lost lease) between two of
 * its write transactions, on both databases: the next catch-up goes on from what was
 * committed and the totals equal a naive sum of the ledger (nothing lost, nothing counted
 * twice). On SQLite the stop falls inside a round (rollup.ts): some members written, the
 * watermark not yet moved.
 */
import { describe, expect, it } from 'vitest';
import { catchUp, type BatchSizing, type RollupState } from '../../../src/core/stats/rollup.js';
import { readState, ROLLUP_STATE } from '../../../src/core/stats/stats-state.js';
import { testDialects } from '../../helpers/dialects.js';
import { expectDistributionsOfTotals } from '../../helpers/distributions.js';
import { useEngine, type EngineFixture } from '../../helpers/engine-fixture.js';

const TZ = 'Europe/Madrid';
const SIZING: BatchSizing = { rows: 3, maxRows: 3, targetMs: 8, roundRows: 12 };

class Stopped extends Error {}

/** Member totals and day totals as the rollups hold them, and as a naive sum of the ledger gives them. */
async function compare(fx: EngineFixture) {
  const db = fx.storage.db;
  const rolled = await db.selectFrom('member_totals').select(['member_id', 'balance', 'earned', 'movements']).orderBy('member_id').execute();
  const naive = await db
    .selectFrom('transactions')
    .select((eb) => [
      'member_id',
      eb.fn.sum<number>('amount').as('balance'),
      eb.fn.sum<number>(eb.case().when('type', 'like', 'EARN_%').then(eb.ref('amount')).else(0).end()).as('earned'),
      eb.fn.countAll<number>().as('movements'),
    ])
    .groupBy('member_id')
    .orderBy('member_id')
    .execute();
  const days = await db.selectFrom('economy_day_totals').select((eb) => [eb.fn.sum<number>('movements').as('n'), eb.fn.sum<number>('amount').as('total')]).executeTakeFirstOrThrow();
  const all = await db.selectFrom('transactions').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount').as('total')]).executeTakeFirstOrThrow();
  const nums = (rows: Array<Record<string, unknown>>) => rows.map((r) => Object.values(r).map(Number));
  return { rolled: nums(rolled), naive: nums(naive), days: nums([days]), ledger: nums([all]) };
}

for (const dialect of testDialects()) {
  describe(`rollups resumed after a stop (${dialect.name})`, () => {
    const fx = useEngine(dialect);

    it('a catch-up stopped between write transactions resumes and counts every movement once', async () => {
      // 40 movements over 9 members, out of member order, some spends: rounds of 12 cross members.
      for (let i = 0; i < 40; i++) {
        const memberId = 100 + ((i * 7) % 9);
        await fx.ledger.credit({ memberId, amount: 5 + (i % 4), type: i % 3 === 0 ? 'EARN_DAILY' : 'EARN_REACTION' });
        if (i % 5 === 4) await fx.ledger.spend({ memberId, amount: 2 });
        fx.clock.advance(3 * 3_600_000);
      }
      const deps = (between: () => Promise<void>) => ({ storage: fx.storage, now: () => fx.clock.now(), sizing: SIZING, between });
      // Stop at several points: each run gets further, then one runs to the end.
      for (const stopAfter of [2, 5, 3]) {
        let pauses = 0;
        const stopping = async () => {
          if (++pauses > stopAfter) throw new Stopped();
        };
        await expect(catchUp(deps(stopping), TZ)).rejects.toBeInstanceOf(Stopped);
        const state = await readState<RollupState>(fx.storage.db, ROLLUP_STATE);
        expect(state).not.toBeNull();
        if (dialect.name === 'sqlite' && stopAfter === 5) expect(state!.value.round).toBeDefined();
      }
      const partial = await compare(fx);
      expect(partial.rolled).not.toEqual(partial.naive);
      // What was committed moved its members between the distributions' buckets, and only that.
      await expectDistributionsOfTotals(fx.storage);
      const report = await catchUp(deps(async () => {}), TZ);
      expect(report.rebuilt).toBe(false);
      const done = await compare(fx);
      expect(done.rolled).toEqual(done.naive);
      expect(done.days).toEqual(done.ledger);
      await expectDistributionsOfTotals(fx.storage);
      expect((await readState<RollupState>(fx.storage.db, ROLLUP_STATE))!.value.round).toBeUndefined();
      // Nothing new: nothing moves.
      expect((await catchUp(deps(async () => {}), TZ)).movements).toBe(0);
      expect(await compare(fx)).toEqual(done);
    });
  });
}
