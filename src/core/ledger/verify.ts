/**
 * Checks every ledger invariant for every member (SPEC §1) in one consistent snapshot
 * and names each violation: which member, which rule, what was expected, what was found.
 */
import { sql } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import { snapshot, type Executor } from '../../storage/write-transaction.js';
import { nextLevelCache, storedFormula, type FormulaSource } from '../levels/formula-source.js';
import { EARN_TYPES, SPEND_TYPES, TRANSACTION_TYPES } from './transaction-types.js';

export type InvariantRule =
  | 'balance_non_negative'
  | 'balance_equals_sum_of_amounts'
  | 'total_earned_equals_sum_of_earnings'
  | 'total_spent_equals_spends_minus_refunds'
  | 'level_matches_formula'
  | 'next_level_cache_matches_formula'
  | 'balance_after_chain'
  | 'last_balance_after_equals_balance'
  | 'transactions_without_profile'
  | 'unknown_transaction_type'
  | 'zero_amount'
  | 'amount_sign_matches_type';

export interface Violation {
  rule: InvariantRule;
  memberId: number;
  transactionId?: number;
  expected: number | string;
  actual: number | string;
}

export interface VerifyReport {
  ok: boolean;
  members: number;
  transactions: number;
  violations: Violation[];
}

interface MemberSums {
  member_id: number;
  balance: number;
  total_earned: number;
  total_spent: number;
  level: number;
  next_level_at: number;
  sum_amount: number;
  sum_earned: number;
  sum_spent: number;
  tx_count: number;
  last_balance_after: number | null;
}

const list = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

export async function verifyLedger(storage: Storage, formulaSource: FormulaSource = storedFormula): Promise<VerifyReport> {
  return snapshot(storage, (trx) => verifyIn(trx, formulaSource));
}

async function verifyIn(db: Executor, formulaSource: FormulaSource): Promise<VerifyReport> {
  const formula = await formulaSource(db);
  const violations: Violation[] = [];
  const spendOrRefund = [...SPEND_TYPES, 'REFUND_SHOP'];

  const sums = await sql<MemberSums>`
    select p.member_id, p.balance, p.total_earned, p.total_spent, p.level, p.next_level_at,
           coalesce(sum(t.amount), 0) as sum_amount,
           coalesce(sum(case when t.type in (${list(EARN_TYPES)}) then t.amount else 0 end), 0) as sum_earned,
           coalesce(sum(case when t.type in (${list(spendOrRefund)}) then -t.amount else 0 end), 0) as sum_spent,
           count(t.id) as tx_count,
           (select t2.balance_after from transactions t2 where t2.member_id = p.member_id order by t2.id desc limit 1)
             as last_balance_after
      from profiles p left join transactions t on t.member_id = p.member_id
     group by p.member_id, p.balance, p.total_earned, p.total_spent, p.level, p.next_level_at
     order by p.member_id`.execute(db);

  let transactions = 0;
  for (const r of sums.rows) {
    const m = r.member_id;
    transactions += Number(r.tx_count);
    const check = (rule: InvariantRule, expected: number, actual: number) => {
      if (Number(expected) !== Number(actual)) violations.push({ rule, memberId: m, expected: Number(expected), actual: Number(actual) });
    };
    if (r.balance < 0) violations.push({ rule: 'balance_non_negative', memberId: m, expected: '>= 0', actual: r.balance });
    check('balance_equals_sum_of_amounts', r.sum_amount, r.balance);
    check('total_earned_equals_sum_of_earnings', r.sum_earned, r.total_earned);
    check('total_spent_equals_spends_minus_refunds', r.sum_spent, r.total_spent);
    check('level_matches_formula', formula.level(Number(r.total_earned)), r.level);
    check('next_level_cache_matches_formula', nextLevelCache(formula, Number(r.total_earned)), r.next_level_at);
    if (r.last_balance_after !== null) check('last_balance_after_equals_balance', r.balance, r.last_balance_after);
  }

  // Each row's balance_after is the previous row's plus its own amount.
  const chain = await sql<{ member_id: number; id: number; balance_after: number; expected: number }>`
    select member_id, id, balance_after, expected from (
      select member_id, id, balance_after,
             coalesce(lag(balance_after) over (partition by member_id order by id), 0) + amount as expected
        from transactions) c
     where balance_after <> expected`.execute(db);
  for (const r of chain.rows) {
    violations.push({ rule: 'balance_after_chain', memberId: r.member_id, transactionId: r.id, expected: Number(r.expected), actual: r.balance_after });
  }

  const orphans = await sql<{ member_id: number; n: number }>`
    select member_id, count(*) as n from transactions
     where member_id not in (select member_id from profiles) group by member_id`.execute(db);
  for (const r of orphans.rows) {
    violations.push({ rule: 'transactions_without_profile', memberId: r.member_id, expected: 0, actual: Number(r.n) });
    transactions += Number(r.n);
  }

  const odd = await sql<{ member_id: number; id: number; type: string; amount: number }>`
    select member_id, id, type, amount from transactions
     where type not in (${list(TRANSACTION_TYPES)}) or amount = 0
        or (type in (${list(SPEND_TYPES)}) and amount > 0)
        or (type not in (${list(SPEND_TYPES)}) and amount < 0)`.execute(db);
  for (const r of odd.rows) {
    const known = (TRANSACTION_TYPES as readonly string[]).includes(r.type);
    violations.push(
      !known
        ? { rule: 'unknown_transaction_type', memberId: r.member_id, transactionId: r.id, expected: 'a known type', actual: r.type }
        : r.amount === 0
          ? { rule: 'zero_amount', memberId: r.member_id, transactionId: r.id, expected: 'non-zero', actual: 0 }
          : { rule: 'amount_sign_matches_type', memberId: r.member_id, transactionId: r.id, expected: r.type, actual: r.amount },
    );
  }

  return { ok: violations.length === 0, members: sums.rows.length, transactions, violations };
}
