/**
 * Property (issue 14): presses racing each other — repeats, cooldown expiries, daily-limit
 * resets and accepted presses all at once — are decided by the database alone. The press
 * path refuses a certain refusal from a read and applies an accepted press in one
 * statement (PostgreSQL) or one synchronous transaction (SQLite); under a race the order
 * of the batch is the database's, so the model predicts what cannot depend on it:
 *
 * - cooldown > 0: a member whose cooldown ran out and who is below the limit gets exactly
 *   ONE press of the batch accepted (every press of a batch has the same `now`), if one of
 *   the posts they press is new to them; none otherwise;
 * - cooldown 0: exactly min(limit − used, new distinct posts pressed) accepted;
 * - every accepted press is a new (member, post) pair (no double pay), every refusal one
 *   of the rule codes, and after each batch the ledger matches the model: each member's
 *   balance is amount × accepted presses, one transaction and one reaction per accept
 *   (no lost accept), and `verify()` finds nothing.
 * Credits are large enough that members level up inside a batch, so the transactional
 * fallback (a level-up, a new member) races with the one-statement press too.
 *
 * Run again with rewards on (issue 14: the reward evaluation after each accepted press,
 * one statement on PostgreSQL for an auto BESITOS unlock): the install's example rewards
 * ("Primera reacción" +10 once, a badge at 100 earned) and a repeatable +3 (cooldown 1 h,
 * at most 3). Every press of a batch has the same `now`, so the model knows the grants:
 * +10 at a member's first accepted press, the repeatable at the first batch with an
 * accepted press and then at each such batch an hour or more after the last grant. The
 * ledger holds exactly those (one row per grant key, no double pay, none lost).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { createEconomy } from '../../../src/core/engine.js';
import { dayNumber } from '../../../src/core/economy-day.js';
import { isEconomyError } from '../../../src/core/errors.js';
import { migratedStorage, testDialects } from '../../helpers/dialects.js';
import { countRows } from '../../helpers/ledger-fixtures.js';

const START = Date.parse('2026-03-01T22:00:00Z');
const CHANNEL = -1001;
const ADMIN = 9;
const EMOJIS = ['❤️', '🔥', '💋', '😈'];
const MEMBERS = [1, 2, 3];
const POSTS = 8;
const REFUSALS = new Set(['COOLDOWN', 'DAILY_LIMIT', 'ALREADY_REACTED']);

interface Press {
  member: number;
  post: number;
  emoji: number;
}

interface Batch {
  /** Clock moved before the batch: inside or past the cooldown, or past midnight (limit reset). */
  jump: number;
  presses: Press[];
}

const press: fc.Arbitrary<Press> = fc.record({
  member: fc.constantFrom(...MEMBERS),
  post: fc.integer({ min: 1, max: POSTS }),
  emoji: fc.integer({ min: 0, max: EMOJIS.length - 1 }),
});
const batch: fc.Arbitrary<Batch> = fc.record({
  jump: fc.oneof(fc.integer({ min: 0, max: 15_000 }), fc.constant(3_600_000)),
  // Repeats on purpose: the same press several times in one batch.
  presses: fc.array(press, { minLength: 1, maxLength: 12 }).chain((ps) => fc.shuffledSubarray([...ps, ...ps], { minLength: ps.length })),
});
const scenario = fc.record({
  cooldown: fc.constantFrom(0, 10),
  limit: fc.integer({ min: 1, max: 4 }),
  amount: fc.constantFrom(5, 40),
  batches: fc.array(batch, { minLength: 1, maxLength: 6 }),
});

