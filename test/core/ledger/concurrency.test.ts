/**
 * Concurrency (SPEC §1 guarded updates, §11 several instances on one database).
 * PostgreSQL: many movements at once through a pool of 20 connections.
 * SQLite: several processes on one file (in one process SQLite runs one statement at a time).
 */
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../../src/core/ledger/history.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { testDialects } from '../../helpers/dialects.js';
import { countRows, outcome, runWorkers, useLedger, type Outcome } from '../../helpers/ledger-fixtures.js';

function tally(outcomes: Outcome[]) {
  const t = { moved: 0, replayed: 0, refused: {} as Record<string, number>, ids: new Set<number>() };
  for (const o of outcomes) {
    if (o.kind === 'refused') t.refused[o.code] = (t.refused[o.code] ?? 0) + 1;
    else {
      t[o.kind] += 1;
      t.ids.add(o.transactionId);
    }
  }
  return t;
}

for (const dialect of testDialects()) {
  describe(dialect.name, () => {
    const ctx = useLedger(dialect);
    const verifyOk = async () => expect((await verifyLedger(ctx.storage)).violations).toEqual([]);

    describe.skipIf(dialect.name !== 'postgres')('in one process, through the pool', () => {
      it('200 concurrent spends of 1 against a balance of 100: exactly 100 succeed', async () => {
        await ctx.ledger.credit({ memberId: 5, amount: 100 });
        const spends = Array.from({ length: 200 }, () => outcome(ctx.ledger.spend({ memberId: 5, amount: 1 })));
        const t = tally(await Promise.all(spends));
        expect(t.moved).toBe(100);
        expect(t.refused).toEqual({ INSUFFICIENT_FUNDS: 100 });
        expect(t.ids.size).toBe(100);
        expect(await ctx.ledger.profile(5)).toMatchObject({ balance: 0, totalEarned: 100, totalSpent: 100 });
        expect(await countRows(ctx.storage, 'transactions')).toBe(101);
        // balance_after of the spends is each of 99 … 0 exactly once.
        const page1 = await readHistory(ctx.storage.db, 5, { types: ['SPEND_SHOP'], limit: 100 });
        expect(page1.items.map((x) => x.balanceAfter).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
        await verifyOk();
      });

      it('50 concurrent credits with one idempotency key move once; 49 replay the same transaction', async () => {
        await ctx.ledger.credit({ memberId: 5, amount: 10 });
        const credits = Array.from({ length: 50 }, () => outcome(ctx.ledger.credit({ memberId: 5, amount: 7, idempotencyKey: 'tg-update-1' })));
        const t = tally(await Promise.all(credits));
        expect([t.moved, t.replayed, t.refused]).toEqual([1, 49, {}]);
        expect(t.ids.size).toBe(1);
        expect(await ctx.ledger.balance(5)).toBe(17);
        expect(await countRows(ctx.storage, 'transactions')).toBe(2);
        await verifyOk();
      });

      it('50 concurrent keyed credits to an id never seen create one member and move once', async () => {
        const credits = Array.from({ length: 50 }, () => outcome(ctx.ledger.credit({ memberId: 6, amount: 150, idempotencyKey: 'k' })));
        const t = tally(await Promise.all(credits));
        expect([t.moved, t.replayed, t.refused, t.ids.size]).toEqual([1, 49, {}, 1]);
        expect(await ctx.ledger.profile(6)).toMatchObject({ balance: 150, level: 2 });
        expect([await countRows(ctx.storage, 'members'), await countRows(ctx.storage, 'transactions')]).toEqual([1, 1]);
        await verifyOk();
      });

      it('100 concurrent credits crossing levels from a new member keep the level right', async () => {
        const credits = Array.from({ length: 100 }, () => outcome(ctx.ledger.credit({ memberId: 7, amount: 16 })));
        const t = tally(await Promise.all(credits));
        expect([t.moved, t.refused]).toEqual([100, {}]);
        expect(await ctx.ledger.profile(7)).toMatchObject({ balance: 1600, totalEarned: 1600, level: 5 });
        await verifyOk();
      });

      it('20 concurrent refunds of one purchase: one refund, 19 replays', async () => {
        await ctx.ledger.credit({ memberId: 5, amount: 100 });
        const buy = await ctx.ledger.spend({ memberId: 5, amount: 60 });
        const refunds = Array.from({ length: 20 }, () => outcome(ctx.ledger.refund({ memberId: 5, transactionId: buy.transaction.id })));
        const t = tally(await Promise.all(refunds));
        expect([t.moved, t.replayed, t.refused, t.ids.size]).toEqual([1, 19, {}, 1]);
        expect(await ctx.ledger.profile(5)).toMatchObject({ balance: 100, totalSpent: 0 });
        await verifyOk();
      });
    });

    describe.skipIf(dialect.name !== 'sqlite')('across processes on one file', () => {
      it('4 processes × 100 spends of 1 against a balance of 200: exactly 200 succeed', async () => {
        await ctx.ledger.credit({ memberId: 5, amount: 200 });
        const counts = await runWorkers(Array.from({ length: 4 }, () => [ctx.location.url, 'spend', '5', '100']));
        const moved = counts.reduce((n, c) => n + c.moved, 0);
        const refused = counts.reduce((n, c) => n + (c.refused.INSUFFICIENT_FUNDS ?? 0), 0);
        expect([moved, refused]).toEqual([200, 200]);
        expect(counts.every((c) => Object.keys(c.refused).every((code) => code === 'INSUFFICIENT_FUNDS'))).toBe(true);
        expect(new Set(counts.flatMap((c) => c.transactionIds)).size).toBe(200);
        expect(await ctx.ledger.profile(5)).toMatchObject({ balance: 0, totalEarned: 200, totalSpent: 200 });
        expect(await countRows(ctx.storage, 'transactions')).toBe(201);
        await verifyOk();
      }, 240_000);

      it('4 processes × 10 credits with one idempotency key move once', async () => {
        await ctx.ledger.credit({ memberId: 5, amount: 10 });
        const counts = await runWorkers(Array.from({ length: 4 }, () => [ctx.location.url, 'credit-key', '5', '10', 'tg-update-9']));
        expect(counts.reduce((n, c) => n + c.moved, 0)).toBe(1);
        expect(counts.reduce((n, c) => n + c.replayed, 0)).toBe(39);
        expect(new Set(counts.flatMap((c) => c.transactionIds)).size).toBe(1);
        expect(await ctx.ledger.balance(5)).toBe(11);
        expect(await countRows(ctx.storage, 'transactions')).toBe(2);
        await verifyOk();
      }, 240_000);
    });
  });
}
