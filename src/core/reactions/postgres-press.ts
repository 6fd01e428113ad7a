/**
 * PostgreSQL: a reaction press in ONE statement (issue 14), like the ledger's PG_FAST —
 * one round trip instead of BEGIN, claim, credit, reaction, COMMIT.
 *
 * The data-modifying CTE, in order:
 *   f      the facts of the press (reactions-repository.ts `factsStatement`): post and
 *          channel kind, role and VIP expiry, reaction_state, already reacted;
 *   ok     one row when, on the statement's snapshot, every rule lets the press through
 *          (access, cooldown, daily limit, one per post) AND the member has a profile the
 *          credit's guard accepts (no level-up): the cases this statement can decide;
 *   claim  the repository's own guarded upsert of reaction_state, only when `ok` — its
 *          ON CONFLICT … WHERE re-checks cooldown and limit on the latest committed row
 *          (READ COMMITTED), so concurrency is decided by the database as before;
 *   p, t   the ledger's own guarded update and transaction row (PG_FAST's parts, same
 *          $1 … $9), only when the claim wrote;
 *   r      the reaction row (its key and the transaction's idempotency key refuse a
 *          second press on the post: unique violation, the statement rolls back).
 * It returns the facts, and when accepted the claim, the profile and the transaction id
 * (not the post's counts: see `ReactResult` in reactions-service.ts), and then the rest of
 * the member's reward facts (daily streak, first purchase) as the snapshot has them: with the
 * claim's streak and the profile's totals they are the member's facts after the press, so
 * the reward evaluation that follows need not read them (rewards/known-facts.ts).
 *
 * When `ok` has no row nothing is written at all (no transaction id is even assigned):
 * the caller explains a refusal from the facts, or runs the transactional path (no
 * profile yet, a level-up, a race that the facts do not show). When the claim wrote but
 * the credit's guard refused on the latest row (a concurrent movement reached the level
 * boundary) the statement must not commit the claim alone: the final select divides by
 * zero, PostgreSQL aborts the whole statement (nothing written) and the caller runs the
 * transactional path — results identical to it, as that path decides again.
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import { PG_FAST_INSERT, PG_FAST_UPDATE, pgAppliedMovement, postgresFastParameters, type AppliedMovement, type UpdatedProfile } from '../ledger/movement-statements.js';
import type { Movement } from '../ledger/ledger-repository.js';
import { factsFromRow, type MemberFactsRow } from '../rewards/member-rewards-repository.js';
import type { MemberFacts } from '../rewards/reward-conditions.js';
import type { Executor } from '../../storage/write-transaction.js';
import {
  claimStatement,
  factsStatement,
  toRefusalFacts,
  type ClaimedPress,
  type PressFacts,
  type PressRefusalFacts,
  type RefusalFactsRow,
} from './reactions-repository.js';

const $ = (n: number) => sql.raw(`$${n}`);
/** Placeholders after the credit's $1 … $9 ($1 member, $5 now). */
const ARGS = {
  memberId: $(1),
  now: $(5),
  channelId: $(10),
  messageId: $(11),
  emoji: $(12),
  today: $(13),
  cooldownMs: $(14),
  limit: $(15),
  configuredAdmin: $(16),
};

/**
 * The statement, compiled once (it binds nothing itself: every value is a placeholder).
 * The lateral `mf` holds the rest of the member's reward facts, for an accepted press only:
 * on a refusal its condition on `t` is a one-time filter and none of its rows is looked up.
 * No SQL comments in it: react-pgbench.ts writes the statement on one line for pgbench.
 */