for (const dialect of testDialects()) {
  describe(`racing presses (${dialect.name})`, () => {
    for (const rewardsOn of [false, true]) {
    it(`repeats, cooldown expiries and limit resets racing accepted presses${rewardsOn ? ', rewards on' : ''}: the ledger matches the model`, async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ cooldown, limit, amount, batches }) => {
          const { storage, cleanup } = await migratedStorage(dialect);
          const clock = new ManualClock(START);
          const economy = createEconomy({ storage, clock, adminIds: [ADMIN] });
          try {
            // The rules of §3 alone, or with rewards paying credits of their own.
            let repeatableId = 0;
            let firstId = 0;
            for (const reward of await economy.rewards.listRewards(ADMIN)) {
              if (!rewardsOn || reward.conditions.some((c) => c.type === 'STREAK_LENGTH')) await economy.rewards.deleteReward(ADMIN, reward.id);
              else if (reward.conditions.some((c) => c.type === 'FIRST_REACTION')) firstId = reward.id;
            }
            if (rewardsOn) {
              expect(firstId).toBeGreaterThan(0);
              const repeatable = await economy.rewards.createReward(ADMIN, {
                name: 'Otra vez',
                kind: 'BESITOS',
                amount: 3,
                repeatable: true,
                cooldownHours: 1,
                maxClaims: 3,
                conditions: [{ type: 'FIRST_REACTION' }],
              });
              repeatableId = repeatable.id;
            }
            const grants = new Map<number, { first: boolean; repeats: number; lastAt: number }>();
            let grantRows = 0;
            await economy.settings.set('reactions.cooldown_seconds', cooldown, 'prop');
            await economy.settings.set('reactions.daily_limit', limit, 'prop');
            await economy.settings.set('reactions.amount', amount, 'prop');
            await economy.reactions.configureChannels([{ id: CHANNEL, kind: 'FREE' }]);
            for (let post = 1; post <= POSTS; post++) await economy.reactions.registerPost(CHANNEL, post);

            const reacted = new Set<string>();
            const lastValid = new Map<number, number>();
            const usedOn = new Map<string, number>();
            let accepts = 0;

            for (const b of batches) {
              clock.advance(b.jump);
              const now = clock.now();
              const today = dayNumber(now, 'UTC');
              const outcomes = await Promise.all(
                b.presses.map(async (p) => {
                  try {
                    const r = await economy.reactions.react({ memberId: p.member, channelId: CHANNEL, messageId: p.post, emoji: EMOJIS[p.emoji]! });
                    return { p, ok: true as const, used: r.used, amount: r.amount };
                  } catch (err) {
                    if (!isEconomyError(err)) throw err;
                    return { p, ok: false as const, code: err.code };
                  }
                }),
              );
              for (const member of MEMBERS) {
                const mine = outcomes.filter((o) => o.p.member === member);
                if (mine.length === 0) continue;
                const used = usedOn.get(`${member}:${today}`) ?? 0;
                const last = lastValid.get(member);
                const coolingDown = cooldown > 0 && last !== undefined && now - last < cooldown * 1000;
                const fresh = new Set(mine.map((o) => o.p.post).filter((post) => !reacted.has(`${member}:${post}`)));
                const room = coolingDown ? 0 : Math.max(0, limit - used);
                const expected = Math.min(cooldown > 0 ? Math.min(room, 1) : room, fresh.size);
                const accepted = mine.filter((o) => o.ok);
                expect(accepted.length).toBe(expected);
                // No double pay: each accepted press a post new to the member, pressed once.
                const posts = accepted.map((o) => o.p.post);
                expect(new Set(posts).size).toBe(posts.length);
                for (const post of posts) expect(fresh.has(post)).toBe(true);
                expect(accepted.map((o) => (o.ok ? o.used : 0)).sort((x, y) => x - y)).toEqual(posts.map((_, i) => used + i + 1));
                for (const o of mine) if (!o.ok) expect(REFUSALS.has(o.code)).toBe(true);
                for (const post of posts) reacted.add(`${member}:${post}`);
                if (posts.length > 0) lastValid.set(member, now);
                usedOn.set(`${member}:${today}`, used + posts.length);
                accepts += posts.length;
                if (rewardsOn && posts.length > 0) {
                  const g = grants.get(member) ?? { first: false, repeats: 0, lastAt: 0 };
                  if (!g.first) grantRows++;
                  g.first = true;
                  if (g.repeats === 0 || (g.repeats < 3 && now >= g.lastAt + 3_600_000)) {
                    g.repeats++;
                    g.lastAt = now;
                    grantRows++;
                  }
                  grants.set(member, g);
                }
              }
              // No lost accept: one transaction and one reaction row per accepted press,
              // one per reward grant.
              expect(await countRows(storage, 'transactions')).toBe(accepts + grantRows);
              expect(await countRows(storage, 'reactions')).toBe(accepts);
              expect((await economy.verify()).violations).toEqual([]);
            }
            for (const member of MEMBERS) {
              const mine = [...reacted].filter((k) => k.startsWith(`${member}:`)).length;
              const g = grants.get(member);
              if (mine > 0) expect(await economy.ledger.balance(member)).toBe(mine * amount + (g ? 10 + 3 * g.repeats : 0));
              if (rewardsOn) {
                const keys = (
                  await storage.db.selectFrom('transactions').select('idempotency_key').where('member_id', '=', member).where('type', '=', 'EARN_REWARD').execute()
                ).map((r) => r.idempotency_key);
                const expected = g ? [`reward:${firstId}:1`, ...Array.from({ length: g.repeats }, (_, i) => `reward:${repeatableId}:${i + 1}`)] : [];
                expect(keys.sort()).toEqual(expected.sort());
              }
            }
          } finally {
            await economy.close();
            await cleanup();
          }
        }),
        { numRuns: dialect.name === 'postgres' ? 12 : 20 },
      );
    }, 240_000);
    }
  });
}
