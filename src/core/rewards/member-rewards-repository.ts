/**
 * Reads and writes of a member's side of the rewards: the occurrences (`member_rewards`),
 * the facts conditions are checked against, the first purchase. Every write runs inside the
 * caller's write transaction; the unique key (member, reward, occurrence) and the guarded
 * UPDATE of a pending occurrence are the rules that hold across processes.
 */
import { CompiledQuery, sql } from 'kysely';
import type { Executor } from '../../storage/write-transaction.js';
import type { MemberRewardRow, RewardRow } from '../../storage/rewards-tables.js';
import { effectiveStreak } from '../daily/daily-rules.js';
import { effectiveRole } from '../members/roles.js';
import type { MemberFacts } from './reward-conditions.js';

export const HOUR_MS = 3_600_000;

export function normaliseMemberReward(r: MemberRewardRow): MemberRewardRow {
  const n = (v: number | null) => (v === null ? null : Number(v));
  return {
    ...r,
    id: Number(r.id),
    member_id: Number(r.member_id),
    reward_id: Number(r.reward_id),
    unlocked_at: Number(r.unlocked_at),
    expires_at: n(r.expires_at),
    granted_at: n(r.granted_at),
    granted_value: n(r.granted_value),
    transaction_id: n(r.transaction_id),
  };
}

function factsQuery(db: Executor, memberId: number) {
  return db
    .selectFrom('members as m')
    .leftJoin('profiles as p', 'p.member_id', 'm.id')
    .leftJoin('daily_state as d', 'd.member_id', 'm.id')
    .leftJoin('reaction_state as r', 'r.member_id', 'm.id')
    .leftJoin('reward_member_facts as f', 'f.member_id', 'm.id')
    .select([
      'm.role',
      'm.vip_expires_at',
      'p.total_earned',
      'p.total_spent',
      'p.level',
      'd.last_day',
      'd.streak as daily_streak',
      'd.claims as daily_claims',
      'r.streak_day',
      'r.streak as reaction_streak',
      'r.total as reactions_total',
      'f.first_purchase_at',
    ])
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('transactions as t')
            .select(sql`1`.as('one'))
            .whereRef('t.member_id', '=', 'm.id')
            // A literal, not a parameter: only then may either planner use the partial
            // index of shop spends (0018) for a prepared statement.
            .where('t.type', '=', sql.lit('SPEND_SHOP')),
        )
        .as('has_shop_spend'),
    )
    .where('m.id', '=', memberId);
}

type FactsRow = NonNullable<Awaited<ReturnType<ReturnType<typeof factsQuery>['executeTakeFirst']>>>;

/** Stands for the member id when the facts statement is compiled once per handle. */
const MEMBER_SLOT = -7_310_000_000_001;
const factsTexts = new WeakMap<Executor, { sql: string; parameters: readonly unknown[] }>();

/**
 * What the member has now (effective streaks and role), or undefined for an unknown member.
 * The statement is built and compiled once per handle (issue 14: evaluation reads the facts
 * after every movement; building the five-table select each time was a share of its CPU);
 * only the member id changes between calls.
 */
export async function readFacts(
  db: Executor,
  memberId: number,
  now: number,
  today: number,
  configuredAdmin: boolean,
): Promise<MemberFacts | undefined> {
  const { rows } = await db.executeQuery<FactsRow>(factsRead(db, memberId));
  const row = rows[0];
  return row ? factsFromRow(row, now, today, configuredAdmin) : undefined;
}

/** The facts read for one member, compiled by `db` (once per handle), not executed: SQLite's fast press runs it in its transaction. */
export function factsRead(db: Executor, memberId: number): CompiledQuery<MemberFactsRow> {
  let text = factsTexts.get(db);
  if (!text) {
    const compiled = factsQuery(db, MEMBER_SLOT).compile();
    text = { sql: compiled.sql, parameters: compiled.parameters };
    factsTexts.set(db, text);
  }
  return CompiledQuery.raw(text.sql, text.parameters.map((v) => (v === MEMBER_SLOT ? memberId : v)));
}

