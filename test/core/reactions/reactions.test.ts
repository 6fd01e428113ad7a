/**
 * Reactions on channel posts (SPEC §3) on both databases, with exact numbers and times:
 * the order of the checks, the cooldown, the daily limit by economy day (also in
 * Europe/Madrid and across DST), VIP-only posts, refusals that change nothing, the
 * configured amount, the reaction streak and the counts by emoji.
 */
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../src/core/economy-day.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { testDialects } from '../../helpers/dialects.js';
import { refusal } from '../../helpers/ledger-fixtures.js';
import {
  balanceOf,
  CONFIGURED_ADMIN,
  DEVIL,
  FIRE,
  FREE_CHANNEL,
  HEART,
  insertMember,
  KISS,
  OTHER_CHANNEL,
  snapshotOf,
  stateRow,
  useReactions,
  VIP_CHANNEL,
} from './reactions-fixture.js';

const T0 = Date.parse('2025-03-01T12:00:00Z');
/** T0 plus `s` seconds. */
const t = (s: number) => T0 + s * 1000;
/** Economy day numbers (days since 1970-01-01) of 2025-03-01 and after, in UTC. */
const MARCH_1 = 20148;
const ZEROS = { [HEART]: 0, [FIRE]: 0, [KISS]: 0, [DEVIL]: 0 };

