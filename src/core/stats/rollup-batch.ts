/**
 * One batch of transactions folded into the rollups' deltas, in memory, then written as
 * four upserts (one statement each, whatever the batch size). What counts:
 * - earned: EARN_* types (as `profiles.total_earned`); they also raise the member's score on
 *   the all-time board and on the week's and month's board holding the movement's day;
 * - spent: |SPEND_*| (refunds are kept apart: SPEC §1's total_spent = spent − refunded);
 * - balance: every amount, signed.
 */
import { sql } from 'kysely';
import type { Dialect } from '../../storage/connect.js';
import type { Executor } from '../../storage/write-transaction.js';
import { BOARDS, periodOf } from '../leaderboards/boards.js';
import { DayCache } from './day-cache.js';
import { greatest, jsonRows, least } from './json-rows.js';

export interface TransactionFact {
  id: number;
  member_id: number;
  amount: number;
  type: string;
  created_at: number;
}

interface MemberDelta {
  balance: number;
  earned: number;
  spent: number;
  refunded: number;
  movements: number;
  first: number;
  last: number;
}

interface DayDelta {
  earned: number;
  spent: number;
  refunded: number;
  movements: number;
}

interface ScoreDelta {
  score: number;
  at: number;
  id: number;
}

const isEarnType = (type: string) => type.startsWith('EARN_');
const isSpendType = (type: string) => type.startsWith('SPEND_');
const isRefundType = (type: string) => type.startsWith('REFUND_');

export class RollupBatch {
  readonly #days: DayCache;
  readonly members = new Map<number, MemberDelta>();
  readonly memberDays = new Map<string, DayDelta>();
  readonly economyDays = new Map<string, { movements: number; amount: number }>();
  readonly scores = new Map<string, ScoreDelta>();
  count = 0;

  constructor(days: DayCache) {
    this.#days = days;
  }

  add(t: TransactionFact): void {
    this.count++;
    const amount = Number(t.amount);
    const at = Number(t.created_at);
    const earned = isEarnType(t.type) ? amount : 0;
    const spent = isSpendType(t.type) ? -amount : 0;
    const refunded = isRefundType(t.type) ? amount : 0;
    const day = this.#days.dayOf(at);

    const m = this.members.get(t.member_id);
    if (m) {
      m.balance += amount;
      m.earned += earned;
      m.spent += spent;
      m.refunded += refunded;
      m.movements++;
      m.first = Math.min(m.first, at);
      m.last = Math.max(m.last, at);
    } else {
      this.members.set(t.member_id, { balance: amount, earned, spent, refunded, movements: 1, first: at, last: at });
    }

    const dayKey = `${t.member_id}:${day}`;
    const d = this.memberDays.get(dayKey);
    if (d) {
      d.earned += earned;
      d.spent += spent;
      d.refunded += refunded;
      d.movements++;
    } else {
      this.memberDays.set(dayKey, { earned, spent, refunded, movements: 1 });
    }

    const typeKey = `${day}:${t.type}`;
    const e = this.economyDays.get(typeKey);
    if (e) {
      e.movements++;
      e.amount += amount;
    } else {
      this.economyDays.set(typeKey, { movements: 1, amount });
    }

    if (earned > 0) {
      for (const board of BOARDS) {
        const key = `${board}:${periodOf(board, day)}:${t.member_id}`;
        const s = this.scores.get(key);
        if (!s) this.scores.set(key, { score: earned, at, id: t.id });
        else {
          s.score += earned;
          if (at > s.at || (at === s.at && t.id > s.id)) {
            s.at = at;
            s.id = t.id;
          }
        }
      }
    }
  }

  /** Adds the batch to the rollup tables (inside the caller's write transaction). */
  async write(trx: Executor, dialect: Dialect): Promise<void> {
    if (this.count === 0) return;
    const lo = (col: string) => least(dialect, sql.raw(`member_totals.${col}`), sql.raw(`excluded.${col}`));
    const hi = (col: string) => greatest(dialect, sql.raw(`member_totals.${col}`), sql.raw(`excluded.${col}`));
    const members = [...this.members].map(([id, m]) => [id, m.balance, m.earned, m.spent, m.refunded, m.movements, m.first, m.last]);
    await sql`
      insert into member_totals (member_id, balance, earned, spent, refunded, movements, first_at, last_at)
      ${jsonRows(dialect, ['int', 'int', 'int', 'int', 'int', 'int', 'int', 'int'], members)}
      on conflict (member_id) do update set
        balance = member_totals.balance + excluded.balance,
        earned = member_totals.earned + excluded.earned,
        spent = member_totals.spent + excluded.spent,
        refunded = member_totals.refunded + excluded.refunded,
        movements = member_totals.movements + excluded.movements,
        first_at = ${lo('first_at')},
        last_at = ${hi('last_at')}`.execute(trx);

    const days = [...this.memberDays].map(([key, d]) => {
      const [member, day] = key.split(':');
      return [Number(member), Number(day), d.earned, d.spent, d.refunded, d.movements];
    });
    await sql`
      insert into member_day_totals (member_id, day, earned, spent, refunded, movements)
      ${jsonRows(dialect, ['int', 'int', 'int', 'int', 'int', 'int'], days)}
      on conflict (member_id, day) do update set
        earned = member_day_totals.earned + excluded.earned,
        spent = member_day_totals.spent + excluded.spent,
        refunded = member_day_totals.refunded + excluded.refunded,
        movements = member_day_totals.movements + excluded.movements`.execute(trx);

    const types = [...this.economyDays].map(([key, e]) => {
      const cut = key.indexOf(':');
      return [Number(key.slice(0, cut)), key.slice(cut + 1), e.movements, e.amount];
    });
    await sql`
      insert into economy_day_totals (day, type, movements, amount)
      ${jsonRows(dialect, ['int', 'text', 'int', 'int'], types)}
      on conflict (day, type) do update set
        movements = economy_day_totals.movements + excluded.movements,
        amount = economy_day_totals.amount + excluded.amount`.execute(trx);

    if (this.scores.size === 0) return;
    const scores = [...this.scores].map(([key, s]) => {
      const [board, period, member] = key.split(':');
      return [board, Number(period), Number(member), s.score, s.at, s.id];
    });
    // The score was reached by the latest earning: (time, id) decides, whatever order the
    // batches came in (a late-committed transaction on PostgreSQL may carry an older time).
    const later = sql`excluded.reached_at > leaderboard_scores.reached_at or (excluded.reached_at = leaderboard_scores.reached_at and excluded.reached_id > leaderboard_scores.reached_id)`;
    await sql`
      insert into leaderboard_scores (board, period, member_id, score, reached_at, reached_id)
      ${jsonRows(dialect, ['text', 'int', 'int', 'int', 'int', 'int'], scores)}
      on conflict (board, period, member_id) do update set
        score = leaderboard_scores.score + excluded.score,
        reached_at = case when ${later} then excluded.reached_at else leaderboard_scores.reached_at end,
        reached_id = case when ${later} then excluded.reached_id else leaderboard_scores.reached_id end`.execute(trx);
  }
}
