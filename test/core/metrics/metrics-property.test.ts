/**
 * Metrics (SPEC §8) from the rollups equal a naive recomputation from the transactions, on
 * both databases, after random workloads: earnings of every type, spends, admin debits,
 * refunds, members with and without movements, clock moves over days (in UTC, Madrid and
 * Kolkata), refreshes in the middle (so the rollups catch up incrementally) and tiny batches.
 * The distributions come from the rollups' buckets (core/stats/distributions.ts); the top
 * holders' table is drawn small (10 kept, trimmed past 12) so that it is trimmed and refilled
 * as the balances move, and a refresh that found nothing new, later, is checked too.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createEconomy, type Economy } from '../../../src/core/engine.js';
import { isEconomyError } from '../../../src/core/errors.js';
import { TRANSACTION_TYPES, type EarnType } from '../../../src/core/ledger/transaction-types.js';
import type { Storage } from '../../../src/storage/connect.js';
import { migratedStorage, testDialects } from '../../helpers/dialects.js';
import { expectDistributionsOfTotals } from '../../helpers/distributions.js';
import { emptyAllTables } from '../../helpers/tables.js';
import { localDate } from '../leaderboards/board-model.js';

const ADMIN = 9_000_001;
const DAY = 86_400_000;
const EARN: EarnType[] = ['EARN_REACTION', 'EARN_DAILY', 'EARN_STREAK', 'EARN_REWARD', 'EARN_ADMIN'];
const member = fc.integer({ min: 1, max: 16 });

type Op =
  | { kind: 'earn'; member: number; amount: number; type: EarnType }
  | { kind: 'spend' | 'debit'; member: number; amount: number }
  | { kind: 'refund'; pick: number }
  | { kind: 'register'; member: number }
  | { kind: 'wait'; ms: number }
  | { kind: 'refresh' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('earn' as const), member, amount: fc.integer({ min: 1, max: 300 }), type: fc.constantFrom(...EARN) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom('spend' as const, 'debit' as const), member, amount: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('refund' as const), pick: fc.nat({ max: 20 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('register' as const), member: fc.integer({ min: 1, max: 20 }) }) },
  // Mostly minutes to hours (days change inside one rollup batch), sometimes days.
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 60_000, max: 5 * 3_600_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 60_000, max: 9 * DAY }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'refresh' as const }) },
);

const startOfMinute = (at: number) => Math.floor(at / 60_000) * 60_000;
const sqrtLevel = (earned: number) => Math.floor(Math.sqrt(earned / 100)) + 1;

/** Everything recomputed from the transaction rows and member rows, with plain code. */
async function naive(storage: Storage, asOf: number, timeZone: string, days: number) {
  const txs = (await storage.db.selectFrom('transactions').selectAll().orderBy('id').execute()).map((t) => ({
    member: Number(t.member_id),
    amount: Number(t.amount),
    type: t.type,
    at: Number(t.created_at),
  }));
  const memberRows = await storage.db.selectFrom('members').select(['id', 'username', 'first_name']).execute();
  const members = memberRows.length;
  const names = new Map(memberRows.map((r) => [Number(r.id), { username: r.username ?? null, firstName: r.first_name ?? null }]));
  const per = new Map<number, { balance: number; earned: number; last: number }>();
  let earned = 0;
  let spent = 0;
  let refunded = 0;
  for (const t of txs) {
    const m = per.get(t.member) ?? { balance: 0, earned: 0, last: 0 };
    m.balance += t.amount;
    m.last = Math.max(m.last, t.at);
    if (t.type.startsWith('EARN_')) {
      m.earned += t.amount;
      earned += t.amount;
    } else if (t.type.startsWith('SPEND_')) spent -= t.amount;
    else refunded += t.amount;
    per.set(t.member, m);
  }
  const balances = [...per.values()].map((m) => m.balance).sort((a, b) => a - b);
  const n = balances.length;
  const total = balances.reduce((s, b) => s + b, 0);
  const weighted = balances.reduce((s, b, i) => s + (i + 1) * b, 0);
  const levels = new Map<number, number>();
  for (const m of per.values()) levels.set(sqrtLevel(m.earned), (levels.get(sqrtLevel(m.earned)) ?? 0) + 1);
  const today = localDate(asOf, timeZone);
  const labels = Array.from({ length: days }, (_, i) => new Date(Date.parse(`${today}T00:00:00Z`) - (days - 1 - i) * DAY).toISOString().slice(0, 10));
  const perDay = labels.map((day) => {
    const of = txs.filter((t) => localDate(t.at, timeZone) === day);
    const sum = (pred: (type: string) => boolean) => of.filter((t) => pred(t.type)).reduce((s, t) => s + Math.abs(t.amount), 0);
    return {
      day,
      faucets: sum((type) => type.startsWith('EARN_')),
      sinks: sum((type) => type.startsWith('SPEND_')),
      refunds: sum((type) => type.startsWith('REFUND_')),
      movements: of.length,
      byType: Object.fromEntries(
        TRANSACTION_TYPES.map((type) => [type, { count: of.filter((t) => t.type === type).length, amount: of.filter((t) => t.type === type).reduce((s, t) => s + Math.abs(t.amount), 0) }]),
      ),
    };
  });
  return {
    circulation: total,
    totalEarned: earned,
    totalSpent: spent - refunded,
    members,
    profiles: n,
    transactions: txs.length,
    // Whole minutes: from the start of the minute d × 24 h before asOf.
    active7d: [...per.values()].filter((m) => m.last >= startOfMinute(asOf - 7 * DAY)).length,
    active30d: [...per.values()].filter((m) => m.last >= startOfMinute(asOf - 30 * DAY)).length,
    meanBalance: n === 0 ? 0 : Math.round((total / n) * 100) / 100,
    medianBalance: n === 0 ? 0 : n % 2 === 1 ? balances[(n - 1) / 2]! : (balances[n / 2 - 1]! + balances[n / 2]!) / 2,
    gini: n === 0 || total === 0 ? 0 : (2 * weighted - (n + 1) * total) / (n * total),
    levels: [...levels].sort(([a], [b]) => a - b).map(([level, count]) => ({ level, members: count })),
    topHolders: [...per]
      .sort(([ia, a], [ib, b]) => b.balance - a.balance || ia - ib)
      .slice(0, 10)
      .map(([id, m]) => ({ memberId: id, balance: m.balance, level: sqrtLevel(m.earned), ...(names.get(id) ?? { username: null, firstName: null }) })),
    perDay,
  };
}

