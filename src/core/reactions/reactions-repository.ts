/**
 * The statements of a reaction press (SPEC §3). The rules live in the database:
 *
 * - access, cooldown and daily limit are ONE guarded upsert of the member's reaction_state
 *   row (`claimPress`): the INSERT … SELECT only yields a row when the post is known, in a
 *   FREE or VIP channel, and (VIP) the member may see it; ON CONFLICT DO UPDATE … WHERE
 *   only updates when the cooldown has run out and the day's count is below the limit.
 *   No row back = refused, nothing written. PostgreSQL: the upsert locks the member's row,
 *   so a second press of the same member waits for the first's commit and re-evaluates the
 *   WHERE on the committed row (READ COMMITTED re-checks the latest version). SQLite: the
 *   press runs under BEGIN IMMEDIATE, one writer at a time.
 * - one per post is the reactions key (member, channel, message) and the credit's
 *   idempotency key `reaction:<channel>:<message>` (unique per member): a second press on
 *   a post fails one of them and the whole transaction rolls back.
 *
 * Every column on the right-hand side of SET is the row's value before the update.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../../storage/connect.js';
import type { ChannelKind, Role, ReactionStateTable } from '../../storage/database.js';
import type { Executor } from '../../storage/write-transaction.js';
import type { Movement } from '../ledger/ledger-repository.js';

export interface PressFacts {
  memberId: number;
  channelId: number;
  messageId: number;
  emoji: string;
  now: number;
  /** Economy day number of `now`. */
  today: number;
  cooldownMs: number;
  limit: number;
  /** Listed in configuration as an admin (sees VIP posts without a member row). */
  configuredAdmin: boolean;
}

/** The ledger movement an accepted press pays: one per post (its idempotency key), at the press's time. */
export function pressMovement(press: PressFacts, amount: number): Movement {
  const { memberId, channelId, messageId, emoji, now } = press;
  return {
    memberId,
    amount,
    earned: amount,
    spent: 0,
    type: 'EARN_REACTION',
    reason: '',
    metadata: JSON.stringify({ channel: channelId, post: messageId, emoji }),
    idempotencyKey: `reaction:${channelId}:${messageId}`,
    createIfMissing: true,
    at: now,
  };
}

export interface ClaimedPress {
  /** Valid reactions this economy day, this one included. */
  used: number;
  streak: number;
  longest: number;
}

/**
 * The guarded statement: records the press in reaction_state, or returns undefined when
 * access, cooldown or daily limit refuses it (and then writes nothing). On PostgreSQL the
 * same statement creates the member row of an id never seen (a data-modifying CTE: the
 * foreign key of reaction_state is checked at the end of the statement); on SQLite a
 * statement before it does. Either way a refusal rolls the member back with it.
 */
export async function claimPress(trx: Executor, dialect: Dialect, p: PressFacts): Promise<ClaimedPress | undefined> {
  // reaction_state references members: the row must exist first (rolled back with a refusal).
  if (dialect === 'sqlite') await memberStatement(p).execute(trx);
  const { rows } = await claimStatement(dialect, p).execute(trx);
  return toClaimed(rows[0]);
}

/** The member row of an id never seen (SQLite runs it before the claim; PostgreSQL in it). */
export function memberStatement(p: PressFacts): RawBuilder<unknown> {
  return sql`insert into members (id, created_at, updated_at) values (${p.memberId}, ${p.now}, ${p.now})
                     on conflict (id) do nothing`;
}

/** A bound value, or a placeholder written out (PostgreSQL's one-statement press, postgres-press.ts). */
export type Arg = number | RawBuilder<unknown>;

/** What the claim binds: the press's values, or placeholders. */
export interface ClaimArgs {
  memberId: Arg;
  channelId: Arg;
  messageId: Arg;
  now: Arg;
  today: Arg;
  cooldownMs: Arg;
  limit: Arg;
  configuredAdmin: boolean | RawBuilder<unknown>;
}

