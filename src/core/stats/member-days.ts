/**
 * A member's earned and spent per economy day (the admin's member lookup, SPEC §8), read
 * from the member's own transactions, newest first by the (member, id) index, stopping at
 * the first day asked: the cost is that member's movements of those days, never the
 * economy's. Live, not a snapshot.
 */
import type { Executor } from '../../storage/write-transaction.js';
import { DayCache, dayLabel, dayNumber, dayStart } from '../economy-day.js';

export interface MemberDay {
  /** `YYYY-MM-DD` in the economy's time zone. */
  day: string;
  /** Σ earnings that day. */
  earned: number;
  /** Σ |spends| that day (refunds apart). */
  spent: number;
  refunded: number;
  movements: number;
}

export interface MemberDailySeries {
  memberId: number;
  /** The time the series was read. */
  asOf: Date;
  timezone: string;
  /** Oldest first, one entry per economy day up to today, days without movements included. */
  days: MemberDay[];
}

const PAGE = 1000;
/** Ids and times agree to within this (PostgreSQL commits out of id order): read this far past the first day. */
const SLACK_MS = 3_600_000;

export async function readMemberDays(db: Executor, memberId: number, days: number, now: number, timezone: string): Promise<MemberDailySeries> {
  const last = dayNumber(now, timezone);
  const first = last - days + 1;
  const from = dayStart(first, timezone);
  const series: MemberDay[] = Array.from({ length: days }, (_, i) => ({ day: dayLabel(first + i), earned: 0, spent: 0, refunded: 0, movements: 0 }));
  const cache = new DayCache(timezone);
  let before: number | null = null;
  for (;;) {
    let q = db.selectFrom('transactions').select(['id', 'amount', 'type', 'created_at']).where('member_id', '=', memberId);
    if (before !== null) q = q.where('id', '<', before);
    const rows = await q.orderBy('id', 'desc').limit(PAGE).execute();
    for (const r of rows) {
      const at = Number(r.created_at);
      if (at < from || at > now) continue;
      const d = series[cache.dayOf(at) - first];
      if (!d) continue;
      const amount = Number(r.amount);
      d.movements++;
      if (r.type.startsWith('EARN_')) d.earned += amount;
      else if (r.type.startsWith('SPEND_')) d.spent -= amount;
      else if (r.type.startsWith('REFUND_')) d.refunded += amount;
    }
    const oldest = rows.at(-1);
    if (rows.length < PAGE || !oldest || Number(oldest.created_at) < from - SLACK_MS) break;
    before = Number(oldest.id);
  }
  return { memberId, asOf: new Date(now), timezone, days: series };
}
