/**
 * Property (issue 3): random interleavings of reactions, daily claims, clock jumps and
 * settings changes keep every ledger invariant and never let a member past the daily
 * limit or inside the cooldown; a small model of the rules predicts every answer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createEconomy } from '../../src/core/engine.js';
import { dayNumber } from '../../src/core/economy-day.js';
import { isEconomyError } from '../../src/core/errors.js';
import { migratedStorage, testDialects } from '../helpers/dialects.js';

const START = Date.parse('2026-03-01T08:00:00Z');
const CHANNEL = -1001;
const ADMIN = 9;
const EMOJIS = ['❤️', '🔥', '💋', '😈'];

type Step =
  | { kind: 'react'; member: number; post: number; emoji: number }
  | { kind: 'claim'; member: number }
  | { kind: 'jump'; ms: number }
  | { kind: 'limit'; value: number }
  | { kind: 'cooldown'; value: number }
  | { kind: 'amount'; value: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('react' as const), member: fc.integer({ min: 1, max: 3 }), post: fc.integer({ min: 1, max: 6 }), emoji: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('claim' as const), member: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('jump' as const), ms: fc.oneof(fc.integer({ min: 0, max: 40_000 }), fc.integer({ min: 3_600_000, max: 30 * 3_600_000 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('limit' as const), value: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cooldown' as const), value: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('amount' as const), value: fc.integer({ min: 1, max: 9 }) }) },
);

for (const dialect of testDialects()) {
  describe(`earning property (${dialect.name})`, () => {
    it('keeps the invariants, the daily limit and the cooldown under random interleavings', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 30 }), async (steps) => {
          const { storage, cleanup } = await migratedStorage(dialect);
          const clock = new ManualClock(START);
          const economy = createEconomy({ storage, clock, adminIds: [ADMIN] });
          try {
            // The rules of §3 and §4 alone: the seeded example rewards (first reaction +10, …)
            // have their own tests, and would only add a second model here.
            for (const reward of await economy.rewards.listRewards(ADMIN)) await economy.rewards.deleteReward(ADMIN, reward.id);
            await economy.reactions.configureChannels([{ id: CHANNEL, kind: 'FREE' }]);
            for (let post = 1; post <= 6; post++) await economy.reactions.registerPost(CHANNEL, post);
            // The model.
            let limit = 20;
            let cooldown = 30;
            let amount = 5;
            const lastValid = new Map<number, number>();
            const usedOn = new Map<string, number>();
            const reacted = new Set<string>();
            const claimedDay = new Map<number, number>();
            const balance = new Map<number, number>();

            for (const s of steps) {
              const now = clock.now();
              const today = dayNumber(now, 'UTC');
              if (s.kind === 'jump') clock.advance(s.ms);
              else if (s.kind === 'limit') await economy.settings.set('reactions.daily_limit', (limit = s.value), 'prop');
              else if (s.kind === 'cooldown') await economy.settings.set('reactions.cooldown_seconds', (cooldown = s.value), 'prop');
              else if (s.kind === 'amount') await economy.settings.set('reactions.amount', (amount = s.value), 'prop');
              else if (s.kind === 'claim') {
                const expected = claimedDay.get(s.member) === today ? 'ALREADY_CLAIMED' : 'ok';
                try {
                  const claim = await economy.daily.claim(s.member);
                  expect(expected).toBe('ok');
                  claimedDay.set(s.member, today);
                  balance.set(s.member, (balance.get(s.member) ?? 0) + claim.total);
                } catch (err) {
                  if (!isEconomyError(err)) throw err;
                  expect(err.code).toBe(expected);
                }
              } else {
                const used = usedOn.get(`${s.member}:${today}`) ?? 0;
                const last = lastValid.get(s.member);
                const expected =
                  last !== undefined && now - last < cooldown * 1000
                    ? 'COOLDOWN'
                    : used >= limit
                      ? 'DAILY_LIMIT'
                      : reacted.has(`${s.member}:${s.post}`)
                        ? 'ALREADY_REACTED'
                        : 'ok';
                try {
                  const r = await economy.reactions.react({ memberId: s.member, channelId: CHANNEL, messageId: s.post, emoji: EMOJIS[s.emoji]! });
                  expect(expected).toBe('ok');
                  expect(r.amount).toBe(amount);
                  expect(r.used).toBe(used + 1);
                  expect(r.used).toBeLessThanOrEqual(limit);
                  lastValid.set(s.member, now);
                  usedOn.set(`${s.member}:${today}`, used + 1);
                  reacted.add(`${s.member}:${s.post}`);
                  balance.set(s.member, (balance.get(s.member) ?? 0) + amount);
                } catch (err) {
                  if (!isEconomyError(err)) throw err;
                  expect(err.code).toBe(expected);
                }
              }
              const report = await economy.verify();
              expect(report.violations).toEqual([]);
            }
            for (const [member, expected] of balance) expect(await economy.ledger.balance(member)).toBe(expected);
          } finally {
            await economy.close();
            await cleanup();
          }
        }),
        { numRuns: dialect.name === 'postgres' ? 12 : 20 },
      );
    }, 240_000);
  });
}
