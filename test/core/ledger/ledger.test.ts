/**
 * SPEC §1 rule by rule, once per dialect: profiles, credits, spends, refusals (and that a
 * refusal changes nothing), idempotency, refunds, admin movements, transaction types, levels.
 */
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../../src/core/ledger/history.js';
import type { Ledger } from '../../../src/core/ledger/ledger.js';
import {
  EARN_TYPES,
  SPEND_TYPES,
  TRANSACTION_TYPES,
  TRANSACTION_TYPE_INFO,
  isEarn,
  isSpend,
  typeName,
} from '../../../src/core/ledger/transaction-types.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { NO_NEXT_LEVEL } from '../../../src/core/levels/formula-source.js';
import { testDialects } from '../../helpers/dialects.js';
import {
  ADMIN_ID,
  START,
  insertMember,
  profileRow,
  refusal,
  setLevelFormula,
  tableCounts,
  useLedger,
} from '../../helpers/ledger-fixtures.js';

const MAX = Number.MAX_SAFE_INTEGER;
const BAD_AMOUNTS: unknown[] = [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, '5', 1e9 + 1, 2 ** 53, null, undefined];

describe('transaction types', () => {
  it('has the eight types with Spanish and English names', () => {
    expect([...TRANSACTION_TYPES]).toEqual([
      'EARN_REACTION', 'EARN_DAILY', 'EARN_STREAK', 'EARN_REWARD', 'EARN_ADMIN', 'SPEND_SHOP', 'SPEND_ADMIN', 'REFUND_SHOP',
    ]);
    for (const t of TRANSACTION_TYPES) {
      expect(TRANSACTION_TYPE_INFO[t].type).toBe(t);
      expect(typeName(t, 'es').length).toBeGreaterThan(0);
      expect(typeName(t, 'en').length).toBeGreaterThan(0);
    }
    expect(new Set(TRANSACTION_TYPES.map((t) => typeName(t, 'en'))).size).toBe(8);
    expect(new Set(TRANSACTION_TYPES.map((t) => typeName(t, 'es'))).size).toBe(8);
    expect(typeName('EARN_DAILY', 'en')).toBe('Daily gift');
    expect(typeName('EARN_DAILY')).toBe('Regalo diario');
  });

  it('earn, spend and refund flags (REFUND_SHOP is neither)', () => {
    expect(EARN_TYPES).toEqual(['EARN_REACTION', 'EARN_DAILY', 'EARN_STREAK', 'EARN_REWARD', 'EARN_ADMIN']);
    expect(SPEND_TYPES).toEqual(['SPEND_SHOP', 'SPEND_ADMIN']);
    for (const t of EARN_TYPES) expect([isEarn(t), isSpend(t)]).toEqual([true, false]);
    for (const t of SPEND_TYPES) expect([isEarn(t), isSpend(t)]).toEqual([false, true]);
    expect([isEarn('REFUND_SHOP'), isSpend('REFUND_SHOP')]).toEqual([false, false]);
    expect(TRANSACTION_TYPE_INFO.REFUND_SHOP).toMatchObject({ isEarn: false, isSpend: false });
  });
});

