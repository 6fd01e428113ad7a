/**
 * Property tests of the ledger: random sequences of credits, spends, admin debits, refunds
 * of earlier spends and repeated idempotency keys over a few members. Sequentially, a model
 * in the test predicts every result and every balance, and verifyLedger is ok after every
 * step. Concurrently (Promise.all; truly parallel on PostgreSQL), the invariants and the
 * conservation of besitos hold afterwards and a key never moves twice.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { EconomyError } from '../../../src/core/errors.js';
import type { MovementResult } from '../../../src/core/ledger/ledger-types.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN_ID, useSharedLedger, type LedgerContext } from '../../helpers/ledger-fixtures.js';

type Op =
  | { kind: 'credit' | 'spend' | 'debit'; member: number; amount: number; key: string | null }
  | { kind: 'refund'; member: number; pick: number };

const MEMBERS = 3;
const keyArb = fc.option(fc.constantFrom('k1', 'k2', 'k3'), { nil: null, freq: 2 });
const memberArb = fc.integer({ min: 0, max: MEMBERS - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('credit' as const), member: memberArb, amount: fc.integer({ min: 1, max: 400 }), key: keyArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('spend' as const), member: memberArb, amount: fc.integer({ min: 1, max: 250 }), key: keyArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('debit' as const), member: memberArb, amount: fc.integer({ min: 1, max: 250 }), key: keyArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('refund' as const), member: memberArb, pick: fc.nat({ max: 50 }) }) },
);

const sqrtLevel = (earned: number) => Math.floor(Math.sqrt(earned / 100)) + 1;

interface MemberModel {
  exists: boolean;
  balance: number;
  earned: number;
  spent: number;
  /** idempotency key → the movement that used it: its id, and the request (kind, amount) it answered */
  keys: Map<string, { id: number; kind: Op['kind']; amount: number }>;
  shopSpends: Array<{ id: number; amount: number }>;
  /** spend id → id of its refund */
  refunds: Map<number, number>;
}

const newModel = (): MemberModel => ({ exists: false, balance: 0, earned: 0, spent: 0, keys: new Map(), shopSpends: [], refunds: new Map() });

let nextBase = 1_000;
/** Fresh member ids for every run, so runs (and shrinking) share one database. */
const freshMembers = () => {
  const base = nextBase;
  nextBase += 10;
  return Array.from({ length: MEMBERS }, (_, i) => base + i);
};

async function attempt(p: Promise<MovementResult>): Promise<MovementResult | EconomyError> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof EconomyError) return err;
    throw err;
  }
}

function run(ctx: LedgerContext, id: number, op: Op, spendId?: number): Promise<MovementResult> {
  switch (op.kind) {
    case 'credit':
      return ctx.ledger.credit({ memberId: id, amount: op.amount, type: 'EARN_REACTION', ...(op.key ? { idempotencyKey: op.key } : {}) });
    case 'spend':
      return ctx.ledger.spend({ memberId: id, amount: op.amount, ...(op.key ? { idempotencyKey: op.key } : {}) });
    case 'debit':
      return ctx.ledger.adminDebit({ adminId: ADMIN_ID, memberId: id, amount: op.amount, reason: 'test', ...(op.key ? { idempotencyKey: op.key } : {}) });
    case 'refund':
      return ctx.ledger.refund({ memberId: id, transactionId: spendId! });
  }
}

