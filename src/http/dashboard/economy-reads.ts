/**
 * The dashboard's reads of figures that are moving to rollups (issue 12): the economy's
 * metrics and a member's daily series go through these functions only, so a change of their
 * shape touches this file and no page.
 */
import { EARN_TYPES, isEarn, isSpend, SPEND_TYPES, type Economy, type EarnType, type LevelCount, type SpendType, type TopHolder } from '../../core/index.js';

export interface Overview {
  /** When the figures were read, and the time they describe (later: the rollups' refresh). */
  at: Date;
  asOf: Date;
  timezone: string;
  circulation: number;
  totalEarned: number;
  totalSpent: number;
  members: number;
  profiles: number;
  transactions: number;
  active7d: number;
  active30d: number;
  meanBalance: number;
  medianBalance: number;
  gini: number;
  levels: LevelCount[];
  topHolders: TopHolder[];
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
  return {
    at: m.at,
    asOf: (m as { asOf?: Date | null }).asOf ?? m.at,
    timezone: m.timezone,
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
    gini: m.gini,
    levels: m.levels,
    topHolders: m.topHolders,
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
  /** Balance at the end of each day. */
  balance: number[];
}

/** At most this many movements are read for a member's series (MEMBER_SERIES_DAYS of a busy member fit). */
const SERIES_MAX_ROWS = 5_000;

/**
 * A member's last `days` economy days: besitos earned, spent and the balance at each day's
 * end. Read from the history (newest first, bounded), days counted in the economy's zone.
 */
export async function readMemberSeries(economy: Economy, memberId: number, days: number, timezone: string): Promise<MemberSeries> {
  const now = economy.clock.now();
  const labels: string[] = [];
  const dayOf = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
  for (let i = days - 1; i >= 0; i--) labels.push(dayOf.format(now - i * 86_400_000));
  const index = new Map(labels.map((label, i) => [label, i]));
  const earned = labels.map(() => 0);
  const spent = labels.map(() => 0);
  const lastBalance = labels.map((): number | null => null);
  // A day and a half more than asked: the first label's whole day, whatever the zone's offset.
  const from = now - (days + 1.5) * 86_400_000;
  let cursor: string | undefined;
  let read = 0;
  let before: number | null = null;
  do {
    const page = await economy.history(memberId, { from, limit: 100, ...(cursor ? { cursor } : {}) });
    for (const tx of page.items) {
      const i = index.get(dayOf.format(tx.createdAt));
      if (i === undefined) {
        before ??= tx.balanceAfter;
        continue;
      }
      if (isEarn(tx.type)) earned[i]! += tx.amount;
      else if (isSpend(tx.type)) spent[i]! += -tx.amount;
      // Newest first: the first movement seen of a day holds the day's closing balance.
      lastBalance[i] ??= tx.balanceAfter;
    }
    read += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && read < SERIES_MAX_ROWS);
  const balance: number[] = [];
  let carried = before ?? (await openingBalance(economy, memberId, from));
  for (let i = 0; i < labels.length; i++) {
    carried = lastBalance[i] ?? carried;
    balance.push(carried);
  }
  return { days: labels, earned, spent, balance };
}

/** The balance just before `from`: the newest movement older than it, or 0. */
async function openingBalance(economy: Economy, memberId: number, from: number): Promise<number> {
  const page = await economy.history(memberId, { to: from, limit: 1 });
  return page.items[0]?.balanceAfter ?? 0;
}
