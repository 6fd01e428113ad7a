/**
 * Reactions on channel posts (SPEC §3): the channels the bot earns in, the posts it put
 * buttons under, and the press of a button.
 *
 * A press is checked in this order, the first failing check answers:
 *   1. access   — NO_ACCESS, details.reason:
 *                 'UNKNOWN_EMOJI'   the emoji is not one of `reactions.emojis` (a button left
 *                                   from an older emoji set, or forged callback data),
 *                 'UNKNOWN_CHANNEL' the channel is not configured,
 *                 'UNKNOWN_POST'    the channel is known, the post is not,
 *                 'NOT_EARNING'     the channel's kind is OTHER,
 *                 'VIP_ONLY'        a VIP channel post and the member's effective role is FREE;
 *                 (malformed input — a non-integer id, an emoji that is not text — is
 *                 INVALID_INPUT with details.field, before anything is read);
 *   2. cooldown — COOLDOWN { secondsLeft } (whole seconds, rounded up) since the member's
 *                 last VALID reaction (a refusal never restarts it);
 *   3. daily limit — DAILY_LIMIT { used, limit, resetsAt } (valid reactions this economy day);
 *   4. one per post — ALREADY_REACTED { channelId, messageId }, whatever the emoji.
 *
 * A valid press writes, atomically: the guarded upsert of reaction_state (checks 1–3,
 * decided by the database, see reactions-repository.ts), the EARN_REACTION credit through
 * the ledger's statements (key `reaction:<channel>:<message>`, unique per member: check 4),
 * and the reaction row (its key, member + channel + message, is check 4 again). Any refusal
 * rolls all of it back: nothing stored, nothing credited, the cooldown not restarted.
 * Events (movement.applied, level.changed, reaction.accepted) go out after the commit.
 *
 * The hot-post press path (issue 14):
 *   - a member's repeat on a post whose read this process refused for a reason that only
 *     grows (cooldown, limit, already reacted) is answered from those facts, kept 30 s
 *     and moved forward by the member's later accepted presses: no database call at all
 *     (repeat-memo.ts; never an access refusal, never a refusal a read would not give);
 *   - a press the facts certainly refuse (`certainRefusal`: the rules 1–4 on one read) is
 *     answered from that read, no write transaction (a reaction is never deleted, last_at
 *     and the day's count only grow while the press's `now` is fixed, so such a refusal
 *     holds later too; an access refusal is the press arriving before a grant committed);
 *   - PostgreSQL: an accepted press of a member with a profile and no level-up is ONE
 *     statement (postgres-press.ts: facts, guarded claim, credit, reaction, counts), and
 *     the same statement is the read of a refused one; SQLite: one synchronous read,
 *     then the accepted press as one synchronous transaction (sqlite-fast-press.ts);
 *   - everything else (a new member, a level-up, a race the facts did not show) takes
 *     the transactional path: BEGIN, claim, credit (fast or locked), reaction + counts,
 *     COMMIT, which decides exactly as before and explains a refusal from a read.
 * The write paths keep every guard, so concurrent presses are decided by the database
 * (test/core/reactions/press-race-property.test.ts).
 */
import { checkStorableText } from '../storable-text.js';
import type { ChannelKind } from '../../storage/database.js';
import { withReconnects } from '../../storage/connection-loss.js';
import { writeTransaction } from '../../storage/write-transaction.js';
import { dayNumber, dayStart } from '../economy-day.js';
import { EconomyError } from '../errors.js';
import { applyMovementIn, IdempotentReplay, type AppliedMovement } from '../ledger/ledger-repository.js';
import { emitMovement } from '../ledger/movement-events.js';
import { checkMemberId } from '../ledger/movement-input.js';
import type { AdminPolicy } from '../members/admins.js';
import { effectiveRole, hasVipAccess } from '../members/roles.js';
import type { MemberFacts } from '../rewards/reward-conditions.js';
import {
  claimPress,
  insertReaction,
  postCounts,
  readReactionState,
  readRefusalFacts,
  type ClaimedPress,
  type EmojiCount,
  type PressFacts,
  type PressRefusalFacts,
  pressMovement,
} from './reactions-repository.js';
import { MustTakeTransaction, postgresPress } from './postgres-press.js';
import { RepeatMemo } from './repeat-memo.js';
import { sqliteFastPress } from './sqlite-fast-press.js';
import type { EngineContext } from '../engine-context.js';