/** The columns the facts are made of (numbers may come back as text or bigint). */
export interface MemberFactsRow {
  role: FactsRow['role'];
  vip_expires_at: number | string | null;
  total_earned: number | string | null;
  total_spent: number | string | null;
  level: number | string | null;
  last_day: number | string | null;
  daily_streak: number | string | null;
  daily_claims: number | string | null;
  streak_day: number | string | null;
  reaction_streak: number | string | null;
  reactions_total: number | string | null;
  first_purchase_at: number | string | null;
  has_shop_spend: number | string | boolean | null;
}

/** The facts at `now` from their columns: readFacts', and an accepted press's (postgres-press.ts, sqlite-fast-press.ts). */
export function factsFromRow(row: MemberFactsRow, now: number, today: number, configuredAdmin: boolean): MemberFacts {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const lastDay = num(row.last_day);
  const streakDay = num(row.streak_day);
  return {
    dailyStreak: effectiveStreak(lastDay, Number(row.daily_streak ?? 0), today),
    reactionStreak: effectiveStreak(streakDay, Number(row.reaction_streak ?? 0), today),
    totalEarned: Number(row.total_earned ?? 0),
    totalSpent: Number(row.total_spent ?? 0),
    level: Number(row.level ?? 1),
    firstPurchase: row.first_purchase_at !== null || Boolean(Number(row.has_shop_spend)) || row.has_shop_spend === true,
    firstDailyGift: Number(row.daily_claims ?? 0) > 0 || lastDay !== null,
    firstReaction: Number(row.reactions_total ?? 0) > 0,
    role: effectiveRole({ role: row.role, vip_expires_at: num(row.vip_expires_at) }, now, configuredAdmin),
  };
}

/** The member's occurrences, by reward, oldest first. */
export async function readOccurrences(db: Executor, memberId: number, rewardId?: number): Promise<Map<number, MemberRewardRow[]>> {
  let q = db.selectFrom('member_rewards').selectAll().where('member_id', '=', memberId);
  if (rewardId !== undefined) q = q.where('reward_id', '=', rewardId);
  const rows = await q.orderBy('reward_id').orderBy('occurrence').execute();
  const out = new Map<number, MemberRewardRow[]>();
  for (const raw of rows) {
    const r = normaliseMemberReward(raw);
    let list = out.get(r.reward_id);
    if (!list) out.set(r.reward_id, (list = []));
    list.push(r);
  }
  return out;
}

/** Records that the member made a purchase (a free one moves no besitos). Idempotent. */
export async function recordPurchase(db: Executor, memberId: number, at: number): Promise<void> {
  await db
    .insertInto('reward_member_facts')
    .values({ member_id: memberId, first_purchase_at: at })
    .onConflict((oc) =>
      oc.column('member_id').doUpdateSet({ first_purchase_at: sql<number>`coalesce(reward_member_facts.first_purchase_at, excluded.first_purchase_at)` }),
    )
    .execute();
}

/**
 * The unlock: one row for (member, reward, occurrence). Returns undefined when another
 * evaluation inserted it first (on PostgreSQL the insert waits for that transaction and
 * then does nothing, without aborting this one).
 */
