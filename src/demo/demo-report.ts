/** The economy report printed after a demo: read from the database, nothing remembered. */
import type { Economy } from '../core/engine.js';
import type { VerifyReport } from '../core/ledger/verify.js';
import { TRANSACTION_TYPE_INFO, isTransactionType } from '../core/ledger/transaction-types.js';

export interface DemoReport {
  members: number;
  days: number;
  seed: number;
  circulation: number;
  totalEarned: number;
  totalSpent: number;
  movements: number;
  byType: Array<{ type: string; name: string; count: number; amount: number }>;
  levels: Array<{ level: number; members: number }>;
  vipMembers: number;
  topRewards: Array<{ name: string; granted: number }>;
  verify: VerifyReport;
  elapsedMs: number;
}

export async function buildReport(
  economy: Economy,
  run: { members: number; days: number; seed: number; elapsedMs: number },
): Promise<DemoReport> {
  const db = economy.storage.db;
  const [summary, byType, levels, vips, verify, topRewards] = await Promise.all([
    economy.summary(),
    db
      .selectFrom('transactions')
      .select((eb) => ['type', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('amount').as('amount')])
      .groupBy('type')
      .orderBy('type')
      .execute(),
    db.selectFrom('profiles').select((eb) => ['level', eb.fn.countAll<number>().as('n')]).groupBy('level').orderBy('level').execute(),
    db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('vip_expires_at', '>', economy.clock.now())
      .executeTakeFirstOrThrow(),
    economy.verify(),
    readTopRewards(economy),
  ]);
  return {
    ...run,
    circulation: summary.circulation,
    totalEarned: summary.totalEarned,
    totalSpent: summary.totalSpent,
    movements: summary.transactions,
    byType: byType.map((r) => ({
      type: r.type,
      name: isTransactionType(r.type) ? TRANSACTION_TYPE_INFO[r.type].name.en : r.type,
      count: Number(r.n),
      amount: Number(r.amount),
    })),
    levels: levels.map((r) => ({ level: r.level, members: Number(r.n) })),
    vipMembers: Number(vips.n),
    topRewards,
    verify,
  };
}

/** Rewards granted most often. */
async function readTopRewards(economy: Economy): Promise<Array<{ name: string; granted: number }>> {
  const rows = await economy.storage.db
    .selectFrom('member_rewards as m')
    .innerJoin('rewards as r', 'r.id', 'm.reward_id')
    .select((eb) => ['r.name as name', eb.fn.countAll<number>().as('n')])
    .where('m.status', '=', 'CLAIMED')
    .groupBy(['r.id', 'r.name'])
    .orderBy('n', 'desc')
    .orderBy('r.id')
    .limit(5)
    .execute();
  return rows.map((r) => ({ name: r.name, granted: Number(r.n) }));
}