/** Applies one op to the ledger and to the model and checks they agree. */
async function step(ctx: LedgerContext, ids: number[], models: MemberModel[], op: Op): Promise<void> {
  const id = ids[op.member]!;
  const m = models[op.member]!;
  let spendId: number | undefined;
  if (op.kind === 'refund') {
    const target = m.shopSpends[op.pick % Math.max(1, m.shopSpends.length)];
    if (!target) return;
    spendId = target.id;
  }
  const got = await attempt(run(ctx, id, op, spendId));
  const label = `${JSON.stringify(op)} on ${JSON.stringify({ ...m, keys: [...m.keys], refunds: [...m.refunds] })}`;
  const keyed = op.kind !== 'refund' && op.key !== null ? m.keys.get(op.key) : undefined;
  const replayOf = op.kind === 'refund' ? m.refunds.get(spendId!) : keyed?.id;

  if (keyed !== undefined && op.kind !== 'refund' && (keyed.kind !== op.kind || keyed.amount !== op.amount)) {
    // The key answered another request: refused, whatever the balance.
    expect((got as EconomyError).code, label).toBe('IDEMPOTENCY_CONFLICT');
  } else if (replayOf !== undefined) {
    expect(got, label).not.toBeInstanceOf(EconomyError);
    expect((got as MovementResult).replayed, label).toBe(true);
    expect((got as MovementResult).transaction.id, label).toBe(replayOf);
  } else if (op.kind !== 'credit' && op.kind !== 'refund' && !m.exists) {
    expect((got as EconomyError).code, label).toBe('UNKNOWN_MEMBER');
  } else if (op.kind !== 'credit' && op.kind !== 'refund' && m.balance < op.amount) {
    expect((got as EconomyError).code, label).toBe('INSUFFICIENT_FUNDS');
    expect((got as EconomyError).details, label).toEqual({ balance: m.balance, amount: op.amount });
  } else {
    expect(got, label).not.toBeInstanceOf(EconomyError);
    const r = got as MovementResult;
    expect(r.replayed, label).toBe(false);
    const tx = r.transaction;
    if (op.kind === 'credit') {
      m.exists = true;
      m.balance += op.amount;
      m.earned += op.amount;
    } else if (op.kind === 'refund') {
      const amount = m.shopSpends.find((s) => s.id === spendId)!.amount;
      expect([tx.type, tx.amount], label).toEqual(['REFUND_SHOP', amount]);
      m.balance += amount;
      m.spent -= amount;
      m.refunds.set(spendId!, tx.id);
    } else {
      expect([tx.type, tx.amount], label).toEqual([op.kind === 'spend' ? 'SPEND_SHOP' : 'SPEND_ADMIN', -op.amount]);
      m.balance -= op.amount;
      m.spent += op.amount;
      if (op.kind === 'spend') m.shopSpends.push({ id: tx.id, amount: op.amount });
    }
    if (op.kind !== 'refund' && op.key !== null) m.keys.set(op.key, { id: tx.id, kind: op.kind, amount: op.amount });
    expect(r.balances, label).toEqual({ balance: m.balance, totalEarned: m.earned, totalSpent: m.spent, level: sqrtLevel(m.earned) });
  }

  const report = await verifyLedger(ctx.storage);
  expect(report.violations, label).toEqual([]);
  const p = await ctx.ledger.profile(id);
  expect({ exists: p.exists, balance: p.balance, totalEarned: p.totalEarned, totalSpent: p.totalSpent, level: p.level }, label).toEqual({
    exists: m.exists, balance: m.balance, totalEarned: m.earned, totalSpent: m.spent, level: sqrtLevel(m.earned),
  });
}

async function sumOfBalances(ctx: LedgerContext, ids: number[]) {
  const { rows } = await sql<{ b: number | null; a: number | null }>`
    select (select sum(balance) from profiles where member_id in (${sql.join(ids)})) as b,
           (select sum(amount) from transactions where member_id in (${sql.join(ids)})) as a`.execute(ctx.storage.db);
  return { balances: Number(rows[0]?.b ?? 0), amounts: Number(rows[0]?.a ?? 0) };
}

const SETUP_CREDIT = 300;
const SETUP_SPENDS = [20, 20];

