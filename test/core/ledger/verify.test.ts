/**
 * verifyLedger (SPEC §1 invariants, "checkable by one command"): a clean ledger is ok; each
 * corruption made on purpose with direct SQL is named with its rule and member.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { verifyLedger, type Violation } from '../../../src/core/ledger/verify.js';
import { testDialects } from '../../helpers/dialects.js';
import { ADMIN_ID, START, insertMember, useLedger, type LedgerContext } from '../../helpers/ledger-fixtures.js';

interface Seeded {
  earnId: number;
  lastId: number;
}

/**
 * Member 5: +500 daily, −120 shop, +50 reaction, −30 admin, +120 refund → balance 520,
 * earned 550, spent 30, level 3. Member 6: +1000, −1000 → 0, level 4. Member 7: +99.
 */
async function seed(ctx: LedgerContext): Promise<Seeded> {
  const earn = await ctx.ledger.credit({ memberId: 5, amount: 500, type: 'EARN_DAILY' });
  const buy = await ctx.ledger.spend({ memberId: 5, amount: 120 });
  await ctx.ledger.credit({ memberId: 5, amount: 50, type: 'EARN_REACTION' });
  await ctx.ledger.adminDebit({ adminId: ADMIN_ID, memberId: 5, amount: 30, reason: 'fix' });
  const last = await ctx.ledger.refund({ memberId: 5, transactionId: buy.transaction.id });
  await ctx.ledger.credit({ memberId: 6, amount: 1000 });
  await ctx.ledger.spend({ memberId: 6, amount: 1000 });
  await ctx.ledger.credit({ memberId: 7, amount: 99 });
  expect(last.balances).toEqual({ balance: 520, totalEarned: 550, totalSpent: 30, level: 3 });
  return { earnId: earn.transaction.id, lastId: last.transaction.id };
}

const byRule = (vs: Violation[]) => [...vs].sort((a, b) => a.rule.localeCompare(b.rule));

for (const dialect of testDialects()) {
  describe(dialect.name, () => {
    const ctx = useLedger(dialect);

    it('an empty ledger and a clean ledger verify ok', async () => {
      expect(await verifyLedger(ctx.storage)).toEqual({ ok: true, members: 0, transactions: 0, violations: [] });
      await seed(ctx);
      expect(await verifyLedger(ctx.storage)).toEqual({ ok: true, members: 3, transactions: 8, violations: [] });
    });

    it('a changed balance', async () => {
      await seed(ctx);
      await ctx.storage.db.updateTable('profiles').set({ balance: 525 }).where('member_id', '=', 5).execute();
      const report = await verifyLedger(ctx.storage);
      expect(report.ok).toBe(false);
      expect(byRule(report.violations)).toEqual([
        { rule: 'balance_equals_sum_of_amounts', memberId: 5, expected: 520, actual: 525 },
        { rule: 'last_balance_after_equals_balance', memberId: 5, expected: 525, actual: 520 },
      ]);
    });

    it('a changed transaction amount', async () => {
      const { earnId } = await seed(ctx);
      await ctx.storage.db.updateTable('transactions').set({ amount: 507 }).where('id', '=', earnId).execute();
      const report = await verifyLedger(ctx.storage);
      expect(report.ok).toBe(false);
      expect(byRule(report.violations)).toEqual([
        { rule: 'balance_after_chain', memberId: 5, transactionId: earnId, expected: 507, actual: 500 },
        { rule: 'balance_equals_sum_of_amounts', memberId: 5, expected: 527, actual: 520 },
        { rule: 'total_earned_equals_sum_of_earnings', memberId: 5, expected: 557, actual: 550 },
      ]);
    });

    it('a changed level, total_spent or next-level cache', async () => {
      await seed(ctx);
      await ctx.storage.db.updateTable('profiles').set({ level: 7 }).where('member_id', '=', 6).execute();
      await ctx.storage.db.updateTable('profiles').set({ total_spent: 31 }).where('member_id', '=', 5).execute();
      await ctx.storage.db.updateTable('profiles').set({ next_level_at: 150 }).where('member_id', '=', 7).execute();
      const report = await verifyLedger(ctx.storage);
      expect(byRule(report.violations)).toEqual([
        { rule: 'level_matches_formula', memberId: 6, expected: 4, actual: 7 },
        { rule: 'next_level_cache_matches_formula', memberId: 7, expected: 100, actual: 150 },
        { rule: 'total_spent_equals_spends_minus_refunds', memberId: 5, expected: 30, actual: 31 },
      ]);
    });

    it('a transaction of a member without a profile', async () => {
      await seed(ctx);
      await insertMember(ctx.storage, 99);
      await ctx.storage.db
        .insertInto('transactions')
        .values({ member_id: 99, amount: 40, type: 'EARN_DAILY', reason: '', metadata: '{}', idempotency_key: null, balance_after: 40, created_at: START })
        .execute();
      const report = await verifyLedger(ctx.storage);
      expect(report).toMatchObject({ ok: false, members: 3, transactions: 9 });
      expect(report.violations).toEqual([{ rule: 'transactions_without_profile', memberId: 99, expected: 0, actual: 1 }]);
    });

    it('a row of an unknown type, a spend with a positive amount', async () => {
      const { lastId } = await seed(ctx);
      await ctx.storage.db.updateTable('transactions').set({ type: 'EARN_MAGIC' }).where('id', '=', lastId).execute();
      let report = await verifyLedger(ctx.storage);
      expect(report.violations).toContainEqual({ rule: 'unknown_transaction_type', memberId: 5, transactionId: lastId, expected: 'a known type', actual: 'EARN_MAGIC' });

      await ctx.storage.db.updateTable('transactions').set({ type: 'SPEND_SHOP' }).where('id', '=', lastId).execute();
      report = await verifyLedger(ctx.storage);
      expect(report.violations).toContainEqual({ rule: 'amount_sign_matches_type', memberId: 5, transactionId: lastId, expected: 'SPEND_SHOP', actual: 120 });
      expect(report.violations.every((v) => v.memberId === 5)).toBe(true);
    });

    it('the violations of several members are each named', async () => {
      await seed(ctx);
      await sql`update profiles set balance = balance + 1 where member_id in (6, 7)`.execute(ctx.storage.db);
      const report = await verifyLedger(ctx.storage);
      expect(report.violations.filter((v) => v.rule === 'balance_equals_sum_of_amounts')).toEqual([
        { rule: 'balance_equals_sum_of_amounts', memberId: 6, expected: 0, actual: 1 },
        { rule: 'balance_equals_sum_of_amounts', memberId: 7, expected: 99, actual: 100 },
      ]);
    });
  });
}