export async function insertOccurrence(
  db: Executor,
  row: {
    memberId: number;
    rewardId: number;
    occurrence: number;
    status: 'UNLOCKED' | 'CLAIMED';
    at: number;
    expiresAt: number | null;
    kind: RewardRow['kind'];
    /** A grant that moves nothing (a badge, a content set), recorded with the occurrence itself. */
    grant?: { value: number | null };
  },
): Promise<MemberRewardRow | undefined> {
  const inserted = await db
    .insertInto('member_rewards')
    .values({
      member_id: row.memberId,
      reward_id: row.rewardId,
      occurrence: row.occurrence,
      status: row.status,
      unlocked_at: row.at,
      expires_at: row.expiresAt,
      granted_at: row.status === 'CLAIMED' ? row.at : null,
      kind: row.kind,
      ...(row.grant ? { granted_value: row.grant.value, capped: 0 } : {}),
    })
    .onConflict((oc) => oc.columns(['member_id', 'reward_id', 'occurrence']).doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ? normaliseMemberReward(inserted) : undefined;
}

/** The claim of a pending manual occurrence: only while it is UNLOCKED and its window open. */
export async function claimPending(db: Executor, memberId: number, rewardId: number, at: number): Promise<MemberRewardRow | undefined> {
  const row = await db
    .updateTable('member_rewards')
    .set({ status: 'CLAIMED', granted_at: at })
    .where('member_id', '=', memberId)
    .where('reward_id', '=', rewardId)
    .where('status', '=', 'UNLOCKED')
    .where('expires_at', '>', at)
    .returningAll()
    .executeTakeFirst();
  return row ? normaliseMemberReward(row) : undefined;
}

export async function recordGrant(
  db: Executor,
  id: number,
  grant: { value: number | null; capped: boolean; transactionId: number | null },
): Promise<void> {
  await db
    .updateTable('member_rewards')
    .set({ granted_value: grant.value, capped: grant.capped ? 1 : 0, transaction_id: grant.transactionId })
    .where('id', '=', id)
    .execute();
}

/**
 * The occurrence a member could unlock next, or null: the first one; for a repeatable
 * reward the next once the last is claimed (or expired) and its cooldown has run, while
 * below the maximum. `availableAt` says when the cooldown ends.
 */
export function nextOccurrence(
  reward: Pick<RewardRow, 'repeatable' | 'cooldown_hours' | 'max_claims'>,
  occurrences: readonly MemberRewardRow[],
  now: number,
): { occurrence: number | null; availableAt: number | null } {
  const last = occurrences[occurrences.length - 1];
  if (!last) return { occurrence: 1, availableAt: null };
  if (reward.repeatable !== 1) return { occurrence: null, availableAt: null };
  if (reward.max_claims !== null && occurrences.length >= reward.max_claims) return { occurrence: null, availableAt: null };
  const from = last.status === 'CLAIMED' ? last.granted_at : last.expires_at !== null && last.expires_at <= now ? last.expires_at : null;
  if (from === null) return { occurrence: null, availableAt: null }; // still waiting to be claimed
  const availableAt = from + (reward.cooldown_hours ?? 0) * HOUR_MS;
  return now >= availableAt ? { occurrence: last.occurrence + 1, availableAt } : { occurrence: null, availableAt };
}

/** Rewards by how many times they were granted (claimed), most first, ties by id. */
export async function readMostGranted(db: Executor, limit: number): Promise<Array<{ rewardId: number; name: string; granted: number }>> {
  const rows = await db
    .selectFrom('member_rewards as m')
    .innerJoin('rewards as r', 'r.id', 'm.reward_id')
    .select((eb) => ['r.id as id', 'r.name as name', eb.fn.countAll<number>().as('n')])
    .where('m.status', '=', 'CLAIMED')
    .groupBy(['r.id', 'r.name'])
    .orderBy('n', 'desc')
    .orderBy('r.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ rewardId: Number(r.id), name: r.name, granted: Number(r.n) }));
}

/** The member's latest granted occurrence of a CONTENT reward and the set it granted, if any. */
export async function readLatestContentGrant(
  db: Executor,
  memberId: number,
  rewardId: number,
): Promise<{ id: number; occurrence: number; contentSetId: number } | undefined> {
  const row = await db
    .selectFrom('member_rewards')
    .select(['id', 'occurrence', 'granted_value'])
    .where('member_id', '=', memberId)
    .where('reward_id', '=', rewardId)
    .where('status', '=', 'CLAIMED')
    .where('kind', '=', 'CONTENT')
    .where('granted_value', 'is not', null)
    .orderBy('occurrence', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { id: Number(row.id), occurrence: row.occurrence, contentSetId: Number(row.granted_value) } : undefined;
}

/** The member's VIP expiry as it stands in the caller's transaction (after a VIP_DAYS grant). */
export async function readVipExpiry(db: Executor, memberId: number): Promise<Date | null> {
  const member = await db.selectFrom('members').select('vip_expires_at').where('id', '=', memberId).executeTakeFirst();
  return member?.vip_expires_at == null ? null : new Date(Number(member.vip_expires_at));
}