/**
 * The guarded upsert of `claimPress`, not executed (the SQLite fast path prepares its text).
 * `inPress`: the claim as a CTE of PostgreSQL's one-statement press — no member CTE of its
 * own (the press only claims for a member with a profile) and only when `ok` has a row.
 */
export function claimStatement(dialect: Dialect, p: ClaimArgs, inPress = false): RawBuilder<ClaimRow> {
  const greatest = sql.raw(dialect === 'postgres' ? 'greatest' : 'max');
  // The reaction streak after this press: unchanged on a day that already counts, +1 on the
  // day after the last one, else a new streak of 1.
  const streak = sql`case when s.streak_day = excluded.day then ${greatest}(s.streak, 1)
                          when s.streak_day = excluded.day - 1 then s.streak + 1
                          else 1 end`;
  const withMember = dialect === 'postgres' && !inPress ? sql`with m as (${memberStatement(p as PressFacts)}) ` : sql``;
  const admin = typeof p.configuredAdmin === 'boolean' ? (p.configuredAdmin ? 1 : 0) : p.configuredAdmin;
  const onlyIfOk = inPress ? sql` and exists (select 1 from ok)` : sql``;
  return sql<ClaimRow>`${withMember}
    insert into reaction_state as s (member_id, last_at, day, day_count, streak, longest, streak_day, total)
    select cast(${p.memberId} as bigint), cast(${p.now} as bigint), cast(${p.today} as integer), 1, 1, 1,
           cast(${p.today} as integer), 1
      from posts p join channels c on c.id = p.channel_id
     where p.channel_id = ${p.channelId} and p.message_id = ${p.messageId}
       and (c.kind = 'FREE' or (c.kind = 'VIP' and (${admin} = 1 or exists (
             select 1 from members v
              where v.id = ${p.memberId} and (v.role = 'ADMIN' or v.vip_expires_at > ${p.now})))))${onlyIfOk}
    on conflict (member_id) do update set
      last_at = excluded.last_at,
      day = excluded.day,
      day_count = case when s.day = excluded.day then s.day_count + 1 else 1 end,
      streak = ${streak},
      longest = ${greatest}(s.longest, ${streak}),
      streak_day = excluded.day,
      total = s.total + 1
    where (${p.cooldownMs} = 0 or s.last_at is null or s.last_at + ${p.cooldownMs} <= excluded.last_at)
      and (s.day <> excluded.day or s.day_count < ${p.limit})
    returning day_count, streak, longest`;
}

export interface ClaimRow {
  day_count: number;
  streak: number;
  longest: number;
}

/** The claim's row as a press (undefined: refused). */
export function toClaimed(row: ClaimRow | undefined): ClaimedPress | undefined {
  return row ? { used: Number(row.day_count), streak: Number(row.streak), longest: Number(row.longest) } : undefined;
}

export interface EmojiCount {
  emoji: string;
  n: number;
}

/**
 * Stores the reaction (its key is the one-per-post rule) and returns the post's counts by
 * emoji, this reaction included. PostgreSQL: one statement (the insert in a CTE, the
 * counts over the committed rows plus the new one); SQLite: the insert, then the counts.
 */
export async function insertReaction(trx: Executor, p: PressFacts, transactionId: number): Promise<void> {
  await reactionStatement(p, transactionId).execute(trx);
}

/** The reaction row of an accepted press (its key refuses a second press on the post). */
export function reactionStatement(p: PressFacts, transactionId: number): RawBuilder<unknown> {
  return sql`
    insert into reactions (member_id, channel_id, message_id, emoji, transaction_id, created_at)
    values (${p.memberId}, ${p.channelId}, ${p.messageId}, ${p.emoji}, ${transactionId}, ${p.now})`;
}

/**
 * Counts by emoji of one post, straight from the reactions table (index
 * `reactions_post_emoji_idx`; no counter row that every press would update, SPEC §11).
 * Undefined when the post is not known.
 */
