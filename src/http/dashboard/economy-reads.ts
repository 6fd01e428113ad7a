/**
 * The dashboard's reads of figures that come from the rollups (issue 12): the economy's
 * metrics and a member's daily series go through these functions only, so a change of their
 * shape touches this file and no page.
 */
import { EARN_TYPES, SPEND_TYPES, type Economy, type EarnType, type EconomyMetrics, type SpendType } from '../../core/index.js';

/** The metrics as they are (their own fields, `asOf` included), plus per-day series for the charts. */
export interface Overview extends Omit<EconomyMetrics, 'movements'> {
  /** Economy days, oldest first, today (so far) last. */
  days: string[];
  /** Besitos in circulation at the end of each day (today: now). */
  circulationByDay: number[];
  /** Besitos created per day by each kind of earning. */
  faucets: Record<EarnType, number[]>;
  /** Besitos taken out per day by each kind of spend (positive). */
  sinks: Record<SpendType, number[]>;
  refunds: number[];
  movementsPerDay: number[];
}

export async function readOverview(economy: Economy, days: number): Promise<Overview> {
  const m = await economy.metrics({ days });
  const perDay = m.movements.perDay;
  const faucets = Object.fromEntries(EARN_TYPES.map((type) => [type, perDay.map((d) => d.byType[type].amount)])) as Record<EarnType, number[]>;
  const sinks = Object.fromEntries(SPEND_TYPES.map((type) => [type, perDay.map((d) => d.byType[type].amount)])) as Record<SpendType, number[]>;
  // Circulation at the end of each day, walking back from now: the day after minus its net flow.
  const circulationByDay = perDay.map(() => 0);
  let circulation = m.circulation;
  for (let i = perDay.length - 1; i >= 0; i--) {
    circulationByDay[i] = circulation;
    const d = perDay[i]!;
    circulation -= d.faucets - d.sinks + d.refunds;
  }
  const { movements: _movements, ...figures } = m;
  return {
    ...figures,
    days: perDay.map((d) => d.day),
    circulationByDay,
    faucets,
    sinks,
    refunds: perDay.map((d) => d.refunds),
    movementsPerDay: perDay.map((d) => d.movements),
  };
}

export interface MemberSeries {
  days: string[];
  earned: number[];
  spent: number[];
  /** Balance at the end of each day (today: now). */
  balance: number[];
}

/**
 * A member's last `days` economy days (`economy.stats.memberDays`, read live): besitos
 * earned and spent, and the balance at each day's end, walked back from today's balance.
 */
export async function readMemberSeries(economy: Economy, memberId: number, days: number): Promise<MemberSeries> {
  const [series, balanceNow] = await Promise.all([economy.stats.memberDays(memberId, { days }), economy.ledger.balance(memberId)]);
  const balance = series.days.map(() => 0);
  let carried = balanceNow;
  for (let i = series.days.length - 1; i >= 0; i--) {
    balance[i] = carried;
    const d = series.days[i]!;
    carried -= d.earned - d.spent + d.refunded;
  }
  return { days: series.days.map((d) => d.day), earned: series.days.map((d) => d.earned), spent: series.days.map((d) => d.spent), balance };
}
