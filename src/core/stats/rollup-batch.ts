/**
 * One batch of transactions folded into the rollups' deltas, in memory, then written as two
 * upserts (one statement each, whatever the batch size). What counts:
 * - earned: EARN_* types (as `profiles.total_earned`); they are also the member's score on
 *   the all-time board and on the week's and month's board holding the movement's day;
 * - spent: |SPEND_*| (refunds are kept apart: SPEC §1's total_spent = spent − refunded);
 * - balance: every amount, signed.
 * A member's week and month columns hold their latest period with earnings: an earning in a
 * later period replaces the score, one in the same period adds to it, one in an earlier
 * period (a late commit on PostgreSQL after the week turned) no longer shows anywhere.
 */
import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { Dialect } from '../../storage/connect.js';
import type { Executor } from '../../storage/write-transaction.js';
import { monthOf, weekOf } from '../leaderboards/boards.js';
import { DayCache } from '../economy-day.js';
import { greatest, jsonRows, least } from './json-rows.js';
import { TOTALS_RETURNING, type TotalsChanges } from '../leaderboards/board-lines.js';
import { DistributionChanges, type TopBoundary } from './distributions.js';

/**
 * What the upsert returns: the boards' columns first (a TotalsRow, board-lines.ts), then
 * what the distributions need to move the member between buckets (distributions.ts).
 */
const RETURNING = [...TOTALS_RETURNING, 'balance', 'movements', 'last_at', 'prev_last_at'] as const;
const at = (column: (typeof RETURNING)[number]) => RETURNING.indexOf(column);
const [MEMBER, EARNED, BALANCE, MOVEMENTS, LAST_AT, PREV_LAST_AT] = (['member_id', 'earned', 'balance', 'movements', 'last_at', 'prev_last_at'] as const).map(at) as [number, number, number, number, number, number];

export interface TransactionFact {
  id: number;
  member_id: number;
  amount: number;
  type: string;
  created_at: number;
}

interface Reach {
  at: number;
  id: number;
}

interface PeriodScore extends Reach {
  period: number;
  score: number;
}

export interface MemberDelta {
  balance: number;
  earned: number;
  spent: number;
  refunded: number;
  movements: number;
  first: number;
  last: number;
  /** The batch's latest earning (it reached the all-time score). */
  reached: Reach;
  week: PeriodScore;
  month: PeriodScore;
}

const isEarnType = (type: string) => type.startsWith('EARN_');
const isSpendType = (type: string) => type.startsWith('SPEND_');
const isRefundType = (type: string) => type.startsWith('REFUND_');
const later = (at: number, id: number, than: Reach) => at > than.at || (at === than.at && id > than.id);

function addTo(p: PeriodScore, period: number, amount: number, at: number, id: number): void {
  if (period < p.period) return;
  if (period > p.period) Object.assign(p, { period, score: amount, at, id });
  else {
    p.score += amount;
    if (later(at, id, p)) Object.assign(p, { at, id });
  }
}

const prepared = new WeakMap<SqliteDatabase.Database, SqliteDatabase.Statement>();

export class RollupBatch {
  readonly #days: DayCache;
  readonly members = new Map<number, MemberDelta>();
  readonly economyDays = new Map<string, { movements: number; amount: number }>();
  count = 0;

  readonly #top: TopBoundary | null;

  /** `top`: the boundary `top_balances` is kept to (distributions.ts); null: not tracked yet. */
  constructor(days: DayCache, top: TopBoundary | null = null) {
    this.#days = days;
    this.#top = top;
  }

  add(t: TransactionFact): void {
    this.count++;
    const amount = Number(t.amount);
    const at = Number(t.created_at);
    const earned = isEarnType(t.type) ? amount : 0;
    const day = this.#days.dayOf(at);

    let m = this.members.get(t.member_id);
    if (!m) {
      m = {
        balance: 0,
        earned: 0,
        spent: 0,
        refunded: 0,
        movements: 0,
        first: at,
        last: at,
        reached: { at: 0, id: 0 },
        week: { period: 0, score: 0, at: 0, id: 0 },
        month: { period: 0, score: 0, at: 0, id: 0 },
      };
      this.members.set(t.member_id, m);
    }
    m.balance += amount;
    m.earned += earned;
    if (isSpendType(t.type)) m.spent -= amount;
    if (isRefundType(t.type)) m.refunded += amount;
    m.movements++;
    m.first = Math.min(m.first, at);
    m.last = Math.max(m.last, at);
    if (earned > 0) {
      if (later(at, t.id, m.reached)) m.reached = { at, id: t.id };
      addTo(m.week, weekOf(day), earned, at, t.id);
      addTo(m.month, monthOf(day), earned, at, t.id);
    }

    const typeKey = `${day}:${t.type}`;
    const e = this.economyDays.get(typeKey);
    if (e) {
      e.movements++;
      e.amount += amount;
    } else {
      this.economyDays.set(typeKey, { movements: 1, amount });
    }
  }

  /** Adds the whole batch to the rollup tables (inside the caller's write transaction; PostgreSQL's batches). */
  async write(trx: Executor, dialect: Dialect, changes: TotalsChanges | null = null): Promise<void> {
    if (this.count === 0) return;
    await this.writeMembers(trx, dialect, this.byMember(), undefined, changes);
    await this.writeDays(trx, dialect);
  }