function pressStatement(db: Kysely<Database>): string {
  const a = ARGS;
  return sql`
    with f as (${factsStatement(a)}),
    ok as (
      select 1 from f join profiles pr on pr.member_id = ${a.memberId}
       where (f.post_kind = 'FREE' or (f.post_kind = 'VIP' and (${a.configuredAdmin} = 1 or f.role = 'ADMIN' or f.vip_expires_at > ${a.now})))
         and (${a.cooldownMs} = 0 or f.last_at is null or f.last_at + ${a.cooldownMs} <= ${a.now})
         and (f.day is null or f.day <> ${a.today} or f.day_count < ${a.limit})
         and f.reacted = 0
         and pr.balance + $2 <= ${sql.raw(String(Number.MAX_SAFE_INTEGER))} and pr.total_earned + $3 < pr.next_level_at
    ),
    claim as (${claimStatement('postgres', a, true)}),
    p as (
      ${sql.raw(PG_FAST_UPDATE)} and exists (select 1 from claim)
      returning balance, total_earned, total_spent, level
    ),
    t as (${sql.raw(PG_FAST_INSERT)}),
    r as (
      insert into reactions (member_id, channel_id, message_id, emoji, transaction_id, created_at)
      select ${a.memberId}, ${a.channelId}, ${a.messageId}, ${a.emoji}, t.id, ${a.now} from t
      returning 1
    )
    select f.*, c.day_count as claimed_day_count, c.streak, c.longest,
           t.id as transaction_id, p.balance, p.total_earned, p.total_spent, p.level,
           mf.last_day, mf.daily_streak, mf.daily_claims, mf.first_purchase_at, mf.has_shop_spend,
           1 / (case when c.day_count is not null and t.id is null then 0 else 1 end) as whole
      from f left join claim c on true left join p on true left join t on true
      left join lateral (
        select d.last_day, d.streak as daily_streak, d.claims as daily_claims, rf.first_purchase_at,
               exists (select 1 from transactions sp where sp.member_id = ${a.memberId} and sp.type = 'SPEND_SHOP') as has_shop_spend
          from (select 1) as one
          left join daily_state d on d.member_id = ${a.memberId}
          left join reward_member_facts rf on rf.member_id = ${a.memberId}
         where t.id is not null
      ) mf on true`.compile(db).sql;
}

/** $1 … $16 of the statement for a press and its credit. */
export function pressParameters(p: PressFacts, m: Movement): unknown[] {
  return [
    ...postgresFastParameters(m),
    p.channelId,
    p.messageId,
    p.emoji,
    p.today,
    p.cooldownMs,
    p.limit,
    p.configuredAdmin ? 1 : 0,
  ];
}

type PressRow = RefusalFactsRow &
  Partial<UpdatedProfile> &
  Pick<MemberFactsRow, 'last_day' | 'daily_streak' | 'daily_claims' | 'first_purchase_at' | 'has_shop_spend'> & {
    claimed_day_count: number | null;
    streak: number | null;
    longest: number | null;
    transaction_id: number | string | null;
  };

export type PostgresPress =
  | { kind: 'applied'; claimed: ClaimedPress; applied: AppliedMovement; facts: PressRefusalFacts; memberFacts: MemberFacts }
  /** Nothing written: the facts of the press, to refuse it or to take the transactional path. */
  | { kind: 'facts'; facts: PressRefusalFacts };

const texts = new WeakMap<object, string>();

/** The statement's text for this Kysely (compiled on first use). */
export function postgresPressText(db: Kysely<Database>): string {
  let text = texts.get(db);
  if (!text) {
    text = pressStatement(db);
    texts.set(db, text);
  }
  return text;
}

/**
 * Runs the press as one statement. Throws the unique violation of a repeat that raced
 * past the facts, and `MustTakeTransaction` when the statement rolled itself back.
 */
export async function postgresPress(db: Kysely<Database>, executor: Executor, p: PressFacts, m: Movement): Promise<PostgresPress> {
  let rows: PressRow[];
  try {
    ({ rows } = await executor.executeQuery<PressRow>(CompiledQuery.raw(postgresPressText(db), pressParameters(p, m))));
  } catch (err) {
    if ((err as { code?: string } | null)?.code === '22012') throw new MustTakeTransaction();
    throw err;
  }
  const row = rows[0]!;
  if (row.transaction_id === null || row.transaction_id === undefined) return { kind: 'facts', facts: toRefusalFacts(row) };
  const applied = pgAppliedMovement(row, row.transaction_id);
  const memberFacts = factsFromRow(
    {
      ...row,
      role: row.role!, // an applied press had a profile, so a member row
      total_earned: applied.totalEarned,
      total_spent: applied.totalSpent,
      level: applied.level,
      // The claim's streak counts today, and this press is a reaction.
      streak_day: p.today,
      reaction_streak: row.streak,
      reactions_total: 1,
    },
    p.now,
    p.today,
    p.configuredAdmin,
  );
  return {
    kind: 'applied',
    claimed: { used: Number(row.claimed_day_count), streak: Number(row.streak), longest: Number(row.longest) },
    applied,
    // The statement's facts before its claim (access passed): the repeat memo keeps them.
    facts: toRefusalFacts(row),
    memberFacts,
  };
}

/** The claim wrote but the credit's guard refused on the latest row: nothing was written. */
export class MustTakeTransaction extends Error {}