async function attempt(p: Promise<unknown>): Promise<unknown> {
  return p.catch((err) => {
    if (!isEconomyError(err)) throw err;
    return null;
  });
}

/** The stored snapshot (as `economy.metrics` answers) equals the naive recomputation at `asOf`. */
async function expectNaive(economy: Economy, storage: Storage, asOf: number, timeZone: string): Promise<void> {
  const m = await economy.metrics({ days: 30 });
  const want = await naive(storage, asOf, timeZone, 30);
  expect(m.asOf).toEqual(new Date(asOf));
  expect({
    circulation: m.circulation,
    totalEarned: m.totalEarned,
    totalSpent: m.totalSpent,
    members: m.members,
    profiles: m.profiles,
    transactions: m.transactions,
    active7d: m.active7d,
    active30d: m.active30d,
    meanBalance: m.meanBalance,
    medianBalance: m.medianBalance,
    levels: m.levels,
    topHolders: m.topHolders,
  }).toEqual({ ...want, gini: undefined, perDay: undefined });
  expect(m.gini).toBeCloseTo(want.gini, 12);
  expect(m.movements.perDay).toEqual(want.perDay);
}

for (const dialect of testDialects()) {
  describe(`metrics against a naive recomputation (${dialect.name})`, () => {
    let storage: Storage;
    let cleanup: () => Promise<void>;
    beforeAll(async () => {
      ({ storage, cleanup } = await migratedStorage(dialect));
    });
    afterAll(async () => cleanup());

    it('every figure equals the one recomputed from the transactions', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('UTC', 'Europe/Madrid', 'Asia/Kolkata'),
          fc.integer({ min: 0, max: 6 * 3_600_000 }),
          fc.array(opArb, { minLength: 1, maxLength: 40 }),
          fc.constantFrom({ keep: 10, cap: 12 }, { keep: 100, cap: 1000 }),
          fc.integer({ min: 0, max: 40 * DAY }),
          async (timeZone, offset, ops, topHolders, later) => {
            await emptyAllTables(storage);
            // Starting in the evening (UTC 18:00 to 24:00): midnights come early in the sequence.
            const clock = new ManualClock(Date.parse('2026-03-20T18:00:00Z') + offset);
            const economy: Economy = createEconomy({ storage, clock, adminIds: [ADMIN], stats: { batch: { rows: 4, maxRows: 4 }, rankChunk: 3, topHolders } });
            try {
              await economy.settings.set('economy.timezone', timeZone, 'test');
              const shopSpends: Array<{ member: number; id: number }> = [];
              for (const op of ops) {
                if (op.kind === 'earn') await economy.ledger.credit({ memberId: op.member, amount: op.amount, type: op.type });
                else if (op.kind === 'spend') {
                  const r = (await attempt(economy.ledger.spend({ memberId: op.member, amount: op.amount }))) as { transaction: { id: number } } | null;
                  if (r) shopSpends.push({ member: op.member, id: r.transaction.id });
                } else if (op.kind === 'debit') await attempt(economy.ledger.adminDebit({ adminId: ADMIN, memberId: op.member, amount: op.amount, reason: 'test' }));
                else if (op.kind === 'refund') {
                  const s = shopSpends[op.pick % Math.max(1, shopSpends.length)];
                  if (s) await attempt(economy.ledger.refund({ memberId: s.member, transactionId: s.id }));
                } else if (op.kind === 'register') await economy.membership.register({ id: op.member, firstName: `M${op.member}` });
                else if (op.kind === 'wait') clock.advance(op.ms);
                else await economy.stats.refresh();
              }
              await economy.stats.refresh();
              await expectNaive(economy, storage, clock.now(), timeZone);
              await expectDistributionsOfTotals(storage);
              // Nothing new, later: the active counts move with the time alone.
              clock.advance(later);
              await economy.stats.refresh();
              await expectNaive(economy, storage, clock.now(), timeZone);
            } finally {
              await economy.close();
            }
          },
        ),
        { numRuns: dialect.name === 'postgres' ? 12 : 40 },
      );
    }, 120_000);
  });
}
