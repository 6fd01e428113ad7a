/** The economy report printed after a demo: read from the database, nothing remembered. */
import { type Economy, isSpend, TRANSACTION_TYPE_INFO, TRANSACTION_TYPES, type VerifyReport } from '../core/index.js';

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
  // The metrics are a snapshot: take it now, after the last simulated day.
  await economy.stats.refresh();
  const [summary, totals, metrics, vipMembers, verify, topRewards] = await Promise.all([
    economy.summary(),
    economy.ledger.totalsByType(),
    economy.metrics({ days: 1 }),
    economy.membership.vipCount(),
    economy.verify(),
    economy.rewards.mostGranted(5),
  ]);
  return {
    ...run,
    circulation: summary.circulation,
    totalEarned: summary.totalEarned,
    totalSpent: summary.totalSpent,
    movements: summary.transactions,
    // By type name, as the report always listed them.
    byType: [...TRANSACTION_TYPES].sort().filter((type) => totals[type].count > 0).map((type) => ({
      type,
      name: TRANSACTION_TYPE_INFO[type].name.en,
      count: totals[type].count,
      // Signed as in the ledger: spends take besitos out.
      amount: isSpend(type) ? -totals[type].amount : totals[type].amount,
    })),
    levels: metrics.levels,
    vipMembers,
    topRewards: topRewards.map((r) => ({ name: r.name, granted: r.granted })),
    verify,
  };
}