export async function postCounts(db: Executor, channelId: number, messageId: number): Promise<EmojiCount[] | undefined> {
  const { rows } = await countsStatement(channelId, messageId).execute(db);
  return toCounts(rows);
}

export interface CountRow {
  emoji: string | null;
  n: number;
}

export function countsStatement(channelId: number, messageId: number): RawBuilder<CountRow> {
  // Hand-written (no query builder) like the ledger's hot path: it runs in every press.
  return sql<CountRow>`
    select r.emoji, count(r.emoji) as n
      from posts p left join reactions r on r.channel_id = p.channel_id and r.message_id = p.message_id
     where p.channel_id = ${channelId} and p.message_id = ${messageId}
     group by r.emoji`;
}

export function toCounts(rows: readonly CountRow[]): EmojiCount[] | undefined {
  if (rows.length === 0) return undefined;
  return rows.flatMap((r) => (r.emoji === null ? [] : [{ emoji: r.emoji, n: Number(r.n) }]));
}

/**
 * What a press is checked against, read in one statement: to say which rule refused a press
 * the guard refused, and (issue 14) to refuse a press before any write when the answer is
 * certain — see `certainRefusal` in reactions-service.ts.
 */
export interface PressRefusalFacts {
  channel_kind: ChannelKind | null;
  /** The kind of the post's channel; null when the post is not known. */
  post_kind: ChannelKind | null;
  role: Role | null;
  vip_expires_at: number | null;
  last_at: number | null;
  day: number | null;
  day_count: number | null;
  /** The member already has a reaction on this post (one per post). */
  reacted: boolean;
}

/** The facts' raw row (numbers may come back as text or bigint, `reacted` as 0/1). */
export interface RefusalFactsRow {
  channel_kind: ChannelKind | null;
  post_kind: ChannelKind | null;
  role: Role | null;
  vip_expires_at: number | string | null;
  last_at: number | string | null;
  day: number | string | null;
  day_count: number | string | null;
  reacted: number | boolean;
}

/** The facts' read, not executed (the SQLite fast path prepares it; PostgreSQL's press statement embeds it). */
export function factsStatement(p: Pick<ClaimArgs, 'memberId' | 'channelId' | 'messageId'>): RawBuilder<RefusalFactsRow> {
  return sql<RefusalFactsRow>`
    select pc.kind as post_kind, ch.kind as channel_kind, m.role, m.vip_expires_at, s.last_at, s.day, s.day_count,
           case when exists (select 1 from reactions r
                              where r.member_id = ${p.memberId} and r.channel_id = ${p.channelId} and r.message_id = ${p.messageId})
                then 1 else 0 end as reacted
      from (select 1 as one) base
      left join posts p on p.channel_id = ${p.channelId} and p.message_id = ${p.messageId}
      left join channels pc on pc.id = p.channel_id
      left join channels ch on ch.id = ${p.channelId}
      left join members m on m.id = ${p.memberId}
      left join reaction_state s on s.member_id = ${p.memberId}`;
}

export function toRefusalFacts(row: RefusalFactsRow): PressRefusalFacts {
  const n = (v: number | string | null): number | null => (v === null ? null : Number(v));
  return {
    channel_kind: row.channel_kind,
    post_kind: row.post_kind,
    role: row.role,
    vip_expires_at: n(row.vip_expires_at),
    last_at: n(row.last_at),
    day: n(row.day),
    day_count: n(row.day_count),
    reacted: row.reacted === true || Number(row.reacted) === 1,
  };
}

export async function readRefusalFacts(db: Executor, p: PressFacts): Promise<PressRefusalFacts> {
  const { rows } = await factsStatement(p).execute(db);
  return toRefusalFacts(rows[0]!);
}

export type ReactionStateRow = Omit<ReactionStateTable, 'member_id'>;

export async function readReactionState(db: Executor, memberId: number): Promise<ReactionStateRow | undefined> {
  return db
    .selectFrom('reaction_state')
    .select(['last_at', 'day', 'day_count', 'streak', 'longest', 'streak_day', 'total'])
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}