for (const dialect of testDialects()) {
  describe(`reactions (${dialect.name})`, () => {
    const ctx = useReactions(dialect, T0);
    const verifyOk = async () => expect((await verifyLedger(ctx.storage)).violations).toEqual([]);

    describe('a valid press', () => {
      it('stores the reaction and credits reactions.amount as EARN_REACTION, in one go; a new id becomes a member', async () => {
        await ctx.posts(FREE_CHANNEL, 1);
        const result = await ctx.press(42, FREE_CHANNEL, 1, FIRE);
        expect(result).toEqual({
          amount: 5,
          used: 1,
          limit: 20,
          streak: 1,
          transactionId: result.transactionId,
          balance: 5,
        });
        expect(await ctx.reactions.counts(FREE_CHANNEL, 1)).toEqual({ ...ZEROS, [FIRE]: 1 });
        const tx = await ctx.storage.db.selectFrom('transactions').selectAll().executeTakeFirstOrThrow();
        expect({ ...tx, metadata: JSON.parse(tx.metadata) }).toEqual({
          id: result.transactionId,
          member_id: 42,
          amount: 5,
          type: 'EARN_REACTION',
          reason: '',
          metadata: { channel: FREE_CHANNEL, post: 1, emoji: FIRE },
          idempotency_key: `reaction:${FREE_CHANNEL}:1`,
          balance_after: 5,
          created_at: T0,
        });
        expect(await ctx.storage.db.selectFrom('reactions').selectAll().execute()).toEqual([
          { member_id: 42, channel_id: FREE_CHANNEL, message_id: 1, emoji: FIRE, transaction_id: result.transactionId, created_at: T0 },
        ]);
        expect(await ctx.storage.db.selectFrom('members').select(['id', 'role']).execute()).toEqual([{ id: 42, role: 'FREE' }]);
        expect(await stateRow(ctx.storage, 42)).toEqual({
          member_id: 42,
          last_at: T0,
          day: MARCH_1,
          day_count: 1,
          streak: 1,
          longest: 1,
          streak_day: MARCH_1,
          total: 1,
        });
        await verifyOk();
      });

      it('announces the movement and the reaction after the commit, nothing for refusals', async () => {
        await ctx.posts(FREE_CHANNEL, 2);
        const r = await ctx.press(42, FREE_CHANNEL, 1, KISS);
        await refusal(ctx.press(42, FREE_CHANNEL, 2, KISS, t(1)), 'COOLDOWN');
        expect(ctx.seen).toEqual([
          {
            name: 'movement.applied',
            event: { memberId: 42, transactionId: r.transactionId, type: 'EARN_REACTION', amount: 5, balance: 5, totalEarned: 5, totalSpent: 0, at: T0 },
          },
          {
            name: 'reaction.accepted',
            event: {
              memberId: 42,
              channelId: FREE_CHANNEL,
              messageId: 1,
              emoji: KISS,
              amount: 5,
              transactionId: r.transactionId,
              used: 1,
              limit: 20,
              streak: 1,
              at: T0,
            },
          },
        ]);
      });

      it('pays the configured amount: "+5" becomes "+7" after a settings change', async () => {
        await ctx.posts(FREE_CHANNEL, 2);
        expect((await ctx.press(42, FREE_CHANNEL, 1)).amount).toBe(5);
        await ctx.set('reactions.amount', 7);
        const second = await ctx.press(42, FREE_CHANNEL, 2, HEART, t(30));
        expect(second).toMatchObject({ amount: 7, balance: 12, used: 2 });
        const amounts = await ctx.storage.db.selectFrom('transactions').select('amount').orderBy('id').execute();
        expect(amounts).toEqual([{ amount: 5 }, { amount: 7 }]);
        await verifyOk();
      });
    });

    describe('the order of the checks', () => {
      it('a repeat press within 30 s answers COOLDOWN, not ALREADY_REACTED; after 30 s ALREADY_REACTED, whatever the emoji', async () => {
        await ctx.posts(FREE_CHANNEL, 1);
        await ctx.press(42, FREE_CHANNEL, 1, HEART);
        const cooldown = await refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(5)), 'COOLDOWN');
        expect(cooldown.details).toEqual({ secondsLeft: 25 });
        const already = await refusal(ctx.press(42, FREE_CHANNEL, 1, FIRE, t(30)), 'ALREADY_REACTED');
        expect(already.details).toEqual({ channelId: FREE_CHANNEL, messageId: 1 });
        await refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(3600)), 'ALREADY_REACTED');
        expect(await ctx.reactions.counts(FREE_CHANNEL, 1)).toEqual({ ...ZEROS, [HEART]: 1 });
        expect(await balanceOf(ctx.storage, 42)).toBe(5);
      });

      it('access comes before the cooldown: a FREE member on a VIP post within the cooldown hears NO_ACCESS', async () => {
        await ctx.posts(FREE_CHANNEL, 1);
        await ctx.posts(VIP_CHANNEL, 1);
        await ctx.press(42, FREE_CHANNEL, 1);
        const err = await refusal(ctx.press(42, VIP_CHANNEL, 1, HEART, t(1)), 'NO_ACCESS');
        expect(err.details).toEqual({ reason: 'VIP_ONLY', channelId: VIP_CHANNEL, messageId: 1 });
      });

      it('the cooldown comes before the daily limit, the daily limit before one-per-post', async () => {
        await ctx.set('reactions.daily_limit', 2);
        await ctx.posts(FREE_CHANNEL, 3);
        await ctx.press(42, FREE_CHANNEL, 1);
        await ctx.press(42, FREE_CHANNEL, 2, HEART, t(30));
        // Limit reached and within the cooldown: COOLDOWN.
        expect((await refusal(ctx.press(42, FREE_CHANNEL, 3, HEART, t(40)), 'COOLDOWN')).details).toEqual({ secondsLeft: 20 });
        // Limit reached, on a post already reacted to: DAILY_LIMIT.
        const limit = await refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(60)), 'DAILY_LIMIT');
        expect(limit.details).toEqual({ used: 2, limit: 2, resetsAt: Date.parse('2025-03-02T00:00:00Z') });
      });
    });

    describe('the cooldown', () => {
      it('says the seconds left, rounded up: pressed at t, again at t + 12.4 s → 18', async () => {
        await ctx.posts(FREE_CHANNEL, 2);
        await ctx.press(42, FREE_CHANNEL, 1);
        expect((await refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, t(12.4)), 'COOLDOWN')).details).toEqual({ secondsLeft: 18 });
        expect((await refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, t(29.001)), 'COOLDOWN')).details).toEqual({ secondsLeft: 1 });
        expect(await ctx.press(42, FREE_CHANNEL, 2, HEART, t(30))).toMatchObject({ used: 2 });
      });

      it('is not restarted by a refusal', async () => {
        await ctx.posts(FREE_CHANNEL, 2);
        await ctx.press(42, FREE_CHANNEL, 1);
        await refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, t(20)), 'COOLDOWN');
        await refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(29)), 'COOLDOWN');
        // 30 s after the last VALID press, not after the refusals.
        const second = await ctx.press(42, FREE_CHANNEL, 2, HEART, t(30));
        expect(second.used).toBe(2);
        expect((await stateRow(ctx.storage, 42))?.last_at).toBe(t(30));
        // An ALREADY_REACTED refusal does not restart it either.
        await refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, t(60)), 'ALREADY_REACTED');
        expect((await stateRow(ctx.storage, 42))?.last_at).toBe(t(30));
      });

      it('is per member, and follows the configured seconds', async () => {
        await ctx.posts(FREE_CHANNEL, 2);
        await ctx.press(42, FREE_CHANNEL, 1);
        await ctx.press(43, FREE_CHANNEL, 1); // another member at the same instant
        await ctx.set('reactions.cooldown_seconds', 10);
        expect((await refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, t(9.5)), 'COOLDOWN')).details).toEqual({ secondsLeft: 1 });
        expect((await ctx.press(42, FREE_CHANNEL, 2, HEART, t(10))).used).toBe(2);
      });
    });

    describe('the daily limit', () => {
      it('20 accepted, then DAILY_LIMIT 20/20 until the economy day ends at midnight UTC', async () => {
        await ctx.posts(FREE_CHANNEL, 22);
        for (let i = 1; i <= 20; i++) {
          const r = await ctx.press(42, FREE_CHANNEL, i, HEART, t((i - 1) * 30));
          expect([r.used, r.limit]).toEqual([i, 20]);
        }
        const err = await refusal(ctx.press(42, FREE_CHANNEL, 21, HEART, t(20 * 30)), 'DAILY_LIMIT');
        expect(err.details).toEqual({ used: 20, limit: 20, resetsAt: Date.parse('2025-03-02T00:00:00Z') });
        await refusal(ctx.press(42, FREE_CHANNEL, 21, HEART, '2025-03-01T23:59:59.999Z'), 'DAILY_LIMIT');
        expect(await ctx.reactions.todayUsed(42)).toEqual({ used: 20, limit: 20, day: MARCH_1 });
        const next = await ctx.press(42, FREE_CHANNEL, 21, HEART, '2025-03-02T00:00:00Z');
        expect([next.used, next.limit, next.streak]).toEqual([1, 20, 2]);
        expect(await ctx.reactions.todayUsed(42)).toEqual({ used: 1, limit: 20, day: MARCH_1 + 1 });
        expect(await balanceOf(ctx.storage, 42)).toBe(21 * 5);
        await verifyOk();
      });

      it('a limit lowered below what was used reads used/limit as they are; raised, presses go on', async () => {
        await ctx.posts(FREE_CHANNEL, 4);
        await ctx.press(42, FREE_CHANNEL, 1);
        await ctx.press(42, FREE_CHANNEL, 2, HEART, t(30));
        await ctx.press(42, FREE_CHANNEL, 3, HEART, t(60));
        await ctx.set('reactions.daily_limit', 2);
        expect((await refusal(ctx.press(42, FREE_CHANNEL, 4, HEART, t(90)), 'DAILY_LIMIT')).details).toMatchObject({ used: 3, limit: 2 });
        await ctx.set('reactions.daily_limit', 4);
        expect(await ctx.press(42, FREE_CHANNEL, 4, HEART, t(120))).toMatchObject({ used: 4, limit: 4 });
      });

      it('counts economy days in Europe/Madrid: the day ends at 23:00 UTC in winter', async () => {
        await ctx.set('economy.timezone', 'Europe/Madrid');
        await ctx.set('reactions.daily_limit', 2);
        await ctx.posts(FREE_CHANNEL, 4);
        await ctx.press(42, FREE_CHANNEL, 1, HEART, '2025-03-01T22:00:00Z');
        await ctx.press(42, FREE_CHANNEL, 2, HEART, '2025-03-01T22:30:00Z');
        const err = await refusal(ctx.press(42, FREE_CHANNEL, 3, HEART, '2025-03-01T22:59:59.999Z'), 'DAILY_LIMIT');
        // Midnight in Madrid (CET, UTC+1).
        expect(err.details).toEqual({ used: 2, limit: 2, resetsAt: Date.parse('2025-03-01T23:00:00Z') });
        const next = await ctx.press(42, FREE_CHANNEL, 3, HEART, '2025-03-01T23:00:00Z');
        expect([next.used, next.streak]).toEqual([1, 2]);
        expect(await ctx.reactions.streak(42)).toEqual({ current: 2, longest: 2, lastDay: MARCH_1 + 1, total: 3 });
      });

      it('across the 23-hour day when Madrid moves to summer time (2025-03-30)', async () => {
        await ctx.set('economy.timezone', 'Europe/Madrid');
        await ctx.set('reactions.daily_limit', 1);
        await ctx.posts(FREE_CHANNEL, 5);
        const march30 = dayNumber(Date.parse('2025-03-30T12:00:00Z'), 'UTC');
        // 2025-03-29 23:59 in Madrid (CET).
        await ctx.press(42, FREE_CHANNEL, 1, HEART, '2025-03-29T22:59:00Z');
        // The cooldown runs across the day boundary like any other instant.
        expect((await refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, '2025-03-29T22:59:15Z'), 'COOLDOWN')).details).toEqual({ secondsLeft: 15 });
        // 2025-03-30 00:00 CET: a new economy day.
        const first = await ctx.press(42, FREE_CHANNEL, 2, HEART, '2025-03-29T23:00:00Z');
        expect([first.used, first.streak]).toEqual([1, 2]);
        // The day has 23 hours: at 21:59:59 UTC it is 23:59:59 CEST, still 2025-03-30.
        const err = await refusal(ctx.press(42, FREE_CHANNEL, 3, HEART, '2025-03-30T21:59:59Z'), 'DAILY_LIMIT');
        expect(err.details).toEqual({ used: 1, limit: 1, resetsAt: Date.parse('2025-03-30T22:00:00Z') });
        expect(await ctx.reactions.todayUsed(42)).toEqual({ used: 1, limit: 1, day: march30 });
        const next = await ctx.press(42, FREE_CHANNEL, 3, HEART, '2025-03-30T22:00:00Z');
        expect([next.used, next.streak]).toEqual([1, 3]);
        expect(await ctx.reactions.todayUsed(42)).toEqual({ used: 1, limit: 1, day: march30 + 1 });
      });

      it('across the 25-hour day when Madrid moves back to winter time (2025-10-26)', async () => {
        await ctx.set('economy.timezone', 'Europe/Madrid');
        await ctx.set('reactions.daily_limit', 1);
        await ctx.posts(FREE_CHANNEL, 3);
        // 2025-10-26 00:00 CEST = 2025-10-25 22:00 UTC.
        await ctx.press(42, FREE_CHANNEL, 1, HEART, '2025-10-25T22:00:00Z');
        // 23:59:59 CET on the 26th, 25 hours later: the same economy day.
        const err = await refusal(ctx.press(42, FREE_CHANNEL, 2, HEART, '2025-10-26T22:59:59Z'), 'DAILY_LIMIT');
        expect(err.details).toMatchObject({ resetsAt: Date.parse('2025-10-26T23:00:00Z') });
        expect(await ctx.press(42, FREE_CHANNEL, 2, HEART, '2025-10-26T23:00:00Z')).toMatchObject({ used: 1, streak: 2 });
      });
    });

    describe('access', () => {
      it('VIP posts: FREE and expired VIP are refused, VIP and ADMIN (configured or stored) react', async () => {
        await ctx.posts(VIP_CHANNEL, 1);
        await insertMember(ctx.storage, 50, 'FREE');
        await insertMember(ctx.storage, 51, 'VIP', T0 + 86_400_000);
        await insertMember(ctx.storage, 52, 'VIP', T0 - 1); // expired; the job has not run yet
        await insertMember(ctx.storage, 53, 'VIP', T0); // expires this very instant
        await insertMember(ctx.storage, 54, 'ADMIN');
        const vipOnly = { reason: 'VIP_ONLY', channelId: VIP_CHANNEL, messageId: 1 };
        expect((await refusal(ctx.press(50, VIP_CHANNEL, 1), 'NO_ACCESS')).details).toEqual(vipOnly);
        expect((await refusal(ctx.press(52, VIP_CHANNEL, 1), 'NO_ACCESS')).details).toEqual(vipOnly);
        expect((await refusal(ctx.press(53, VIP_CHANNEL, 1), 'NO_ACCESS')).details).toEqual(vipOnly);
        // A never-seen id is FREE (and is not created by the refusal).
        expect((await refusal(ctx.press(60, VIP_CHANNEL, 1), 'NO_ACCESS')).details).toEqual(vipOnly);
        expect(await ctx.storage.db.selectFrom('members').select('id').where('id', '=', 60).executeTakeFirst()).toBeUndefined();
        expect((await ctx.press(51, VIP_CHANNEL, 1, FIRE)).amount).toBe(5);
        expect((await ctx.press(54, VIP_CHANNEL, 1, KISS)).amount).toBe(5);
        expect((await ctx.press(CONFIGURED_ADMIN, VIP_CHANNEL, 1, DEVIL)).amount).toBe(5);
        expect(await ctx.reactions.counts(VIP_CHANNEL, 1)).toEqual({ [HEART]: 0, [FIRE]: 1, [KISS]: 1, [DEVIL]: 1 });
        expect(await ctx.storage.db.selectFrom('members').select('id').where('id', '=', CONFIGURED_ADMIN).executeTakeFirst()).toEqual({
          id: CONFIGURED_ADMIN,
        });
        // Free posts are for everyone, an expired VIP included.
        await ctx.posts(FREE_CHANNEL, 1);
        expect((await ctx.press(52, FREE_CHANNEL, 1)).amount).toBe(5);
        await verifyOk();
      });

      it('unknown channel, unknown post, a channel that earns nothing, an emoji not configured: NO_ACCESS with the reason', async () => {
        await ctx.posts(FREE_CHANNEL, 1);
        await ctx.posts(OTHER_CHANNEL, 1);
        const reason = async (channel: number, post: number, emoji: string) =>
          (await refusal(ctx.press(42, channel, post, emoji), 'NO_ACCESS')).details;
        expect(await reason(-100999, 1, HEART)).toEqual({ reason: 'UNKNOWN_CHANNEL', channelId: -100999, messageId: 1 });
        expect(await reason(FREE_CHANNEL, 2, HEART)).toEqual({ reason: 'UNKNOWN_POST', channelId: FREE_CHANNEL, messageId: 2 });
        expect(await reason(OTHER_CHANNEL, 1, HEART)).toEqual({ reason: 'NOT_EARNING', channelId: OTHER_CHANNEL, messageId: 1 });
        expect(await reason(FREE_CHANNEL, 1, '👍')).toEqual({ reason: 'UNKNOWN_EMOJI', emoji: '👍' });
        // An emoji taken out of the set no longer counts (old buttons stay under old posts).
        await ctx.set('reactions.emojis', [HEART, FIRE]);
        expect(await reason(FREE_CHANNEL, 1, KISS)).toEqual({ reason: 'UNKNOWN_EMOJI', emoji: KISS });
        expect(await snapshotOf(ctx.storage, 42)).toMatchObject({ members: 0, profiles: 0, transactions: 0, reactions: 0, reaction_state: 0 });
      });

      it('malformed input is INVALID_INPUT naming the field, before anything is read', async () => {
        const bad = async (input: Record<string, unknown>) =>
          (await refusal(ctx.reactions.react({ memberId: 42, channelId: FREE_CHANNEL, messageId: 1, emoji: HEART, ...input } as never), 'INVALID_INPUT'))
            .details.field;
        expect(await bad({ memberId: 0 })).toBe('member');
        expect(await bad({ memberId: '42' })).toBe('member');
        expect(await bad({ channelId: 1.5 })).toBe('channel');
        expect(await bad({ channelId: 0 })).toBe('channel');
        expect(await bad({ messageId: -1 })).toBe('post');
        expect(await bad({ emoji: 7 })).toBe('emoji');
        expect(await bad({ emoji: '' })).toBe('emoji');
      });
    });

    describe('refusals', () => {
      it('store nothing and credit nothing', async () => {
        await ctx.set('reactions.daily_limit', 2);
        await ctx.posts(FREE_CHANNEL, 3);
        await ctx.posts(VIP_CHANNEL, 1);
        await ctx.press(42, FREE_CHANNEL, 1);
        await ctx.press(42, FREE_CHANNEL, 2, HEART, t(30));
        const before = await snapshotOf(ctx.storage, 42);
        expect(before).toMatchObject({ members: 1, profiles: 1, transactions: 2, reactions: 2, reaction_state: 1 });
        await refusal(ctx.press(42, VIP_CHANNEL, 1, HEART, t(40)), 'NO_ACCESS');
        await refusal(ctx.press(42, FREE_CHANNEL, 3, HEART, t(45)), 'COOLDOWN');
        await refusal(ctx.press(42, FREE_CHANNEL, 3, HEART, t(60)), 'DAILY_LIMIT');
        await ctx.set('reactions.daily_limit', 5);
        await refusal(ctx.press(42, FREE_CHANNEL, 2, FIRE, t(61)), 'ALREADY_REACTED');
        expect(await snapshotOf(ctx.storage, 42)).toEqual(before);
        expect(await balanceOf(ctx.storage, 42)).toBe(10);
        // And a refused new member leaves no trace at all.
        await refusal(ctx.press(77, FREE_CHANNEL, 9, HEART), 'NO_ACCESS');
        expect((await snapshotOf(ctx.storage, 77)).members).toBe(1);
        await verifyOk();
      });
    });

    describe('the reaction streak', () => {
      const day = (n: number, hhmm = '12:00') => `2025-03-${String(n).padStart(2, '0')}T${hhmm}:00Z`;

      it('grows by economy days in a row, not by presses; a missed day reads 0 and restarts it; the longest is kept', async () => {
        await ctx.posts(FREE_CHANNEL, 10);
        expect(await ctx.reactions.streak(42)).toEqual({ current: 0, longest: 0, lastDay: null, total: 0 });
        expect((await ctx.press(42, FREE_CHANNEL, 1, HEART, day(1))).streak).toBe(1);
        expect((await ctx.press(42, FREE_CHANNEL, 2, HEART, day(1, '13:00'))).streak).toBe(1);
        expect((await ctx.press(42, FREE_CHANNEL, 3, HEART, day(2, '00:00'))).streak).toBe(2);
        expect((await ctx.press(42, FREE_CHANNEL, 4, HEART, day(3, '23:59'))).streak).toBe(3);
        // The next day, before any press: the streak still stands.
        ctx.clock.set(day(4, '23:59'));
        expect(await ctx.reactions.streak(42)).toEqual({ current: 3, longest: 3, lastDay: MARCH_1 + 2, total: 4 });
        // A whole day (March 4) missed: 0 on read, whether a job ran or not.
        ctx.clock.set(day(5, '00:00'));
        expect(await ctx.reactions.streak(42)).toEqual({ current: 0, longest: 3, lastDay: MARCH_1 + 2, total: 4 });
        expect((await ctx.press(42, FREE_CHANNEL, 5, HEART, day(5))).streak).toBe(1);
        expect((await ctx.press(42, FREE_CHANNEL, 6, HEART, day(6))).streak).toBe(2);
        expect(await ctx.reactions.streak(42)).toEqual({ current: 2, longest: 3, lastDay: MARCH_1 + 5, total: 6 });
        expect(await stateRow(ctx.storage, 42)).toMatchObject({ streak: 2, longest: 3, streak_day: MARCH_1 + 5, total: 6 });
      });

      it('a refused press does not count for the streak', async () => {
        await ctx.posts(FREE_CHANNEL, 2);
        await ctx.press(42, FREE_CHANNEL, 1, HEART, day(1));
        await refusal(ctx.press(42, FREE_CHANNEL, 1, HEART, day(2)), 'ALREADY_REACTED');
        ctx.clock.set(day(3));
        expect(await ctx.reactions.streak(42)).toEqual({ current: 0, longest: 1, lastDay: MARCH_1, total: 1 });
      });
    });

    describe('counts', () => {
      it('by emoji from the reactions table, every configured emoji included', async () => {
        await ctx.posts(FREE_CHANNEL, 2);
        expect(await ctx.reactions.counts(FREE_CHANNEL, 1)).toEqual(ZEROS);
        const presses: Array<[number, string]> = [[1, HEART], [2, FIRE], [3, HEART], [4, DEVIL], [5, HEART]];
        for (const [member, emoji] of presses) {
          const result = await ctx.press(member, FREE_CHANNEL, 1, emoji);
          // A press does not count the post's reactions (a hot post would make every press
          // scan them all): whoever draws the counts reads them, as the bot's refresher does.
          expect(result).not.toHaveProperty('counts');
        }
        const expected = { [HEART]: 3, [FIRE]: 1, [KISS]: 0, [DEVIL]: 1 };
        expect(await ctx.reactions.counts(FREE_CHANNEL, 1)).toEqual(expected);
        expect(await ctx.reactions.counts(FREE_CHANNEL, 2)).toEqual(ZEROS);
        // Another set of emojis: only configured ones are shown, in the configured order.
        await ctx.set('reactions.emojis', [DEVIL, HEART, '👍']);
        const counts = await ctx.reactions.counts(FREE_CHANNEL, 1);
        expect(counts).toEqual({ [DEVIL]: 1, [HEART]: 3, '👍': 0 });
        expect(Object.keys(counts)).toEqual([DEVIL, HEART, '👍']);
        const err = await refusal(ctx.reactions.counts(FREE_CHANNEL, 3), 'NOT_FOUND');
        expect(err.details).toEqual({ channelId: FREE_CHANNEL, messageId: 3 });
      });
    });

    describe('channels and posts', () => {
      it('configureChannels upserts (a title left out is kept); registerPost is idempotent; an unknown channel is NOT_FOUND', async () => {
        ctx.clock.set(t(10));
        expect(await ctx.reactions.configureChannels([{ id: VIP_CHANNEL, kind: 'FREE' }, { id: -100777, kind: 'VIP', title: 'New' }])).toEqual([
          { id: VIP_CHANNEL, kind: 'FREE', title: 'VIP' },
          { id: -100777, kind: 'VIP', title: 'New' },
        ]);
        expect(await ctx.reactions.configureChannels([{ id: -100777, kind: 'VIP', title: null }])).toEqual([{ id: -100777, kind: 'VIP', title: null }]);
        expect(await ctx.reactions.channels()).toEqual([
          { id: OTHER_CHANNEL, kind: 'OTHER', title: 'Chat' },
          { id: VIP_CHANNEL, kind: 'FREE', title: 'VIP' },
          { id: FREE_CHANNEL, kind: 'FREE', title: 'Free' },
          { id: -100777, kind: 'VIP', title: null },
        ]);
        const row = await ctx.storage.db.selectFrom('channels').selectAll().where('id', '=', VIP_CHANNEL).executeTakeFirstOrThrow();
        expect([row.created_at, row.updated_at]).toEqual([T0, t(10)]);

        expect(await ctx.reactions.registerPost(FREE_CHANNEL, 7)).toEqual({ channelId: FREE_CHANNEL, messageId: 7, kind: 'FREE', created: true });
        expect(await ctx.reactions.registerPost(FREE_CHANNEL, 7)).toEqual({ channelId: FREE_CHANNEL, messageId: 7, kind: 'FREE', created: false });
        const missing = await refusal(ctx.reactions.registerPost(-100555, 7), 'NOT_FOUND');
        expect(missing.details).toEqual({ channelId: -100555 });
        expect(await ctx.storage.db.selectFrom('posts').select(['channel_id', 'message_id', 'created_at']).execute()).toEqual([
          { channel_id: FREE_CHANNEL, message_id: 7, created_at: t(10) },
        ]);
      });

      it('refuses bad channel lists whole', async () => {
        const bad = async (list: unknown) => (await refusal(ctx.reactions.configureChannels(list as never), 'INVALID_INPUT')).details.field;
        expect(await bad([{ id: -1, kind: 'PAID' }])).toBe('kind');
        expect(await bad([{ id: 0, kind: 'FREE' }])).toBe('channel');
        expect(await bad([{ id: -1, kind: 'FREE', title: 'x'.repeat(256) }])).toBe('title');
        expect(await bad([{ id: -5, kind: 'FREE' }, { id: -5, kind: 'VIP' }])).toBe('id');
        expect(await bad([{ id: -5, kind: 'FREE' }, null])).toBe('channels');
        expect(await ctx.storage.db.selectFrom('channels').select('id').where('id', 'in', [-1, -5]).execute()).toEqual([]);
      });
    });
  });
}
