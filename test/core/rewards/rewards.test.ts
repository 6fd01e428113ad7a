import { describe, expect, it } from 'vitest';
import { EconomyError } from '../../../src/core/errors.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import type { RewardInput } from '../../../src/core/rewards/reward-input.js';
import { testDialects } from '../../helpers/dialects.js';
import { pgStatementsOf } from '../../helpers/pg-statements.js';
import { refusal } from '../../helpers/ledger-fixtures.js';
import { ADMIN, DAY, FREE_CHANNEL, HOUR, START, memberRewardRows, rewardMovements, useRewards } from './rewards-fixture.js';

const besitos = (amount: number, conditions: RewardInput['conditions'], extra: Partial<RewardInput> = {}): RewardInput => ({
  name: `+${amount}`,
  kind: 'BESITOS',
  amount,
  conditions,
  ...extra,
});

for (const dialect of testDialects()) {
  describe(`rewards (${dialect.name})`, () => {
    const ctx = useRewards(dialect);
    const verifyOk = async () => expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    const credit = (memberId: number, amount: number) => ctx.economy.ledger.credit({ memberId, amount });

    describe('admin', () => {
      it('creates a reward and shows it back; every admin action is refused to a non-admin', async () => {
        const view = await ctx.rewards.createReward(ADMIN, {
          name: '  Fiel ',
          description: 'Diez días',
          kind: 'VIP_DAYS',
          days: 10,
          repeatable: true,
          cooldownHours: 48,
          maxClaims: 3,
          claimMode: 'manual',
          conditions: [{ type: 'STREAK_LENGTH', value: 10 }, { type: 'NOT_VIP', group: 1 }],
        });
        expect(view).toEqual({
          id: view.id,
          name: 'Fiel',
          description: 'Diez días',
          kind: 'VIP_DAYS',
          value: 10,
          badge: null,
          repeatable: true,
          cooldownHours: 48,
          maxClaims: 3,
          secret: false,
          claimMode: 'manual',
          claimWindowHours: null,
          active: true,
          conditions: [
            { type: 'STREAK_LENGTH', value: 10, group: 0 },
            { type: 'NOT_VIP', value: null, group: 1 },
          ],
          createdAt: new Date(START),
          updatedAt: new Date(START),
        });
        await refusal(ctx.rewards.createReward(42, besitos(5, [{ type: 'FIRST_REACTION' }])), 'FORBIDDEN');
        await refusal(ctx.rewards.updateReward(42, view.id, { name: 'x' }), 'FORBIDDEN');
        await refusal(ctx.rewards.deactivate(42, view.id), 'FORBIDDEN');
        await refusal(ctx.rewards.deleteReward(42, view.id), 'FORBIDDEN');
        await refusal(ctx.rewards.listRewards(42), 'FORBIDDEN');
        expect((await ctx.rewards.listRewards(ADMIN)).map((r) => r.name)).toEqual(['Fiel']);
      });

      it('range-checks condition values and every field, naming the field', async () => {
        const cases: Array<[RewardInput, string]> = [
          [besitos(5, [{ type: 'STREAK_LENGTH', value: 0 }]), 'conditions[0].value'],
          [besitos(5, [{ type: 'FIRST_REACTION' }, { type: 'REACTION_STREAK', value: 366 }]), 'conditions[1].value'],
          [besitos(5, [{ type: 'TOTAL_EARNED', value: 100_001 }]), 'conditions[0].value'],
          [besitos(5, [{ type: 'TOTAL_SPENT', value: 1.5 }]), 'conditions[0].value'],
          [besitos(5, [{ type: 'LEVEL', value: 101 }]), 'conditions[0].value'],
          [besitos(5, [{ type: 'LEVEL' }]), 'conditions[0].value'],
          [besitos(5, [{ type: 'FIRST_REACTION', value: 3 }]), 'conditions[0].value'],
          [besitos(5, [{ type: 'NOPE' as never }]), 'conditions[0].type'],
          [besitos(5, [{ type: 'NOT_VIP', group: -1 }]), 'conditions[0].group'],
          [besitos(5, []), 'conditions'],
          [besitos(0, [{ type: 'NOT_VIP' }]), 'amount'],
          [besitos(5, [{ type: 'NOT_VIP' }], { name: ' ' }), 'name'],
          [besitos(5, [{ type: 'NOT_VIP' }], { days: 3 }), 'days'],
          [besitos(5, [{ type: 'NOT_VIP' }], { cooldownHours: 3 }), 'cooldownHours'],
          [besitos(5, [{ type: 'NOT_VIP' }], { repeatable: true, cooldownHours: 0 }), 'cooldownHours'],
          [besitos(5, [{ type: 'NOT_VIP' }], { claimWindowHours: 3 }), 'claimWindowHours'],
          [besitos(5, [{ type: 'NOT_VIP' }], { claimMode: 'later' as never }), 'claimMode'],
          [{ name: 'b', kind: 'BADGE', badgeName: 'Top', conditions: [{ type: 'NOT_VIP' }] }, 'badgeEmoji'],
          [{ name: 'v', kind: 'VIP_DAYS', days: 3651, conditions: [{ type: 'NOT_VIP' }] }, 'days'],
        ];
        for (const [input, field] of cases) {
          const err = await refusal(ctx.rewards.createReward(ADMIN, input), 'INVALID_INPUT');
          expect(err.details.field, JSON.stringify(input)).toBe(field);
        }
        const err = await refusal(ctx.rewards.createReward(ADMIN, besitos(5, [{ type: 'STREAK_LENGTH', value: 400 }])), 'INVALID_INPUT');
        expect(err.details).toEqual({ field: 'conditions[0].value', min: 1, max: 365, value: 400 });
        expect(await ctx.rewards.listRewards(ADMIN)).toEqual([]);
      });

      it('edits (kind change drops the old value), deactivates, activates and deletes', async () => {
        const r = await ctx.rewards.createReward(ADMIN, besitos(5, [{ type: 'TOTAL_EARNED', value: 10 }]));
        ctx.clock.advance(HOUR);
        const badge = await ctx.rewards.updateReward(ADMIN, r.id, { kind: 'BADGE', badgeName: 'Diez', badgeEmoji: '🔟' });
        expect(badge).toMatchObject({ kind: 'BADGE', value: null, badge: { name: 'Diez', emoji: '🔟' }, updatedAt: new Date(START + HOUR) });
        expect(badge.conditions).toEqual([{ type: 'TOTAL_EARNED', value: 10, group: 0 }]);
        await refusal(ctx.rewards.updateReward(ADMIN, r.id, { conditions: [{ type: 'LEVEL', value: 0 }] }), 'INVALID_INPUT');
        expect((await ctx.rewards.deactivate(ADMIN, r.id)).active).toBe(false);
        await credit(1, 10);
        expect(await memberRewardRows(ctx.storage, 1)).toEqual([]); // inactive: not evaluated
        expect(await ctx.rewards.rewards(1)).toEqual([]); // and not shown while locked
        expect((await ctx.rewards.activate(ADMIN, r.id)).active).toBe(true);
        await credit(1, 1);
        expect(await memberRewardRows(ctx.storage, 1)).toMatchObject([{ reward: r.id, status: 'CLAIMED', value: null }]);
        expect(await ctx.rewards.deleteReward(ADMIN, r.id)).toEqual({ id: r.id, deleted: true });
        await refusal(ctx.rewards.deleteReward(ADMIN, r.id), 'NOT_FOUND');
        await refusal(ctx.rewards.updateReward(ADMIN, r.id, { name: 'x' }), 'NOT_FOUND');
        expect(await ctx.rewards.rewards(1)).toEqual([]);
        expect(await ctx.rewards.listRewards(ADMIN)).toEqual([]);
      });
    });

    describe('grants and caps', () => {
      it('caps a BESITOS payout at rewards.besitos_cap and records it', async () => {
        const big = await ctx.rewards.createReward(ADMIN, besitos(250, [{ type: 'TOTAL_EARNED', value: 10 }], { name: 'Grande' }));
        const small = await ctx.rewards.createReward(ADMIN, besitos(40, [{ type: 'TOTAL_EARNED', value: 10 }], { name: 'Pequeño' }));
        const moved = await credit(1, 10);
        expect(await ctx.economy.ledger.balance(1)).toBe(10 + 100 + 40);
        expect(await rewardMovements(ctx.storage, 1)).toEqual([
          { amount: 100, key: `reward:${big.id}:1`, metadata: { rewardId: big.id, occurrence: 1, capped: true, asked: 250 } },
          { amount: 40, key: `reward:${small.id}:1`, metadata: { rewardId: small.id, occurrence: 1 } },
        ]);
        const rows = await memberRewardRows(ctx.storage, 1);
        expect(rows).toEqual([
          { reward: big.id, occurrence: 1, status: 'CLAIMED', unlockedAt: START, expiresAt: null, grantedAt: START, value: 100, capped: true, transaction: moved.transaction.id + 1 },
          { reward: small.id, occurrence: 1, status: 'CLAIMED', unlockedAt: START, expiresAt: null, grantedAt: START, value: 40, capped: false, transaction: moved.transaction.id + 2 },
        ]);
        expect(ctx.seenOf('reward.granted')).toEqual([
          { memberId: 1, rewardId: big.id, name: 'Grande', kind: 'BESITOS', value: 100, capped: true, badge: null, claimMode: 'auto', at: START },
          { memberId: 1, rewardId: small.id, name: 'Pequeño', kind: 'BESITOS', value: 40, capped: false, badge: null, claimMode: 'auto', at: START },
        ]);
        const view = await ctx.rewards.rewards(1);
        expect(view.map((v) => [v.name, v.state, v.grantedValue, v.capped, v.claims])).toEqual([
          ['Grande', 'claimed', 100, true, 1],
          ['Pequeño', 'claimed', 40, false, 1],
        ]);
        // A higher cap is the one paid from then on.
        await ctx.economy.settings.set('rewards.besitos_cap', 200, 'test');
        await ctx.rewards.createReward(ADMIN, besitos(250, [{ type: 'TOTAL_EARNED', value: 10 }]));
        await credit(2, 10);
        expect((await rewardMovements(ctx.storage, 2)).map((m) => m.amount)).toEqual([200, 40, 200]);
        await verifyOk();
      });

      it('caps VIP days at rewards.vip_days_cap, extends VIP in the same grant, and stores badges and content', async () => {
        const vip = await ctx.rewards.createReward(ADMIN, { name: 'VIP', kind: 'VIP_DAYS', days: 45, conditions: [{ type: 'FIRST_DAILY_GIFT' }] });
        const badge = await ctx.rewards.createReward(ADMIN, {
          name: 'Madrugador',
          kind: 'BADGE',
          badgeName: 'Madrugador',
          badgeEmoji: '🌅',
          conditions: [{ type: 'FIRST_DAILY_GIFT' }],
        });
        const content = await ctx.rewards.createReward(ADMIN, { name: 'Pack', kind: 'CONTENT', contentSetId: 77, conditions: [{ type: 'FIRST_DAILY_GIFT' }] });
        await ctx.economy.daily.claim(3);
        expect(await memberRewardRows(ctx.storage, 3)).toEqual([
          { reward: vip.id, occurrence: 1, status: 'CLAIMED', unlockedAt: START, expiresAt: null, grantedAt: START, value: 30, capped: true, transaction: null },
          { reward: badge.id, occurrence: 1, status: 'CLAIMED', unlockedAt: START, expiresAt: null, grantedAt: START, value: null, capped: false, transaction: null },
          { reward: content.id, occurrence: 1, status: 'CLAIMED', unlockedAt: START, expiresAt: null, grantedAt: START, value: 77, capped: false, transaction: null },
        ]);
        const member = await ctx.economy.membership.get(3);
        expect(member).toMatchObject({ role: 'VIP', vipExpiresAt: new Date(START + 30 * DAY) });
        const audit = await ctx.economy.membership.roleChanges(3);
        expect(audit.map((c) => [c.from, c.to, c.changedBy, c.reason])).toEqual([['FREE', 'VIP', `reward:${vip.id}`, 'VIP']]);
        expect(ctx.seenOf('reward.granted').map((g) => [g.kind, g.value, g.capped])).toEqual([
          ['VIP_DAYS', 30, true],
          ['BADGE', null, false],
          ['CONTENT', 77, false],
        ]);
        expect((await ctx.rewards.rewards(3)).find((r) => r.id === badge.id)).toMatchObject({ state: 'claimed', badge: { name: 'Madrugador', emoji: '🌅' } });
        expect(await ctx.economy.ledger.balance(3)).toBe(22);
        await verifyOk();
      });
    });

    describe('conditions', () => {
      it('group 0 needs every condition, each other group at least one', async () => {
        const r = await ctx.rewards.createReward(
          ADMIN,
          besitos(7, [
            { type: 'TOTAL_EARNED', value: 50 },
            { type: 'FIRST_DAILY_GIFT', group: 1 },
            { type: 'FIRST_REACTION', group: 1 },
            { type: 'LEVEL', value: 2, group: 2 },
            { type: 'NOT_VIP', group: 2 },
          ]),
        );
        await credit(1, 60); // group 0 holds, group 1 does not
        expect(await memberRewardRows(ctx.storage, 1)).toEqual([]);
        const [locked] = await ctx.rewards.rewards(1);
        expect(locked!.state).toBe('locked');
        expect(locked!.progress.map((p) => [p.type, p.group, p.text, p.met])).toEqual([
          ['TOTAL_EARNED', 0, '50/50', true],
          ['FIRST_DAILY_GIFT', 1, '✗', false],
          ['FIRST_REACTION', 1, '✗', false],
          ['LEVEL', 2, '1/2', false],
          ['NOT_VIP', 2, '✓', true],
        ]);
        expect(locked!.progress[0]).toMatchObject({ target: 50, current: 60 });
        await ctx.economy.daily.claim(1); // one of group 1 is enough
        expect(await memberRewardRows(ctx.storage, 1)).toMatchObject([{ reward: r.id, value: 7 }]);
        expect(await ctx.economy.ledger.balance(1)).toBe(60 + 22 + 7);

        // A VIP at level 1 fails group 2 (neither LEVEL ≥ 2 nor NOT_VIP) however the rest holds.
        await ctx.economy.membership.grantVip({ memberId: 2, days: 5, by: 'test' });
        await credit(2, 60);
        await ctx.economy.daily.claim(2);
        expect(await memberRewardRows(ctx.storage, 2)).toEqual([]);
        await credit(2, 100); // level 2: group 2 holds through LEVEL
        expect(await memberRewardRows(ctx.storage, 2)).toMatchObject([{ reward: r.id, value: 7 }]);
        await verifyOk();
      });

      it('a LEVEL-only reward unlocks on the level change, and on level.changed alone', async () => {
        // Member 2 reaches level 2 before the reward exists: nothing to unlock then.
        await ctx.economy.ledger.credit({ memberId: 2, amount: 100 });
        const r = await ctx.rewards.createReward(ADMIN, besitos(15, [{ type: 'LEVEL', value: 2 }], { name: 'Nivel 2' }));
        await credit(1, 99);
        expect((await ctx.rewards.rewards(1))[0]!.progress[0]!.text).toBe('1/2');
        expect(await memberRewardRows(ctx.storage, 1)).toEqual([]);
        await credit(1, 1);
        expect(await ctx.economy.ledger.profile(1)).toMatchObject({ level: 2, balance: 115, totalEarned: 115 });
        expect(ctx.seenOf('reward.unlocked')).toEqual([
          { memberId: 1, rewardId: r.id, name: 'Nivel 2', secret: false, claimMode: 'auto', expiresAt: null, at: START },
        ]);
        // Only the level.changed subscription runs for a member whose level changed elsewhere.
        expect(await memberRewardRows(ctx.storage, 2)).toEqual([]);
        await ctx.economy.events.emit('level.changed', { memberId: 2, from: 1, to: 2, at: START });
        expect(await memberRewardRows(ctx.storage, 2)).toMatchObject([{ reward: r.id, occurrence: 1, value: 15 }]);
        await verifyOk();
      });

      it('FIRST_PURCHASE from a shop spend or a purchase event; TOTAL_SPENT from the ledger', async () => {
        const first = await ctx.rewards.createReward(ADMIN, besitos(3, [{ type: 'FIRST_PURCHASE' }], { name: 'Primera compra' }));
        const spender = await ctx.rewards.createReward(ADMIN, besitos(9, [{ type: 'TOTAL_SPENT', value: 30 }], { name: 'Gastón' }));
        await credit(1, 100);
        await ctx.economy.ledger.spend({ memberId: 1, amount: 20 });
        expect((await memberRewardRows(ctx.storage, 1)).map((r) => r.reward)).toEqual([first.id]);
        await ctx.economy.ledger.spend({ memberId: 1, amount: 10 });
        expect((await memberRewardRows(ctx.storage, 1)).map((r) => r.reward)).toEqual([first.id, spender.id]);
        expect(await ctx.economy.ledger.balance(1)).toBe(100 - 30 + 3 + 9);
        // A free claim moves no besitos: the event alone tells.
        await ctx.economy.membership.register({ id: 2 });
        await ctx.economy.events.emit('purchase.completed', {
          memberId: 2,
          purchaseId: 1,
          productId: 1,
          price: 0,
          transactionId: null,
          firstPurchase: true,
          at: START,
        });
        expect((await memberRewardRows(ctx.storage, 2)).map((r) => r.reward)).toEqual([first.id]);
        await verifyOk();
      });

      it('streak conditions read the effective streak: a missed day reads 0', async () => {
        const r = await ctx.rewards.createReward(ADMIN, besitos(4, [{ type: 'STREAK_LENGTH', value: 3 }], { claimMode: 'manual' }));
        await ctx.economy.daily.claim(1);
        ctx.clock.advance(DAY);
        await ctx.economy.daily.claim(1);
        ctx.clock.advance(2 * DAY);
        const [item] = await ctx.rewards.rewards(1);
        expect(item!.progress.map((p) => p.text)).toEqual(['0/3']);
        await refusal(ctx.rewards.claim({ memberId: 1, rewardId: r.id }), 'REWARD_LOCKED');
      });
    });

    describe('visibility and states', () => {
      it('a secret reward is hidden until unlocked', async () => {
        const secret = await ctx.rewards.createReward(ADMIN, besitos(5, [{ type: 'TOTAL_EARNED', value: 20 }], { name: 'Sorpresa', secret: true }));
        const open = await ctx.rewards.createReward(ADMIN, besitos(5, [{ type: 'TOTAL_EARNED', value: 1000 }], { name: 'Visible' }));
        await credit(1, 10);
        expect((await ctx.rewards.rewards(1)).map((r) => r.id)).toEqual([open.id]);
        await credit(1, 10);
        const items = await ctx.rewards.rewards(1);
        expect(items.map((r) => [r.id, r.state, r.secret])).toEqual([
          [secret.id, 'claimed', true],
          [open.id, 'locked', false],
        ]);
        expect(items[1]!.progress[0]!.text).toBe('25/1000');
        expect(ctx.seenOf('reward.unlocked')).toMatchObject([{ rewardId: secret.id, secret: true }]);
      });

      it('manual: unlocked with its expiry, claimed once; ALREADY_CLAIMED after; REWARD_LOCKED before', async () => {
        const r = await ctx.rewards.createReward(ADMIN, besitos(12, [{ type: 'TOTAL_EARNED', value: 10 }], { claimMode: 'manual', claimWindowHours: 2 }));
        await credit(1, 5);
        const locked = await refusal(ctx.rewards.claim({ memberId: 1, rewardId: r.id }), 'REWARD_LOCKED');
        expect(locked.details).toEqual({ rewardId: r.id, progress: [{ type: 'TOTAL_EARNED', group: 0, text: '5/10', met: false }] });
        ctx.clock.advance(HOUR);
        await credit(1, 5);
        expect(await ctx.economy.ledger.balance(1)).toBe(10); // manual: nothing granted yet
        const [item] = await ctx.rewards.rewards(1);
        expect(item).toMatchObject({ state: 'unlocked', unlockedAt: new Date(START + HOUR), expiresAt: new Date(START + 3 * HOUR), claimedAt: null });
        expect(ctx.seenOf('reward.unlocked')).toEqual([
          { memberId: 1, rewardId: r.id, name: '+12', secret: false, claimMode: 'manual', expiresAt: START + 3 * HOUR, at: START + HOUR },
        ]);
        ctx.clock.advance(2 * HOUR - 1);
        const grant = await ctx.rewards.claim({ memberId: 1, rewardId: r.id });
        expect(grant).toMatchObject({ rewardId: r.id, occurrence: 1, kind: 'BESITOS', value: 12, capped: false, balance: 22, at: new Date(START + 3 * HOUR - 1) });
        expect(ctx.seenOf('reward.granted')).toEqual([
          { memberId: 1, rewardId: r.id, name: '+12', kind: 'BESITOS', value: 12, capped: false, badge: null, claimMode: 'manual', at: START + 3 * HOUR - 1 },
        ]);
        await refusal(ctx.rewards.claim({ memberId: 1, rewardId: r.id }), 'ALREADY_CLAIMED');
        expect(await ctx.economy.ledger.balance(1)).toBe(22);
        await refusal(ctx.rewards.claim({ memberId: 1, rewardId: 999_999 }), 'NOT_FOUND');
        await verifyOk();
      });

      it('manual: REWARD_EXPIRED once the default window (rewards.manual_claim_window_hours) has passed', async () => {
        const r = await ctx.rewards.createReward(ADMIN, besitos(12, [{ type: 'FIRST_DAILY_GIFT' }], { claimMode: 'manual' }));
        await ctx.economy.daily.claim(1);
        expect((await memberRewardRows(ctx.storage, 1))[0]).toMatchObject({ status: 'UNLOCKED', expiresAt: START + 168 * HOUR });
        ctx.clock.advance(168 * HOUR);
        const err = await refusal(ctx.rewards.claim({ memberId: 1, rewardId: r.id }), 'REWARD_EXPIRED');
        expect(err.details).toEqual({ rewardId: r.id, expiredAt: START + 168 * HOUR });
        expect((await ctx.rewards.rewards(1))[0]).toMatchObject({ state: 'expired', expiresAt: new Date(START + 168 * HOUR) });
        expect(await ctx.economy.ledger.balance(1)).toBe(22);
        expect(ctx.seenOf('reward.granted')).toEqual([]);
      });

      it('a reward created after the member qualified unlocks at the next look', async () => {
        await credit(1, 50);
        const r = await ctx.rewards.createReward(ADMIN, besitos(6, [{ type: 'TOTAL_EARNED', value: 50 }], { claimMode: 'manual' }));
        expect((await ctx.rewards.rewards(1))[0]).toMatchObject({ id: r.id, state: 'unlocked' });
        expect(await ctx.rewards.claim({ memberId: 1, rewardId: r.id })).toMatchObject({ value: 6, balance: 56 });
      });
    });

    describe('repeatable', () => {
      it('unlocks again only after the cooldown, up to the maximum', async () => {
        const r = await ctx.rewards.createReward(
          ADMIN,
          besitos(5, [{ type: 'TOTAL_EARNED', value: 1 }], { repeatable: true, cooldownHours: 24, maxClaims: 2 }),
        );
        await credit(1, 1);
        ctx.clock.advance(24 * HOUR - 1);
        await credit(1, 1);
        expect((await memberRewardRows(ctx.storage, 1)).map((x) => x.occurrence)).toEqual([1]);
        expect((await ctx.rewards.rewards(1))[0]).toMatchObject({ state: 'claimed', claims: 1, nextAvailableAt: new Date(START + 24 * HOUR) });
        ctx.clock.advance(1);
        await credit(1, 1);
        expect(await memberRewardRows(ctx.storage, 1)).toMatchObject([
          { occurrence: 1, grantedAt: START, value: 5 },
          { occurrence: 2, grantedAt: START + 24 * HOUR, value: 5 },
        ]);
        ctx.clock.advance(30 * DAY);
        await credit(1, 1);
        expect(await memberRewardRows(ctx.storage, 1)).toHaveLength(2); // the maximum
        expect((await rewardMovements(ctx.storage, 1)).map((m) => m.key)).toEqual([`reward:${r.id}:1`, `reward:${r.id}:2`]);
        expect(await ctx.economy.ledger.balance(1)).toBe(4 + 10);
        await verifyOk();
      });

      it('a reward made repeatable after a member unlocked it unlocks again (what evaluation remembers does not hold it back)', async () => {
        const r = await ctx.rewards.createReward(ADMIN, besitos(5, [{ type: 'TOTAL_EARNED', value: 1 }]));
        await credit(1, 1);
        await credit(1, 1); // evaluated again: the member's occurrence is remembered, nothing read
        expect((await memberRewardRows(ctx.storage, 1)).map((x) => x.occurrence)).toEqual([1]);
        await ctx.rewards.updateReward(ADMIN, r.id, { repeatable: true, cooldownHours: 1 });
        ctx.clock.advance(HOUR);
        await credit(1, 1);
        expect((await memberRewardRows(ctx.storage, 1)).map((x) => x.occurrence)).toEqual([1, 2]);
        await verifyOk();
      });

      it('NOT_CLAIMED_BEFORE makes a repeatable reward once', async () => {
        await ctx.rewards.createReward(
          ADMIN,
          besitos(5, [{ type: 'TOTAL_EARNED', value: 1 }, { type: 'NOT_CLAIMED_BEFORE' }], { repeatable: true, cooldownHours: 1 }),
        );
        await credit(1, 1);
        ctx.clock.advance(2 * HOUR);
        await credit(1, 1);
        expect(await memberRewardRows(ctx.storage, 1)).toHaveLength(1);
        expect((await ctx.rewards.rewards(1))[0]!.progress.map((p) => p.met)).toEqual([true, false]);
      });
    });

    describe('concurrency', () => {
      it('many simultaneous evaluations and events for one member unlock and grant once', async () => {
        const auto = await ctx.rewards.createReward(ADMIN, besitos(30, [{ type: 'TOTAL_EARNED', value: 10 }]));
        const manual = await ctx.rewards.createReward(ADMIN, besitos(20, [{ type: 'TOTAL_EARNED', value: 10 }], { claimMode: 'manual' }));
        // Rows written directly: the member qualifies without any event having run yet.
        await ctx.storage.db.insertInto('members').values({ id: 5, created_at: START, updated_at: START }).execute();
        await ctx.storage.db
          .insertInto('profiles')
          .values({ member_id: 5, balance: 0, total_earned: 0, total_spent: 0, level: 1, next_level_at: 100, created_at: START, updated_at: START })
          .execute();
        // PostgreSQL: a second instance on its own pool. SQLite: one connection (another in
        // this process would block the thread on the file lock; processes are the ledger's test).
        const other = dialect.name === 'postgres' ? (await ctx.instance()).economy : ctx.economy;
        const work = [
          ...Array.from({ length: 15 }, (_, i) => ctx.economy.ledger.credit({ memberId: 5, amount: 1, idempotencyKey: `c${i}` })),
          ...Array.from({ length: 15 }, () => ctx.rewards.evaluate(5)),
          ...Array.from({ length: 15 }, () => other.rewards.evaluate(5)),
        ];
        await Promise.all(work);
        expect(await memberRewardRows(ctx.storage, 5)).toMatchObject([
          { reward: auto.id, occurrence: 1, status: 'CLAIMED', value: 30 },
          { reward: manual.id, occurrence: 1, status: 'UNLOCKED' },
        ]);
        expect(await rewardMovements(ctx.storage, 5)).toHaveLength(1);
        expect(await ctx.economy.ledger.balance(5)).toBe(15 + 30);
        // Twenty claims at once: one grant, the rest ALREADY_CLAIMED.
        const claims = await Promise.allSettled(
          Array.from({ length: 20 }, (_, i) => (i % 2 ? other.rewards : ctx.rewards).claim({ memberId: 5, rewardId: manual.id })),
        );
        expect(claims.filter((c) => c.status === 'fulfilled')).toHaveLength(1);
        const codes = claims.flatMap((c) => (c.status === 'rejected' ? [(c.reason as EconomyError).code] : []));
        expect(codes).toEqual(Array(19).fill('ALREADY_CLAIMED'));
        expect(await ctx.economy.ledger.balance(5)).toBe(15 + 30 + 20);
        expect(await rewardMovements(ctx.storage, 5)).toHaveLength(2);
        await verifyOk();
      });
    });
  });

  describe(`the example rewards of a new install (${dialect.name})`, () => {
    const ctx = useRewards(dialect, { keepSeeds: true });

    it('first reaction +10, 100 besitos earned → badge, 7-day streak +50; admins can edit them', async () => {
      const seeds = await ctx.rewards.listRewards(ADMIN);
      expect(seeds.map((s) => [s.name, s.kind, s.value, s.badge, s.conditions])).toEqual([
        ['Primera reacción', 'BESITOS', 10, null, [{ type: 'FIRST_REACTION', value: null, group: 0 }]],
        ['Cien besitos', 'BADGE', null, { name: 'Cien besitos', emoji: '💯' }, [{ type: 'TOTAL_EARNED', value: 100, group: 0 }]],
        ['Racha de 7 días', 'BESITOS', 50, null, [{ type: 'STREAK_LENGTH', value: 7, group: 0 }]],
      ]);
      const [first, hundred, streak] = seeds.map((s) => s.id) as [number, number, number];

      await ctx.economy.reactions.configureChannels([{ id: FREE_CHANNEL, kind: 'FREE' }]);
      await ctx.economy.reactions.registerPost(FREE_CHANNEL, 1);
      await ctx.economy.reactions.registerPost(FREE_CHANNEL, 2);
      await ctx.economy.reactions.react({ memberId: 1, channelId: FREE_CHANNEL, messageId: 1, emoji: '❤️' });
      expect(await ctx.economy.ledger.balance(1)).toBe(5 + 10);
      ctx.clock.advance(HOUR);
      await ctx.economy.reactions.react({ memberId: 1, channelId: FREE_CHANNEL, messageId: 2, emoji: '❤️' });
      expect(await ctx.economy.ledger.balance(1)).toBe(20); // once only

      // Daily gifts: 22, 24, 26, 28 → 100 earned on day 4 (with no reactions), 7th day +50.
      const gifts: number[] = [];
      for (let day = 0; day < 7; day++) {
        ctx.clock.set(START + day * DAY + 2 * HOUR);
        gifts.push((await ctx.economy.daily.claim(2)).total);
        const rows = await memberRewardRows(ctx.storage, 2);
        expect(rows.map((r) => r.reward), `day ${day + 1}`).toEqual(day < 3 ? [] : day < 6 ? [hundred] : [hundred, streak]);
      }
      expect(gifts).toEqual([22, 24, 26, 28, 30, 32, 34]);
      expect(await ctx.economy.ledger.profile(2)).toMatchObject({ balance: 196 + 50, totalEarned: 246 });
      const view = await ctx.rewards.rewards(2);
      expect(view.map((v) => [v.id, v.state])).toEqual([
        [first, 'locked'],
        [hundred, 'claimed'],
        [streak, 'claimed'],
      ]);

      // Admins edit or remove them like any other.
      await ctx.rewards.updateReward(ADMIN, first, { amount: 25 });
      await ctx.economy.reactions.react({ memberId: 3, channelId: FREE_CHANNEL, messageId: 1, emoji: '❤️' });
      expect(await ctx.economy.ledger.balance(3)).toBe(5 + 25);
      await ctx.rewards.deleteReward(ADMIN, hundred);
      expect((await ctx.rewards.listRewards(ADMIN)).map((s) => s.id)).toEqual([first, streak]);
      expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    });
  });

  describe(`what a press unlocks (${dialect.name})`, () => {
    const ctx = useRewards(dialect);

    it('a press unlocks what it makes eligible, with the facts its own statement returned on PostgreSQL, and reads none when nothing unlocks', async () => {
      const hundred = (await ctx.rewards.createReward(ADMIN, besitos(7, [{ type: 'TOTAL_EARNED', value: 100 }]))).id;
      await ctx.economy.reactions.configureChannels([{ id: FREE_CHANNEL, kind: 'FREE' }]);
      for (let post = 1; post <= 21; post++) await ctx.economy.reactions.registerPost(FREE_CHANNEL, post);
      const press = async (post: number) => {
        ctx.clock.advance(60_000); // past the cooldown
        await ctx.economy.reactions.react({ memberId: 1, channelId: FREE_CHANNEL, messageId: post, emoji: '❤️' });
        return (await memberRewardRows(ctx.storage, 1)).some((r) => r.reward === hundred);
      };
      // 5 besitos a press (the first one makes the member: the transactional path); the
      // 20th reaches 100 earned, and unlocks +7 then.
      for (let post = 1; post <= 19; post++) expect(await press(post), `post ${post}`).toBe(false);
      expect(await ctx.economy.ledger.profile(1)).toMatchObject({ totalEarned: 95 });
      expect(await press(20)).toBe(true);
      expect(await ctx.economy.ledger.profile(1)).toMatchObject({ totalEarned: 100 + 7 });

      if (dialect.name === 'postgres') {
        // An accepted press that unlocks nothing is one statement, its evaluation included.
        ctx.clock.advance(DAY); // the day's 20 are used
        const sent = await pgStatementsOf(() => ctx.economy.reactions.react({ memberId: 1, channelId: FREE_CHANNEL, messageId: 21, emoji: '❤️' }));
        // What the press sent (not a background LISTEN of the caches' freshness).
        expect(sent.filter((text) => !/^\s*(listen|unlisten)\b/i.test(text))).toHaveLength(1);
        expect(await ctx.economy.ledger.profile(1)).toMatchObject({ totalEarned: 112 });
      }
      expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
    });

    it('an auto badge is its occurrence, granted, in one insert; the pass after it reads nothing', async () => {
      await ctx.economy.reactions.configureChannels([{ id: FREE_CHANNEL, kind: 'FREE' }]);
      for (let post = 1; post <= 3; post++) await ctx.economy.reactions.registerPost(FREE_CHANNEL, post);
      // The badge exists before anything reads the active rewards, so the cache's listener
      // starts after its NOTIFY and never hears it: a notification arriving during the
      // measured press would reload the cache there (two more statements, not the press's).
      const badge = await ctx.rewards.createReward(ADMIN, {
        name: 'Fan',
        kind: 'BADGE',
        badgeName: 'Fan',
        badgeEmoji: '⭐',
        conditions: [{ type: 'TOTAL_EARNED', value: 10 }],
      });
      // 5 besitos: the first press makes the member (the transactional path) and loads the cache.
      await ctx.economy.reactions.react({ memberId: 2, channelId: FREE_CHANNEL, messageId: 1, emoji: '❤️' });
      expect(await memberRewardRows(ctx.storage, 2)).toEqual([]);
      ctx.clock.advance(60_000);
      const press = () => ctx.economy.reactions.react({ memberId: 2, channelId: FREE_CHANNEL, messageId: 2, emoji: '❤️' });
      // PostgreSQL: the press's statement and the badge's insert; nothing else (no BEGIN,
      // no second write, no facts read after the grant).
      const sent = dialect.name === 'postgres' ? await pgStatementsOf(press) : (await press(), []);
      if (dialect.name === 'postgres') expect(sent.filter((text) => !/^\s*(listen|unlisten)\b/i.test(text)), sent.join('\n')).toHaveLength(2);
      const at = ctx.clock.now();
      expect(await memberRewardRows(ctx.storage, 2)).toEqual([
        { reward: badge.id, occurrence: 1, status: 'CLAIMED', unlockedAt: at, expiresAt: null, grantedAt: at, value: null, capped: false, transaction: null },
      ]);
      expect(ctx.seenOf('reward.granted')).toContainEqual(
        expect.objectContaining({ memberId: 2, rewardId: badge.id, kind: 'BADGE', badge: { name: 'Fan', emoji: '⭐' }, claimMode: 'auto' }),
      );
      // Once only: the next press unlocks nothing more.
      ctx.clock.advance(60_000);
      await ctx.economy.reactions.react({ memberId: 2, channelId: FREE_CHANNEL, messageId: 3, emoji: '❤️' });
      expect(await memberRewardRows(ctx.storage, 2)).toHaveLength(1);
    });
  });
}