export const CHANNEL_KINDS: readonly ChannelKind[] = ['FREE', 'VIP', 'OTHER'];
export const MAX_CHANNEL_TITLE_LENGTH = 255;
const MAX_EMOJI_LENGTH = 16;

export interface ChannelConfig {
  /** Telegram chat id (negative for channels). */
  id: number;
  kind: ChannelKind;
  /** Omitted: an existing title is kept. */
  title?: string | null;
}

export interface Channel {
  id: number;
  kind: ChannelKind;
  title: string | null;
}

export interface RegisteredPost {
  channelId: number;
  messageId: number;
  kind: ChannelKind;
  /** false when the post was already known (registering is idempotent). */
  created: boolean;
}

export interface ReactInput {
  memberId: number;
  channelId: number;
  messageId: number;
  emoji: string;
}

/** Counts by emoji under one post: every configured emoji, 0 included. */
export type ReactionCounts = Record<string, number>;

export interface ReactResult {
  /** Credited as EARN_REACTION (`reactions.amount` at the time of the press). */
  amount: number;
  /** Valid reactions this economy day, this one included, and the limit: "(3/20)". */
  used: number;
  limit: number;
  /** Reaction streak (economy days in a row with a valid reaction) after this press. */
  streak: number;
  transactionId: number;
  /** Balance after the credit. */
  balance: number;
}

export interface ReactionStreak {
  /** 0 once a whole economy day was missed, whether a job persisted it or not. */
  current: number;
  longest: number;
  /** Economy day number of the last valid reaction, or null. */
  lastDay: number | null;
  /** Valid reactions ever. */
  total: number;
}

export interface TodayUsage {
  /** Valid reactions this economy day. */
  used: number;
  limit: number;
  /** Economy day number of now. */
  day: number;
}

/** Thrown inside the transaction to roll it back when a press must be tried again. */
class TryAgain {}