for (const dialect of testDialects()) {
  describe(dialect.name, () => {
    const ctx = useSharedLedger(dialect);

    it('sequential random operations match a model and keep every invariant', { timeout: 180_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
          const ids = freshMembers();
          const models = ids.map(newModel);
          for (const op of ops) await step(ctx, ids, models, op);
        }),
        { numRuns: 25, interruptAfterTimeLimit: 90_000 },
      );
    });

    it('one key, concurrent requests: exactly one applies; identical ones replay it, different ones are refused', { timeout: 180_000 }, async () => {
      const request = fc.record({ kind: fc.constantFrom('credit' as const, 'spend' as const), amount: fc.constantFrom(10, 20, 30, 40) });
      await fc.assert(
        fc.asyncProperty(fc.array(request, { minLength: 2, maxLength: 8 }), async (requests) => {
          const [id] = freshMembers();
          await ctx.ledger.credit({ memberId: id!, amount: 1000 });
          const results = await Promise.all(
            requests.map((r) => attempt(r.kind === 'credit' ? ctx.ledger.credit({ memberId: id!, amount: r.amount, idempotencyKey: 'one' }) : ctx.ledger.spend({ memberId: id!, amount: r.amount, idempotencyKey: 'one' }))),
          );
          const appliedAt = results.flatMap((r, i) => (r instanceof EconomyError || r.replayed ? [] : [i]));
          expect(appliedAt).toHaveLength(1);
          const first = requests[appliedAt[0]!]!;
          const firstId = (results[appliedAt[0]!] as MovementResult).transaction.id;
          results.forEach((r, i) => {
            const same = requests[i]!.kind === first.kind && requests[i]!.amount === first.amount;
            if (i === appliedAt[0]) return;
            if (same) expect(r).toMatchObject({ replayed: true, transaction: { id: firstId } });
            else expect((r as EconomyError).code).toBe('IDEMPOTENCY_CONFLICT');
          });
          const signed = first.kind === 'credit' ? first.amount : -first.amount;
          expect(await ctx.ledger.balance(id!)).toBe(1000 + signed);
          expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
        }),
        { numRuns: 20, interruptAfterTimeLimit: 60_000 },
      );
    });

    it('concurrent random operations keep every invariant and conserve besitos', { timeout: 180_000 }, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 30 }), async (ops) => {
          const ids = freshMembers();
          const spends: number[][] = [];
          for (const id of ids) {
            await ctx.ledger.credit({ memberId: id, amount: SETUP_CREDIT });
            const mine: number[] = [];
            for (const amount of SETUP_SPENDS) mine.push((await ctx.ledger.spend({ memberId: id, amount })).transaction.id);
            spends.push(mine);
          }
          const targets = ops.map((op) => (op.kind === 'refund' ? spends[op.member]![op.pick % SETUP_SPENDS.length]! : undefined));
          const results = await Promise.all(ops.map((op, i) => attempt(run(ctx, ids[op.member]!, op, targets[i]))));

          expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
          const sums = await sumOfBalances(ctx, ids);
          expect(sums.balances).toBe(sums.amounts);

          const spentBefore = SETUP_SPENDS.reduce((a, b) => a + b, 0);
          let expectedTotal = 0;
          for (const [mi, id] of ids.entries()) {
            let balance = SETUP_CREDIT - spentBefore;
            let earned = SETUP_CREDIT;
            let spent = spentBefore;
            // A key (or a refunded spend) moves at most once; its replays name that movement.
            const moved = new Map<string, { id: number; op: Op }>();
            const replayed = new Map<string, Array<{ id: number; op: Op }>>();
            const conflicted = new Map<string, Op[]>();
            ops.forEach((op, i) => {
              if (op.member !== mi) return;
              const r = results[i]!;
              const slot = op.kind === 'refund' ? `refund:${targets[i]}` : op.key;
              if (r instanceof EconomyError) {
                // Every member exists: only a spend or a debit may be refused for the balance,
                // and only a keyed operation for its key's other request.
                if (r.code === 'IDEMPOTENCY_CONFLICT' && slot !== null && op.kind !== 'refund') {
                  conflicted.set(slot, [...(conflicted.get(slot) ?? []), op]);
                  return;
                }
                expect(`${op.kind} ${r.code}`).toMatch(/^(spend|debit) INSUFFICIENT_FUNDS$/);
                return;
              }
              if (slot !== null && r.replayed) {
                replayed.set(slot, [...(replayed.get(slot) ?? []), { id: r.transaction.id, op }]);
                return;
              }
              expect(r.replayed).toBe(false);
              if (slot !== null) {
                expect(moved.has(slot), `${slot} moved twice`).toBe(false);
                moved.set(slot, { id: r.transaction.id, op });
              }
              balance += r.transaction.amount;
              if (op.kind === 'credit') earned += r.transaction.amount;
              else spent -= r.transaction.amount;
            });
            const request = (op: Op) => (op.kind === 'refund' ? op.kind : `${op.kind} ${op.amount}`);
            for (const [slot, replays] of replayed) {
              const first = moved.get(slot);
              expect(replays.every((x) => x.id === first?.id), `replays of ${slot}`).toBe(true);
              // A replay is the same request again; a different one is refused.
              for (const x of replays) expect(request(x.op), `replay of ${slot}`).toBe(request(first!.op));
            }
            for (const [slot, ops] of conflicted) {
              const first = moved.get(slot);
              expect(first, `conflict on ${slot} with nothing moved`).toBeDefined();
              for (const op of ops) expect(request(op), `conflict on ${slot}`).not.toBe(request(first!.op));
            }
            const p = await ctx.ledger.profile(id);
            expect({ balance: p.balance, totalEarned: p.totalEarned, totalSpent: p.totalSpent, level: p.level }).toEqual({
              balance, totalEarned: earned, totalSpent: spent, level: sqrtLevel(earned),
            });
            expectedTotal += balance;
          }
          expect(sums.balances).toBe(expectedTotal);
        }),
        { numRuns: 25, interruptAfterTimeLimit: 90_000 },
      );
    });
  });
}
