/**
 * The daily_state statements. The one-claim-per-economy-day rule is a single guarded
 * upsert: the row changes only when its last claim is on an earlier day, so of any number
 * of concurrent claims (threads, processes, bot instances) exactly one gets a row back.
 *
 * PostgreSQL: INSERT … ON CONFLICT DO UPDATE locks the conflicting row; a second claim
 * waits for the first's commit, then evaluates the WHERE on the committed row (READ
 * COMMITTED re-checks the latest version), finds `last_day = today` and returns nothing.
 * A first-ever claim racing another waits on the first's uncommitted insert the same way.
 * SQLite: the claim runs under BEGIN IMMEDIATE, one writer at a time.
 */
import { sql } from 'kysely';
import type { Dialect } from '../../storage/connect.js';
import type { DailyStateTable } from '../../storage/database.js';
import type { Executor } from '../../storage/write-transaction.js';

export type DailyStateRow = DailyStateTable;

/**
 * Records a claim on economy day `today` at `at`, or returns undefined when the member
 * already claimed on `today` (or a later day). The streak grows when the last claim was
 * on `today - 1`, else restarts at 1; `longest` keeps the maximum. Every column on the
 * right-hand side of SET is the row's value before the update.
 */
export async function recordClaim(
  trx: Executor,
  dialect: Dialect,
  memberId: number,
  today: number,
  at: number,
): Promise<{ streak: number; longest: number } | undefined> {
  const greatest = sql.raw(dialect === 'postgres' ? 'greatest' : 'max');
  const grown = sql`case when daily_state.last_day = excluded.last_day - 1 then daily_state.streak + 1 else 1 end`;
  const { rows } = await sql<{ streak: number; longest: number }>`
    insert into daily_state (member_id, last_day, streak, longest, claims, last_claimed_at)
    values (${memberId}, ${today}, 1, 1, 1, ${at})
    on conflict (member_id) do update set
      last_day = excluded.last_day,
      streak = ${grown},
      longest = ${greatest}(daily_state.longest, ${grown}),
      claims = daily_state.claims + 1,
      last_claimed_at = excluded.last_claimed_at
    where daily_state.last_day is null or daily_state.last_day < excluded.last_day
    returning streak, longest`.execute(trx);
  const row = rows[0];
  return row ? { streak: Number(row.streak), longest: Number(row.longest) } : undefined;
}

export async function readDailyState(db: Executor, memberId: number): Promise<DailyStateRow | undefined> {
  return db.selectFrom('daily_state').selectAll().where('member_id', '=', memberId).executeTakeFirst();
}