for (const dialect of testDialects()) {
  describe(dialect.name, () => {
    const ctx = useLedger(dialect);
    const verifyOk = async () => expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    const credit = (memberId: number, amount: number, extra: Partial<Parameters<Ledger['credit']>[0]> = {}) =>
      ctx.ledger.credit({ memberId, amount, ...extra });
    const spend = (memberId: number, amount: number, extra: Partial<Parameters<Ledger['spend']>[0]> = {}) =>
      ctx.ledger.spend({ memberId, amount, ...extra });

    describe('profiles', () => {
      it('a member with no profile has balance 0, level 1 and an empty history', async () => {
        const p = await ctx.ledger.profile(42);
        expect(p).toMatchObject({ memberId: 42, exists: false, balance: 0, totalEarned: 0, totalSpent: 0, level: 1 });
        expect(p.progress).toMatchObject({ level: 1, nextLevel: 2, nextLevelAt: 100, missing: 100 });
        expect(await ctx.ledger.balance(42)).toBe(0);
        expect(await readHistory(ctx.storage.db, 42)).toEqual({ items: [], nextCursor: null, total: 0 });
        expect(await tableCounts(ctx.storage)).toEqual({ members: 0, profiles: 0, transactions: 0 });
      });

      it('a credit to an id never seen creates the member and the profile', async () => {
        const r = await credit(1001, 50, { type: 'EARN_REACTION', reason: 'post 7', metadata: { post: 7 } });
        expect(r.replayed).toBe(false);
        expect(r.levelChange).toBeNull();
        expect(r.balances).toEqual({ balance: 50, totalEarned: 50, totalSpent: 0, level: 1 });
        expect(r.transaction).toMatchObject({
          memberId: 1001, amount: 50, type: 'EARN_REACTION', reason: 'post 7', metadata: { post: 7 },
          idempotencyKey: null, balanceAfter: 50, createdAt: new Date(START),
        });
        const member = await ctx.storage.db.selectFrom('members').selectAll().where('id', '=', 1001).executeTakeFirstOrThrow();
        expect(member).toMatchObject({ id: 1001, role: 'FREE', username: null, first_name: null, created_at: START });
        expect(await profileRow(ctx.storage, 1001)).toMatchObject({
          balance: 50, total_earned: 50, total_spent: 0, level: 1, next_level_at: 100, created_at: START,
        });
        expect(await ctx.ledger.profile(1001)).toMatchObject({ exists: true, balance: 50, level: 1 });
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 1 });
        await verifyOk();
      });

      it('a credit defaults to EARN_ADMIN and refuses non-earning types', async () => {
        expect((await credit(1, 5)).transaction.type).toBe('EARN_ADMIN');
        for (const type of ['SPEND_SHOP', 'REFUND_SHOP', 'EARN_NOTHING']) {
          await refusal(credit(1, 5, { type: type as 'EARN_DAILY' }), 'INVALID_INPUT');
        }
        for (const type of ['EARN_DAILY', 'REFUND_SHOP']) {
          await refusal(spend(1, 1, { type: type as 'SPEND_SHOP' }), 'INVALID_INPUT');
        }
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 1 });
      });

      it('invalid member ids are INVALID_INPUT', async () => {
        for (const id of [0, -5, 1.5, Number.NaN, '7', 2 ** 53]) {
          await refusal(credit(id as number, 5), 'INVALID_INPUT');
          await refusal(ctx.ledger.profile(id as number), 'INVALID_INPUT');
        }
        expect(await tableCounts(ctx.storage)).toEqual({ members: 0, profiles: 0, transactions: 0 });
      });
    });

    describe('refusals change nothing', () => {
      it('a spend or debit by a member with no profile is UNKNOWN_MEMBER', async () => {
        await refusal(spend(77, 1), 'UNKNOWN_MEMBER');
        await refusal(spend(77, 1, { idempotencyKey: 'k' }), 'UNKNOWN_MEMBER');
        await refusal(ctx.ledger.adminDebit({ adminId: ADMIN_ID, memberId: 77, amount: 1, reason: 'r' }), 'UNKNOWN_MEMBER');
        // A member row without a profile is still unknown to the ledger.
        await insertMember(ctx.storage, 78);
        const err = await refusal(spend(78, 1), 'UNKNOWN_MEMBER');
        expect(err.details).toEqual({ memberId: 78 });
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 0, transactions: 0 });
      });

      it('0, negatives, fractions, NaN, infinities, strings and more than 1e9 are INVALID_AMOUNT', async () => {
        await credit(5, 1000);
        await insertMember(ctx.storage, 6, 'ADMIN');
        const before = await tableCounts(ctx.storage);
        for (const amount of BAD_AMOUNTS) {
          const a = amount as number;
          await refusal(credit(5, a), 'INVALID_AMOUNT');
          await refusal(credit(999, a), 'INVALID_AMOUNT');
          await refusal(spend(5, a), 'INVALID_AMOUNT');
          await refusal(ctx.ledger.adminCredit({ adminId: ADMIN_ID, memberId: 5, amount: a, reason: 'r' }), 'INVALID_AMOUNT');
          await refusal(ctx.ledger.adminDebit({ adminId: 6, memberId: 5, amount: a, reason: 'r' }), 'INVALID_AMOUNT');
        }
        expect(await tableCounts(ctx.storage)).toEqual(before);
        expect(await ctx.ledger.profile(5)).toMatchObject({ balance: 1000, totalEarned: 1000, totalSpent: 0 });
        expect((await ctx.ledger.profile(999)).exists).toBe(false);
      });

      it('1,000,000,000 is accepted for a credit and a spend', async () => {
        expect((await credit(5, 1_000_000_000)).balances.balance).toBe(1_000_000_000);
        expect((await spend(5, 1_000_000_000)).balances).toEqual({ balance: 0, totalEarned: 1e9, totalSpent: 1e9, level: 3163 });
        await verifyOk();
      });

      it('a credit that would push the balance past 2^53 − 1 is BALANCE_OVERFLOW', async () => {
        await insertMember(ctx.storage, 5);
        await ctx.storage.db
          .insertInto('profiles')
          .values({ member_id: 5, balance: MAX - 10, total_earned: 0, total_spent: 0, level: 1, next_level_at: 100, created_at: START, updated_at: START })
          .execute();
        const err = await refusal(credit(5, 11), 'BALANCE_OVERFLOW');
        expect(err.details).toEqual({ balance: MAX - 10, amount: 11 });
        await refusal(credit(5, 1_000_000_000), 'BALANCE_OVERFLOW');
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 0 });
        expect((await credit(5, 10)).balances.balance).toBe(MAX);
        await refusal(credit(5, 1), 'BALANCE_OVERFLOW');
        expect(await profileRow(ctx.storage, 5)).toMatchObject({ balance: MAX, total_earned: 10 });
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 1 });
      });

      it('a credit that would push total_earned past 2^53 − 1 is BALANCE_OVERFLOW', async () => {
        await insertMember(ctx.storage, 5);
        await ctx.storage.db
          .insertInto('profiles')
          .values({ member_id: 5, balance: 0, total_earned: MAX - 5, total_spent: MAX - 5, level: 1, next_level_at: NO_NEXT_LEVEL, created_at: START, updated_at: START })
          .execute();
        await refusal(credit(5, 6), 'BALANCE_OVERFLOW');
        expect(await profileRow(ctx.storage, 5)).toMatchObject({ balance: 0, total_earned: MAX - 5 });
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 0 });
      });

      it('reason: at most 255 characters, text only', async () => {
        const r255 = 'r'.repeat(255);
        expect((await credit(5, 1, { reason: r255 })).transaction.reason).toBe(r255);
        // 255 characters of 2 UTF-16 units each are still 255 characters.
        const emoji = '😀'.repeat(255);
        expect((await credit(5, 1, { reason: emoji })).transaction.reason).toBe(emoji);
        const before = await tableCounts(ctx.storage);
        await refusal(credit(5, 1, { reason: 'r'.repeat(256) }), 'INVALID_INPUT');
        await refusal(credit(6, 1, { reason: 'r'.repeat(256) }), 'INVALID_INPUT');
        await refusal(spend(5, 1, { reason: '😀'.repeat(256) }), 'INVALID_INPUT');
        await refusal(credit(5, 1, { reason: 12 as unknown as string }), 'INVALID_INPUT');
        expect(await tableCounts(ctx.storage)).toEqual(before);
        const stored = await readHistory(ctx.storage.db, 5);
        expect(stored.items.map((t) => t.reason)).toEqual([emoji, r255]);
      });

      it('metadata: a JSON object of at most 4 KB', async () => {
        // {"x":"…"} is 8 bytes around the text.
        const exact = { x: 'a'.repeat(4096 - 8) };
        expect((await credit(5, 1, { metadata: exact })).transaction.metadata).toEqual(exact);
        const before = await tableCounts(ctx.storage);
        await refusal(credit(5, 1, { metadata: { x: 'a'.repeat(4096 - 7) } }), 'INVALID_INPUT');
        // Bytes, not characters: 2045 × "é" is 4090 bytes.
        await refusal(credit(5, 1, { metadata: { x: 'é'.repeat(2045) } }), 'INVALID_INPUT');
        await refusal(credit(6, 1, { metadata: { x: 'a'.repeat(5000) } }), 'INVALID_INPUT');
        for (const bad of [[], [1, 2], 'text', 5, true]) {
          await refusal(credit(5, 1, { metadata: bad as unknown as Record<string, unknown> }), 'INVALID_INPUT');
          await refusal(spend(5, 1, { metadata: bad as unknown as Record<string, unknown> }), 'INVALID_INPUT');
        }
        expect(await tableCounts(ctx.storage)).toEqual(before);
        expect((await readHistory(ctx.storage.db, 5)).items[0]?.metadata).toEqual(exact);
      });

      it('overspending is INSUFFICIENT_FUNDS with the balance and the amount; nothing changes', async () => {
        await credit(5, 100);
        const before = await tableCounts(ctx.storage);
        const err = await refusal(spend(5, 101), 'INSUFFICIENT_FUNDS');
        expect(err.details).toEqual({ balance: 100, amount: 101 });
        await refusal(spend(5, 1_000_000_000, { idempotencyKey: 'big' }), 'INSUFFICIENT_FUNDS');
        expect(await tableCounts(ctx.storage)).toEqual(before);
        expect(await ctx.ledger.profile(5)).toMatchObject({ balance: 100, totalSpent: 0 });

        const r = await spend(5, 100);
        expect(r.transaction).toMatchObject({ amount: -100, type: 'SPEND_SHOP', balanceAfter: 0 });
        expect(r.balances).toEqual({ balance: 0, totalEarned: 100, totalSpent: 100, level: 2 });
        expect((await refusal(spend(5, 1), 'INSUFFICIENT_FUNDS')).details).toEqual({ balance: 0, amount: 1 });
        // The key of a refused spend was never used: it works once there is enough.
        await credit(5, 1_000_000_000);
        expect((await spend(5, 1_000_000_000, { idempotencyKey: 'big' })).replayed).toBe(false);
        await verifyOk();
      });
    });

    describe('idempotency', () => {
      it('the same key twice moves once and replays the first result', async () => {
        const first = await credit(5, 40, { idempotencyKey: 'upd-1', reason: 'first' });
        ctx.clock.advance(1000);
        // The same request again (its reason may differ: a retry may word it anew).
        const again = await credit(5, 40, { idempotencyKey: 'upd-1', reason: 'second' });
        expect(again.replayed).toBe(true);
        expect(again.levelChange).toBeNull();
        expect(again.transaction).toEqual(first.transaction);
        expect(again.balances).toEqual({ balance: 40, totalEarned: 40, totalSpent: 0, level: 1 });

        const s1 = await spend(5, 15, { idempotencyKey: 'buy-1' });
        const s2 = await spend(5, 15, { idempotencyKey: 'buy-1' });
        expect(s2).toMatchObject({ replayed: true, transaction: { id: s1.transaction.id, amount: -15 } });
        expect(await ctx.ledger.balance(5)).toBe(25);
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 2 });
        await verifyOk();
      });

      it('a key reused for another amount, type or operation is refused IDEMPOTENCY_CONFLICT and moves nothing', async () => {
        await credit(5, 100);
        const first = await spend(5, 10, { idempotencyKey: 'k', type: 'SPEND_ADMIN' });
        const other = await refusal(spend(5, 20, { idempotencyKey: 'k', type: 'SPEND_ADMIN' }), 'IDEMPOTENCY_CONFLICT');
        expect(other.details).toEqual({
          idempotencyKey: 'k', field: 'amount', first: 10, now: 20,
          differences: [{ field: 'amount', first: 10, now: 20 }],
        });
        expect((await refusal(spend(5, 10, { idempotencyKey: 'k' }), 'IDEMPOTENCY_CONFLICT')).details.differences).toEqual([
          { field: 'type', first: 'SPEND_ADMIN', now: 'SPEND_SHOP' },
        ]);
        // A credit's key reused by a debit: another operation (and type).
        await credit(5, 7, { idempotencyKey: 'c' });
        expect((await refusal(spend(5, 7, { idempotencyKey: 'c' }), 'IDEMPOTENCY_CONFLICT')).details.differences).toEqual([
          { field: 'operation', first: 'credit', now: 'debit' },
          { field: 'type', first: 'EARN_ADMIN', now: 'SPEND_SHOP' },
        ]);
        expect((await refusal(credit(5, 8, { idempotencyKey: 'c', type: 'EARN_REACTION' }), 'IDEMPOTENCY_CONFLICT')).details.differences).toEqual([
          { field: 'type', first: 'EARN_ADMIN', now: 'EARN_REACTION' },
          { field: 'amount', first: 7, now: 8 },
        ]);
        // The true repeat still replays, after the refusals.
        expect(await spend(5, 10, { idempotencyKey: 'k', type: 'SPEND_ADMIN' })).toMatchObject({ replayed: true, transaction: { id: first.transaction.id } });
        expect(await ctx.ledger.balance(5)).toBe(97);
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 3 });
        await verifyOk();
      });

      it('four concurrent credits of 10, 20, 30 and 40 under one key: one applies, the other three are refused', async () => {
        await credit(5, 1);
        const results = await Promise.allSettled([10, 20, 30, 40].map((amount) => credit(5, amount, { idempotencyKey: 'same' })));
        const applied = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
        expect(applied).toHaveLength(1);
        expect(applied[0]!.replayed).toBe(false);
        const codes = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []));
        expect(codes).toEqual(['IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_CONFLICT', 'IDEMPOTENCY_CONFLICT']);
        expect(await ctx.ledger.balance(5)).toBe(1 + applied[0]!.transaction.amount);
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 2 });
        await verifyOk();
      });

      it('a key is per member: the same key for another member moves again', async () => {
        const a = await credit(5, 10, { idempotencyKey: 'k' });
        const b = await credit(6, 20, { idempotencyKey: 'k' });
        expect(b.replayed).toBe(false);
        expect(b.transaction.id).not.toBe(a.transaction.id);
        expect([await ctx.ledger.balance(5), await ctx.ledger.balance(6)]).toEqual([10, 20]);
        expect((await spend(5, 10, { idempotencyKey: 'k2' })).replayed).toBe(false);
        expect((await spend(6, 10, { idempotencyKey: 'k2' })).replayed).toBe(false);
        expect(await tableCounts(ctx.storage)).toEqual({ members: 2, profiles: 2, transactions: 4 });
        await verifyOk();
      });

      it('a repeated spend replays even when the balance is no longer enough', async () => {
        await credit(5, 50);
        const first = await spend(5, 50, { idempotencyKey: 'double-tap' });
        const again = await spend(5, 50, { idempotencyKey: 'double-tap' });
        expect(again).toMatchObject({ replayed: true, transaction: { id: first.transaction.id } });
        expect(await ctx.ledger.balance(5)).toBe(0);
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 2 });
      });

      it('a key of 1 to 200 characters', async () => {
        expect((await credit(5, 1, { idempotencyKey: 'k'.repeat(200) })).replayed).toBe(false);
        await refusal(credit(5, 1, { idempotencyKey: '' }), 'INVALID_INPUT');
        await refusal(credit(5, 1, { idempotencyKey: 'k'.repeat(201) }), 'INVALID_INPUT');
        await refusal(credit(5, 1, { idempotencyKey: 7 as unknown as string }), 'INVALID_INPUT');
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 1 });
      });
    });

    describe('refunds', () => {
      it('gives a shop spend back, lowers total_spent, and a second refund is a replay', async () => {
        await credit(5, 500);
        const buy = await spend(5, 120, { reason: 'pack 3' });
        expect((await ctx.ledger.profile(5)).totalSpent).toBe(120);
        ctx.clock.advance(60_000);
        const r = await ctx.ledger.refund({ memberId: 5, transactionId: buy.transaction.id, reason: 'out of stock' });
        expect(r.replayed).toBe(false);
        expect(r.transaction).toMatchObject({
          amount: 120, type: 'REFUND_SHOP', reason: 'out of stock', metadata: { refund_of: buy.transaction.id },
          idempotencyKey: `refund:${buy.transaction.id}`, balanceAfter: 500, createdAt: new Date(START + 60_000),
        });
        expect(r.balances).toEqual({ balance: 500, totalEarned: 500, totalSpent: 0, level: 3 });

        const again = await ctx.ledger.refund({ memberId: 5, transactionId: buy.transaction.id });
        expect(again).toMatchObject({ replayed: true, transaction: { id: r.transaction.id } });
        expect(await ctx.ledger.profile(5)).toMatchObject({ balance: 500, totalEarned: 500, totalSpent: 0 });
        expect(await tableCounts(ctx.storage)).toEqual({ members: 1, profiles: 1, transactions: 3 });
        await verifyOk();
      });

      it('a second refund is a replay while other spends keep total_spent up', async () => {
        await credit(5, 500);
        const buy = await spend(5, 100);
        await spend(5, 300);
        const r = await ctx.ledger.refund({ memberId: 5, transactionId: buy.transaction.id });
        const again = await ctx.ledger.refund({ memberId: 5, transactionId: buy.transaction.id });
        expect(again).toMatchObject({ replayed: true, transaction: { id: r.transaction.id } });
        expect(await ctx.ledger.profile(5)).toMatchObject({ balance: 200, totalSpent: 300 });
        await verifyOk();
      });

      it('only a SPEND_SHOP of that member can be refunded', async () => {
        await ctx.ledger.adminCredit({ adminId: ADMIN_ID, memberId: 5, amount: 500, reason: 'seed' });
        const earn = await credit(5, 10, { type: 'EARN_DAILY' });
        const debit = await ctx.ledger.adminDebit({ adminId: ADMIN_ID, memberId: 5, amount: 10, reason: 'fix' });
        const buy = await spend(5, 50);
        const refund = await ctx.ledger.refund({ memberId: 5, transactionId: buy.transaction.id });
        await credit(6, 100);
        const otherBuy = await spend(6, 40);
        const before = await tableCounts(ctx.storage);

        for (const t of [earn, debit, refund]) {
          const err = await refusal(ctx.ledger.refund({ memberId: 5, transactionId: t.transaction.id }), 'NOT_REFUNDABLE');
          expect(err.details).toEqual({ transactionId: t.transaction.id, type: t.transaction.type });
        }
        const err = await refusal(ctx.ledger.refund({ memberId: 5, transactionId: otherBuy.transaction.id }), 'NOT_FOUND');
        expect(err.details).toEqual({ transactionId: otherBuy.transaction.id });
        await refusal(ctx.ledger.refund({ memberId: 5, transactionId: 123_456 }), 'NOT_FOUND');
        await refusal(ctx.ledger.refund({ memberId: 7, transactionId: buy.transaction.id }), 'NOT_FOUND');
        for (const id of [0, -1, 1.5, '3']) {
          await refusal(ctx.ledger.refund({ memberId: 5, transactionId: id as number }), 'INVALID_INPUT');
        }
        expect(await tableCounts(ctx.storage)).toEqual(before);
        expect([await ctx.ledger.balance(5), await ctx.ledger.balance(6)]).toEqual([500, 60]);
        await verifyOk();
      });
    });

    describe('admin credit and debit', () => {
      it('a configured admin credits and debits; the reason and the admin id are stored', async () => {
        const c = await ctx.ledger.adminCredit({ adminId: ADMIN_ID, memberId: 5, amount: 300, reason: 'contest winner', metadata: { admin_id: 1, note: 'x' } });
        expect(c.transaction).toMatchObject({
          type: 'EARN_ADMIN', amount: 300, reason: 'contest winner', metadata: { admin_id: ADMIN_ID, note: 'x' },
        });
        const d = await ctx.ledger.adminDebit({ adminId: ADMIN_ID, memberId: 5, amount: 100, reason: 'abuse' });
        expect(d.transaction).toMatchObject({ type: 'SPEND_ADMIN', amount: -100, reason: 'abuse', metadata: { admin_id: ADMIN_ID } });
        expect(d.balances).toEqual({ balance: 200, totalEarned: 300, totalSpent: 100, level: 2 });
        const stored = await readHistory(ctx.storage.db, 5);
        expect(stored.items.map((t) => t.metadata)).toEqual([{ admin_id: ADMIN_ID }, { admin_id: ADMIN_ID, note: 'x' }]);
        await verifyOk();
      });

      it('a member whose stored role is ADMIN is an admin too', async () => {
        await insertMember(ctx.storage, 50, 'ADMIN');
        const c = await ctx.ledger.adminCredit({ adminId: 50, memberId: 5, amount: 10, reason: 'r' });
        expect(c.transaction.metadata).toEqual({ admin_id: 50 });
        expect((await ctx.ledger.adminDebit({ adminId: 50, memberId: 5, amount: 10, reason: 'r' })).balances.balance).toBe(0);
      });

      it('anyone else is FORBIDDEN; nothing changes', async () => {
        await credit(5, 100);
        await insertMember(ctx.storage, 51, 'VIP');
        const before = await tableCounts(ctx.storage);
        for (const adminId of [5, 51, 12345]) {
          const err = await refusal(ctx.ledger.adminCredit({ adminId, memberId: 5, amount: 10, reason: 'r' }), 'FORBIDDEN');
          expect(err.details).toEqual({ adminId });
          await refusal(ctx.ledger.adminDebit({ adminId, memberId: 5, amount: 10, reason: 'r' }), 'FORBIDDEN');
          await refusal(ctx.ledger.adminCredit({ adminId, memberId: 6, amount: 10, reason: 'r' }), 'FORBIDDEN');
        }
        await refusal(ctx.ledger.adminCredit({ adminId: 0, memberId: 5, amount: 10, reason: 'r' }), 'INVALID_INPUT');
        expect(await tableCounts(ctx.storage)).toEqual(before);
        expect(await ctx.ledger.balance(5)).toBe(100);
      });

      it('a reason is required', async () => {
        await credit(5, 100);
        const before = await tableCounts(ctx.storage);
        for (const reason of [undefined, null, '', '   ', 'r'.repeat(256)]) {
          const input = { adminId: ADMIN_ID, memberId: 5, amount: 10, reason: reason as string };
          await refusal(ctx.ledger.adminCredit(input), 'INVALID_INPUT');
          await refusal(ctx.ledger.adminDebit(input), 'INVALID_INPUT');
        }
        expect(await tableCounts(ctx.storage)).toEqual(before);
      });

      it('a debit obeys the balance like any spend', async () => {
        await credit(5, 100);
        const before = await tableCounts(ctx.storage);
        const err = await refusal(ctx.ledger.adminDebit({ adminId: ADMIN_ID, memberId: 5, amount: 101, reason: 'r' }), 'INSUFFICIENT_FUNDS');
        expect(err.details).toEqual({ balance: 100, amount: 101 });
        expect(await tableCounts(ctx.storage)).toEqual(before);
        expect((await ctx.ledger.adminDebit({ adminId: ADMIN_ID, memberId: 5, amount: 100, reason: 'r' })).balances.balance).toBe(0);
        await verifyOk();
      });
    });

    describe('levels', () => {
      it('sqrt (default): 100, 400, 900 start levels 2, 3, 4; spending never lowers a level', async () => {
        const steps: Array<[number, number, { from: number; to: number } | null]> = [
          [99, 1, null], [1, 2, { from: 1, to: 2 }], [299, 2, null], [1, 3, { from: 2, to: 3 }],
          [499, 3, null], [1, 4, { from: 3, to: 4 }],
        ];
        for (const [amount, level, change] of steps) {
          const r = await credit(5, amount);
          expect([r.balances.level, r.levelChange]).toEqual([level, change]);
        }
        expect((await profileRow(ctx.storage, 5))?.next_level_at).toBe(1600);
        const s = await spend(5, 900);
        expect(s.balances).toEqual({ balance: 0, totalEarned: 900, totalSpent: 900, level: 4 });
        expect(s.levelChange).toBeNull();
        const p = await ctx.ledger.profile(5);
        expect(p).toMatchObject({ level: 4, progress: { level: 4, nextLevel: 5, nextLevelAt: 1600, missing: 700 } });
        // One credit may jump several levels; a refund does not touch the level either.
        const big = await credit(6, 1600);
        expect([big.balances.level, big.levelChange]).toEqual([5, { from: 1, to: 5 }]);
        const buy = await spend(6, 1600);
        expect((await ctx.ledger.refund({ memberId: 6, transactionId: buy.transaction.id })).balances.level).toBe(5);
        await verifyOk();
      });

      it('levels.formula linear (step 100) is followed', async () => {
        await setLevelFormula(ctx.storage, { kind: 'linear', step: 100 });
        expect((await ctx.ledger.profile(5)).level).toBe(1);
        const a = await credit(5, 99);
        expect([a.balances.level, a.levelChange]).toEqual([1, null]);
        const b = await credit(5, 1);
        expect([b.balances.level, b.levelChange]).toEqual([2, { from: 1, to: 2 }]);
        const c = await credit(5, 250);
        expect([c.balances.level, c.levelChange]).toEqual([4, { from: 2, to: 4 }]);
        expect(await ctx.ledger.profile(5)).toMatchObject({ level: 4, progress: { nextLevel: 5, nextLevelAt: 400, missing: 50 } });
        expect((await profileRow(ctx.storage, 5))?.next_level_at).toBe(400);
        await spend(5, 350);
        expect((await ctx.ledger.profile(5)).level).toBe(4);
        expect((await credit(6, 1000)).balances.level).toBe(11);
        await verifyOk();
      });

      it('levels.formula linear with another step', async () => {
        await setLevelFormula(ctx.storage, { kind: 'linear', step: 250 });
        expect((await credit(5, 249)).balances.level).toBe(1);
        expect((await credit(5, 751)).levelChange).toEqual({ from: 1, to: 5 });
        await verifyOk();
      });
    });
  });
}