  /** The members' deltas by ascending member id (SQLite writes a round along `member_totals`' key). */
  byMember(): Array<[number, MemberDelta]> {
    return [...this.members].sort((a, b) => a[0] - b[0]);
  }

  /**
   * Adds these members' deltas to `member_totals` (inside the caller's write transaction)
   * and moves them between the distributions' buckets (distributions.ts).
   * SQLite (`raw`: the handle of the connection the transaction holds): the upsert runs row
   * by row through one statement prepared once, about 4× cheaper than unpacking a JSON array
   * in SQL, which was most of a refresh's time.
   * `changes`: collects each member's new totals as the boards' build reads them (the
   * upsert's `returning`), so the next build need not read them again (board-lines.ts).
   */
  async writeMembers(
    trx: Executor,
    dialect: Dialect,
    members: ReadonlyArray<readonly [number, MemberDelta]>,
    raw?: SqliteDatabase.Database,
    changes?: TotalsChanges | null,
  ): Promise<void> {
    if (members.length === 0) return;
    const t = (col: string) => sql.raw(`member_totals.${col}`);
    const x = (col: string) => sql.raw(`excluded.${col}`);
    const laterThan = (at: string, id: string) => sql`(${x(at)} > ${t(at)} or (${x(at)} = ${t(at)} and ${x(id)} > ${t(id)}))`;
    // A period board: a later period replaces, the same period adds, an earlier one is dropped.
    const period = (p: 'week' | 'month') => {
      const [score, at, id] = [`${p}_score`, `${p}_at`, `${p}_id`];
      const newer = sql`${x(p)} > ${t(p)}`;
      const same = sql`${x(p)} = ${t(p)}`;
      return sql`
        ${sql.raw(score)} = case when ${newer} then ${x(score)} when ${same} then ${t(score)} + ${x(score)} else ${t(score)} end,
        ${sql.raw(at)} = case when ${newer} or (${same} and ${laterThan(at, id)}) then ${x(at)} else ${t(at)} end,
        ${sql.raw(id)} = case when ${newer} or (${same} and ${laterThan(at, id)}) then ${x(id)} else ${t(id)} end,
        ${sql.raw(p)} = ${greatest(dialect, t(p), x(p))}`;
    };
    const rows = members.map(([member, m]) => [
      null,
      member,
      m.balance,
      m.earned,
      m.spent,
      m.refunded,
      m.movements,
      m.first,
      m.last,
      m.reached.at,
      m.reached.id,
      m.week.period,
      m.week.score,
      m.week.at,
      m.week.id,
      m.month.period,
      m.month.score,
      m.month.at,
      m.month.id,
    ]);
    const collect = changes !== undefined && changes !== null && !changes.overflow;
    // prev_last_at: null on an insert (a new row leaves no bucket); an update keeps the replaced last_at.
    const upsert = (source: ReturnType<typeof sql>) => sql`
      insert into member_totals (prev_last_at, member_id, balance, earned, spent, refunded, movements, first_at, last_at,
                                 earned_at, earned_id, week, week_score, week_at, week_id, month, month_score, month_at, month_id)
      ${source}
      on conflict (member_id) do update set
        prev_last_at = ${t('last_at')},
        balance = ${t('balance')} + ${x('balance')},
        earned = ${t('earned')} + ${x('earned')},
        spent = ${t('spent')} + ${x('spent')},
        refunded = ${t('refunded')} + ${x('refunded')},
        movements = ${t('movements')} + ${x('movements')},
        first_at = ${least(dialect, t('first_at'), x('first_at'))},
        last_at = ${greatest(dialect, t('last_at'), x('last_at'))},
        earned_at = case when ${laterThan('earned_at', 'earned_id')} then ${x('earned_at')} else ${t('earned_at')} end,
        earned_id = case when ${laterThan('earned_at', 'earned_id')} then ${x('earned_id')} else ${t('earned_id')} end,
        ${period('week')},
        ${period('month')}
      returning ${sql.raw(RETURNING.join(', '))}`;
    let returned: unknown[][];
    if (raw) {
      let statement = prepared.get(raw);
      if (!statement) {
        statement = raw.prepare(upsert(sql`values (${sql.raw(Array(19).fill('?').join(', '))})`).compile(trx).sql).raw(true);
        prepared.set(raw, statement);
      }
      returned = rows.map((row) => statement.get(row) as unknown[]);
    } else {
      const result = await upsert(jsonRows(dialect, Array(19).fill('int'), rows)).execute(trx);
      returned = (result.rows as Array<Record<string, unknown>>).map((r) => RETURNING.map((c) => r[c]));
    }
    const deltas = new Map(members);
    const moves = new DistributionChanges(this.#top);
    for (const row of returned) {
      if (collect) changes.add(row);
      const member = Number(row[MEMBER]);
      const delta = deltas.get(member)!;
      const prev = row[PREV_LAST_AT];
      moves.add({
        member,
        balance: Number(row[BALANCE]),
        earned: Number(row[EARNED]),
        movements: Number(row[MOVEMENTS]),
        lastAt: Number(row[LAST_AT]),
        prevLastAt: prev === null || prev === undefined ? null : Number(prev),
        delta,
      });
    }
    if (raw) moves.writeRaw(raw);
    else await moves.write(trx, dialect);
  }

  /** Adds the batch's movements per economy day and type to `economy_day_totals`. */
  async writeDays(trx: Executor, dialect: Dialect): Promise<void> {
    if (this.economyDays.size === 0) return;
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
  }
}