export class ReactionsService {
  readonly #ctx: EngineContext;
  /** Repeats answered from what an earlier read of this process refused (repeat-memo.ts). */
  readonly #repeats = new RepeatMemo();

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates or updates channels (the free and VIP channels named by configuration or an
   * admin; OTHER for chats where the bot is but nobody earns). One transaction.
   */
  async configureChannels(configs: readonly ChannelConfig[]): Promise<Channel[]> {
    if (!Array.isArray(configs)) throw new EconomyError('INVALID_INPUT', 'channels must be a list', { field: 'channels' });
    const checked = configs.map((c, i) => checkChannelConfig(c, i));
    const ids = new Set<number>();
    for (const c of checked) {
      if (ids.has(c.id)) throw new EconomyError('INVALID_INPUT', `channel ${c.id} is listed twice`, { field: 'id', channelId: c.id });
      ids.add(c.id);
    }
    const now = this.#ctx.clock.now();
    return writeTransaction(this.#ctx.storage, async (trx) => {
      const out: Channel[] = [];
      for (const c of checked) {
        const row = await trx
          .insertInto('channels')
          .values({ id: c.id, kind: c.kind, title: c.title ?? null, created_at: now, updated_at: now })
          .onConflict((oc) =>
            oc.column('id').doUpdateSet((eb) => ({
              kind: eb.ref('excluded.kind'),
              ...(c.title !== undefined ? { title: eb.ref('excluded.title') } : {}),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returning(['id', 'kind', 'title'])
          .executeTakeFirstOrThrow();
        out.push({ id: Number(row.id), kind: row.kind, title: row.title });
      }
      return out;
    });
  }

  /** Every configured channel, by id. */
  async channels(): Promise<Channel[]> {
    const rows = await this.#ctx.storage.db.selectFrom('channels').select(['id', 'kind', 'title']).orderBy('id').execute();
    return rows.map((r) => ({ id: Number(r.id), kind: r.kind, title: r.title }));
  }

  /**
   * Makes a post known (the bot saw it in a channel, or an admin published it through the
   * bot). Idempotent. NOT_FOUND when the channel is not configured.
   */
  async registerPost(channelIdInput: number, messageIdInput: number): Promise<RegisteredPost> {
    const channelId = checkChannelId(channelIdInput);
    const messageId = checkMessageId(messageIdInput);
    const db = this.#ctx.storage.db;
    const channel = await db.selectFrom('channels').select('kind').where('id', '=', channelId).executeTakeFirst();
    if (!channel) throw new EconomyError('NOT_FOUND', `channel ${channelId} is not configured`, { channelId });
    // Channels are never deleted; were one removed meanwhile, the foreign key would refuse.
    const inserted = await db
      .insertInto('posts')
      .values({ channel_id: channelId, message_id: messageId, created_at: this.#ctx.clock.now() })
      .onConflict((oc) => oc.columns(['channel_id', 'message_id']).doNothing())
      .returning('message_id')
      .executeTakeFirst();
    return { channelId, messageId, kind: channel.kind, created: inserted !== undefined };
  }

  /** A press of a reaction button (or a native reaction where Telegram reports them). */
  async react(input: ReactInput): Promise<ReactResult> {
    const memberId = checkMemberId(input?.memberId);
    const channelId = checkChannelId(input.channelId);
    const messageId = checkMessageId(input.messageId);
    const emoji = checkEmoji(input.emoji);
    const settings = await this.#ctx.settings.all();
    const emojis = settings['reactions.emojis'];
    if (!emojis.includes(emoji)) {
      throw new EconomyError('NO_ACCESS', `${emoji} is not one of the reactions (${emojis.join(' ')})`, {
        reason: 'UNKNOWN_EMOJI',
        emoji,
      });
    }
    const now = this.#ctx.clock.now();
    const timeZone = settings['economy.timezone'];
    const press: PressFacts = {
      memberId,
      channelId,
      messageId,
      emoji,
      now,
      today: dayNumber(now, timeZone),
      cooldownMs: settings['reactions.cooldown_seconds'] * 1000,
      limit: settings['reactions.daily_limit'],
      configuredAdmin: this.#ctx.admins.isConfiguredAdmin(memberId),
    };
    const amount = settings['reactions.amount'];
    const movement = pressMovement(press, amount);
    const dialect = this.#ctx.storage.dialect;
    const alreadyReacted = () =>
      new EconomyError('ALREADY_REACTED', `member ${memberId} already reacted to post ${messageId} of ${channelId}`, {
        channelId,
        messageId,
      });
    // Issue 14: a press the facts certainly refuse is answered from a read, no write
    // transaction. Certain because what refuses only grows while `now` is fixed: a post's
    // reaction is never deleted, last_at and the day's count only go up (a refusal never
    // restarts them); an access refusal is the press arriving before a grant committed.
    const certainRefusal = (facts: PressRefusalFacts): EconomyError | undefined =>
      refusalOf(facts, press, this.#ctx.admins, timeZone) ?? (facts.reacted ? alreadyReacted() : undefined);
    // A read's refusal for a reason that only grows is kept, and answers this member's next
    // presses on the post without the database (repeat-memo.ts); never an access refusal.
    const refusedByRead = (facts: PressRefusalFacts): EconomyError | undefined => {
      const refusal = certainRefusal(facts);
      if (refusal && refusal.code !== 'NO_ACCESS') this.#repeats.learn(press, facts);
      return refusal;
    };
    const remembered = this.#repeats.recall(press);
    if (remembered) {
      const refusal = certainRefusal(remembered);
      if (refusal && refusal.code !== 'NO_ACCESS') throw refusal;
    }

    let done: { claimed: ClaimedPress; applied: AppliedMovement; facts?: PressRefusalFacts; memberFacts?: MemberFacts } | undefined;
    if (dialect === 'sqlite') {
      // One synchronous read, then (when no rule refuses) the accepted press in one
      // synchronous transaction (sqlite-fast-press.ts); undefined: the loop below answers.
      const fast = await sqliteFastPress(this.#ctx.storage, press, movement, (facts) => certainRefusal(facts) !== undefined);
      if (fast && 'refused' in fast) throw refusedByRead(fast.refused)!;
      done = fast;
    } else {
      // One statement (postgres-press.ts): the press applied, or nothing written and its facts.
      try {
        // A lost connection: tried again only when nothing can have committed (as the
        // transactional path would), else a ConnectionLostError for the caller.
        const db = this.#ctx.storage.db;
        const out = await withReconnects(() => postgresPress(db, db, press, movement), { repeatable: false });
        if (out.kind === 'applied') done = out;
        else {
          const refusal = refusedByRead(out.facts);
          if (refusal) throw refusal;
        }
      } catch (err) {
        if (isDuplicateReaction(err)) throw alreadyReacted();
        if (!(err instanceof MustTakeTransaction)) throw err;
      }
    }
    // The transactional path: a new member, a level-up, a race the facts did not show.
    // A refusal is explained from a read after the guard said no; on PostgreSQL another
    // commit can land in between and make that read show no reason (a VIP granted, the
    // limit raised): the press is then simply tried again.
    for (let attempt = 1; done === undefined; attempt++) {
      try {
        done = await writeTransaction(this.#ctx.storage, async (trx) => {
          const claimed = await claimPress(trx, dialect, press);
          if (!claimed) {
            const refusal = refusalOf(await readRefusalFacts(trx, press), press, this.#ctx.admins, timeZone);
            if (refusal) throw refusal;
            throw new TryAgain();
          }
          const applied = await applyMovementIn(trx, dialect, movement, this.#ctx.formula);
          await insertReaction(trx, press, applied.transactionId);
          return { claimed, applied };
        });
      } catch (err) {
        if (err instanceof TryAgain && attempt < 3) continue;
        if (err instanceof IdempotentReplay || isDuplicateReaction(err)) throw alreadyReacted();
        if (err instanceof TryAgain) throw new Error(`reaction press of ${memberId} refused without a reason three times`);
        throw err;
      }
    }

    const { claimed, applied, facts, memberFacts } = done;
    this.#repeats.accepted(press, claimed.used, facts);
    // The press in one go returned the member's facts after it (PostgreSQL's statement,
    // SQLite's transaction): its reward evaluation (a listener of the movement) takes them
    // instead of reading them.
    if (memberFacts) this.#ctx.knownFacts.offer(applied.transactionId, memberFacts);
    try {
      await emitMovement(this.#ctx.events, movement, applied);
    } finally {
      if (memberFacts) this.#ctx.knownFacts.drop(applied.transactionId);
    }
    await this.#ctx.events?.emit('reaction.accepted', {
      memberId,
      channelId,
      messageId,
      emoji,
      amount,
      transactionId: applied.transactionId,
      used: claimed.used,
      limit: press.limit,
      streak: claimed.streak,
      at: now,
    });
    return {
      amount,
      used: claimed.used,
      limit: press.limit,
      streak: claimed.streak,
      transactionId: applied.transactionId,
      balance: applied.balance,
    };
  }

  /** Counts by configured emoji under a post (0 included). NOT_FOUND for an unknown post. */
  async counts(channelIdInput: number, messageIdInput: number): Promise<ReactionCounts> {
    const channelId = checkChannelId(channelIdInput);
    const messageId = checkMessageId(messageIdInput);
    const settings = await this.#ctx.settings.all();
    const rows = await postCounts(this.#ctx.storage.db, channelId, messageId);
    if (!rows) throw new EconomyError('NOT_FOUND', `post ${messageId} of channel ${channelId} is not known`, { channelId, messageId });
    return countsByEmoji(settings['reactions.emojis'], rows);
  }

  /** The member's reaction streak, effective now (a missed economy day reads as 0). */
  async streak(memberIdInput: number): Promise<ReactionStreak> {
    const memberId = checkMemberId(memberIdInput);
    const settings = await this.#ctx.settings.all();
    const today = dayNumber(this.#ctx.clock.now(), settings['economy.timezone']);
    const row = await readReactionState(this.#ctx.storage.db, memberId);
    if (!row) return { current: 0, longest: 0, lastDay: null, total: 0 };
    const lastDay = row.streak_day === null ? null : Number(row.streak_day);
    return {
      current: lastDay !== null && lastDay >= today - 1 ? Number(row.streak) : 0,
      longest: Number(row.longest),
      lastDay,
      total: Number(row.total),
    };
  }

  /** Valid reactions of the member this economy day, and the limit. */
  async todayUsed(memberIdInput: number): Promise<TodayUsage> {
    const memberId = checkMemberId(memberIdInput);
    const settings = await this.#ctx.settings.all();
    const day = dayNumber(this.#ctx.clock.now(), settings['economy.timezone']);
    const row = await readReactionState(this.#ctx.storage.db, memberId);
    const used = row && Number(row.day) === day ? Number(row.day_count) : 0;
    return { used, limit: settings['reactions.daily_limit'], day };
  }
}

/** Which rule refused a press, in the order of SPEC §3; undefined when none does now. */
function refusalOf(
  facts: PressRefusalFacts,
  p: PressFacts,
  admins: AdminPolicy,
  timeZone: string,
): EconomyError | undefined {
  const where = { channelId: p.channelId, messageId: p.messageId };
  if (facts.post_kind === null) {
    return facts.channel_kind === null
      ? new EconomyError('NO_ACCESS', `channel ${p.channelId} is not one of the community's channels`, { reason: 'UNKNOWN_CHANNEL', ...where })
      : new EconomyError('NO_ACCESS', `post ${p.messageId} of channel ${p.channelId} is not known`, { reason: 'UNKNOWN_POST', ...where });
  }
  if (facts.post_kind === 'OTHER') {
    return new EconomyError('NO_ACCESS', `reactions in channel ${p.channelId} earn nothing`, { reason: 'NOT_EARNING', ...where });
  }
  if (facts.post_kind === 'VIP') {
    const member = facts.role === null ? undefined : { role: facts.role, vip_expires_at: facts.vip_expires_at };
    if (!hasVipAccess(effectiveRole(member, p.now, admins.isConfiguredAdmin(p.memberId)))) {
      return new EconomyError('NO_ACCESS', 'this post is for VIP members', { reason: 'VIP_ONLY', ...where });
    }
  }
  if (p.cooldownMs > 0 && facts.last_at !== null && facts.last_at + p.cooldownMs > p.now) {
    const secondsLeft = Math.ceil((facts.last_at + p.cooldownMs - p.now) / 1000);
    return new EconomyError('COOLDOWN', `wait ${secondsLeft} s before the next reaction`, { secondsLeft });
  }
  if (facts.day === p.today && facts.day_count !== null && facts.day_count >= p.limit) {
    return new EconomyError('DAILY_LIMIT', `${facts.day_count}/${p.limit} reactions today: the limit is reached`, {
      used: facts.day_count,
      limit: p.limit,
      resetsAt: dayStart(p.today + 1, timeZone),
    });
  }
  return undefined;
}

function countsByEmoji(emojis: readonly string[], rows: readonly EmojiCount[]): ReactionCounts {
  const counts = new Map<string, number>(emojis.map((e) => [e, 0]));
  for (const r of rows) if (counts.has(r.emoji)) counts.set(r.emoji, r.n);
  return Object.fromEntries(counts);
}

/** The one-per-post keys: the credit's idempotency key or the reactions key. */
function isDuplicateReaction(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  if (!e) return false;
  if (e.code === '23505') return e.constraint === 'transactions_idempotency_idx' || e.constraint === 'reactions_pk';
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return /\b(reactions|transactions)\./.test(e.message ?? '');
  }
  return false;
}

function checkChannelId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value === 0) {
    throw new EconomyError('INVALID_INPUT', `channel must be a Telegram chat id (a non-zero integer), got ${show(value)}`, { field: 'channel' });
  }
  return value;
}

function checkMessageId(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new EconomyError('INVALID_INPUT', `post must be a positive integer message id, got ${show(value)}`, { field: 'post' });
  }
  return value;
}

function checkEmoji(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_EMOJI_LENGTH) {
    throw new EconomyError('INVALID_INPUT', `emoji must be text of 1 to ${MAX_EMOJI_LENGTH} characters`, { field: 'emoji' });
  }
  return checkStorableText(value, 'emoji');
}

function checkChannelConfig(value: unknown, index: number): ChannelConfig {
  if (typeof value !== 'object' || value === null) {
    throw new EconomyError('INVALID_INPUT', `channel ${index + 1} must be an object { id, kind, title? }`, { field: 'channels' });
  }
  const c = value as Record<string, unknown>;
  const id = checkChannelId(c.id);
  if (typeof c.kind !== 'string' || !(CHANNEL_KINDS as readonly string[]).includes(c.kind)) {
    throw new EconomyError('INVALID_INPUT', `kind of channel ${id} must be FREE, VIP or OTHER, got ${show(c.kind)}`, { field: 'kind' });
  }
  const title = c.title;
  if (title !== undefined && title !== null && (typeof title !== 'string' || [...title].length > MAX_CHANNEL_TITLE_LENGTH)) {
    throw new EconomyError('INVALID_INPUT', `title of channel ${id} must be text of at most ${MAX_CHANNEL_TITLE_LENGTH} characters`, {
      field: 'title',
    });
  }
  if (typeof title === 'string') checkStorableText(title, 'title');
  return { id, kind: c.kind as ChannelKind, ...(title !== undefined ? { title: title as string | null } : {}) };
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return typeof value;
}
