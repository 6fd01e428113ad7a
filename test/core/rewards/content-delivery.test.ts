/**
 * CONTENT rewards deliver their set (SPEC §6): through the shop's Deliverer port, after the
 * grant committed and was announced, once per grant (auto on unlock, manual on claim); a
 * failing delivery is retried like a purchase's, logged, and leaves the grant standing;
 * `redeliver` sends a held reward's set again and refuses anyone else.
 */
import { describe, expect, it, vi } from 'vitest';
import type { RewardInput } from '../../../src/core/rewards/reward-input.js';
import {
  ScriptedDeliverer,
  type ContentItem,
  type ContentSet,
  type DeliveryContext,
} from '../../../src/core/shop/index.js';
import { testDialects } from '../../helpers/dialects.js';
import { refusal } from '../../helpers/ledger-fixtures.js';
import { ADMIN, memberRewardRows, useRewards, type RewardsContext } from './rewards-fixture.js';

const ITEMS: ContentItem[] = [
  { kind: 'photo', fileId: 'P1' },
  { kind: 'photo', fileId: 'P2' },
];

/** Records what each attempt saw, and whether the grant was committed and announced by then. */
class SeeingDeliverer extends ScriptedDeliverer {
  readonly seen: Array<{ memberId: number; items: ContentItem[]; context: DeliveryContext; status: string | null; announced: number }> = [];
  constructor(private readonly ctx: RewardsContext) {
    super();
  }
  override async deliver(memberId: number, contentSet: ContentSet, context: DeliveryContext): Promise<void> {
    const row = context.reward
      ? await this.ctx.storage.db.selectFrom('member_rewards').select('status').where('id', '=', context.reward.memberRewardId).executeTakeFirst()
      : undefined;
    this.seen.push({ memberId, items: contentSet.items, context, status: row?.status ?? null, announced: this.ctx.seenOf('reward.granted').length });
    return super.deliver(memberId, contentSet, context);
  }
}

for (const dialect of testDialects()) {
  describe(`CONTENT rewards deliver their set (${dialect.name})`, () => {
    const ctx = useRewards(dialect);

    async function setup(extra: Partial<RewardInput> = {}, contentSetId?: number) {
      const set = await ctx.economy.shop.createContentSet({ adminId: ADMIN, name: 'Fotos', items: ITEMS });
      const reward = await ctx.rewards.createReward(ADMIN, {
        name: 'Pack de bienvenida',
        kind: 'CONTENT',
        contentSetId: contentSetId ?? set.id,
        conditions: [{ type: 'FIRST_DAILY_GIFT' }],
        ...extra,
      });
      // Set after construction, as the bot does: the engine reads the port at delivery time.
      const deliverer = new SeeingDeliverer(ctx);
      ctx.economy.shop.setDeliverer(deliverer);
      return { set, reward, deliverer };
    }

    it('an auto reward delivers its set exactly once, after the grant committed and was announced', async () => {
      const { set, reward, deliverer } = await setup();
      await ctx.economy.daily.claim(1);
      expect(deliverer.delivered).toEqual([{ memberId: 1, contentSetId: set.id, rewardId: reward.id, ok: true }]);
      expect(deliverer.seen).toHaveLength(1);
      const [seen] = deliverer.seen;
      expect(seen!.items).toEqual(ITEMS);
      expect(seen!.context.reward).toMatchObject({ rewardId: reward.id, occurrence: 1, name: 'Pack de bienvenida' });
      expect(seen!.status).toBe('CLAIMED');
      expect(seen!.announced).toBe(1);
      // Evaluating again (and the member's view, which evaluates) sends nothing more.
      await ctx.rewards.evaluate(1);
      await ctx.rewards.rewards(1);
      await ctx.economy.ledger.credit({ memberId: 1, amount: 5 });
      expect(deliverer.attempts).toHaveLength(1);
      expect(ctx.deliveryErrors).toEqual([]);
    });

    it('a manual reward delivers on claim, not on unlock', async () => {
      const { set, reward, deliverer } = await setup({ claimMode: 'manual' });
      await ctx.economy.daily.claim(2);
      expect(deliverer.attempts).toEqual([]);
      const grant = await ctx.rewards.claim({ memberId: 2, rewardId: reward.id });
      expect(grant).toMatchObject({ kind: 'CONTENT', value: set.id, delivered: true });
      expect(deliverer.delivered).toEqual([{ memberId: 2, contentSetId: set.id, rewardId: reward.id, ok: true }]);
      expect(deliverer.seen[0]!.items).toEqual(ITEMS);
      await refusal(ctx.rewards.claim({ memberId: 2, rewardId: reward.id }), 'ALREADY_CLAIMED');
      expect(deliverer.attempts).toHaveLength(1);
    });

    it('a delivery failing on every try is retried like a purchase, logged, and the grant stands', async () => {
      const { set, reward, deliverer } = await setup({ claimMode: 'manual' });
      deliverer.fail({ rewardId: reward.id, permanent: false });
      await ctx.economy.daily.claim(3);
      const grant = await ctx.rewards.claim({ memberId: 3, rewardId: reward.id });
      expect(grant.delivered).toBe(false);
      expect(deliverer.attempts.map((a) => a.ok)).toEqual([false, false, false]);
      expect(ctx.deliveryErrors.map((e) => e.info)).toEqual([
        { memberId: 3, rewardId: reward.id, memberRewardId: expect.any(Number), attempt: 1, permanent: false },
        { memberId: 3, rewardId: reward.id, memberRewardId: expect.any(Number), attempt: 2, permanent: false },
        { memberId: 3, rewardId: reward.id, memberRewardId: expect.any(Number), attempt: 3, permanent: true },
      ]);
      expect(await memberRewardRows(ctx.storage, 3)).toMatchObject([{ reward: reward.id, status: 'CLAIMED', value: set.id }]);
      expect((await ctx.rewards.rewards(3)).find((r) => r.id === reward.id)).toMatchObject({ state: 'claimed', claims: 1 });
      // Once the member can receive it, asking again works.
      deliverer.clear();
      expect(await ctx.rewards.redeliver({ memberId: 3, rewardId: reward.id })).toEqual({
        rewardId: reward.id,
        contentSetId: set.id,
        occurrence: 1,
        delivered: true,
      });
    });

    it('a port that defers (issue 14): the evaluation returns before the set goes out; a claim still waits for its outcome', async () => {
      const { reward } = await setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      class DeferringDeliverer extends ScriptedDeliverer {
        defersRewardDelivery(): boolean {
          return true;
        }
        override async deliver(memberId: number, contentSet: ContentSet, context: DeliveryContext): Promise<void> {
          await gate;
          return super.deliver(memberId, contentSet, context);
        }
      }
      const deliverer = new DeferringDeliverer();
      ctx.economy.shop.setDeliverer(deliverer);
      // Unlocked by the daily gift's evaluation, which returned without the set.
      await ctx.economy.daily.claim(8);
      expect(deliverer.attempts).toEqual([]);
      expect(await memberRewardRows(ctx.storage, 8)).toMatchObject([{ reward: reward.id, status: 'CLAIMED' }]);
      release();
      await vi.waitFor(() => expect(deliverer.delivered).toHaveLength(1));
      // A claim never defers: the grant it returns carries the outcome.
      const { reward: manual } = await setup({ name: 'Otro', claimMode: 'manual' });
      ctx.economy.shop.setDeliverer(deliverer);
      await ctx.rewards.evaluate(8);
      const grant = await ctx.rewards.claim({ memberId: 8, rewardId: manual.id });
      expect(grant.delivered).toBe(true);
    });

    it('a deferred delivery records its outcome on the evaluation\'s grant once it settles', async () => {
      await ctx.economy.daily.claim(9); // before the reward exists: nothing unlocks yet
      const { reward } = await setup();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const deliverer = Object.assign(new ScriptedDeliverer(), { defersRewardDelivery: () => true });
      const deliver = deliverer.deliver.bind(deliverer);
      deliverer.deliver = async (...args) => {
        await gate;
        return deliver(...args);
      };
      ctx.economy.shop.setDeliverer(deliverer);
      const [unlock] = await ctx.rewards.evaluate(9);
      expect(unlock!.rewardId).toBe(reward.id);
      expect(unlock!.grant!.delivered).toBe(false); // not sent yet
      release();
      await vi.waitFor(() => expect(unlock!.grant!.delivered).toBe(true));
    });

    it('a content set that no longer exists is logged; the evaluation and the grant go on', async () => {
      const { reward, deliverer } = await setup({}, 987_654);
      const claim = await ctx.economy.daily.claim(4);
      expect(claim).toBeDefined();
      expect(deliverer.attempts).toEqual([]);
      expect(ctx.deliveryErrors).toHaveLength(1);
      expect(ctx.deliveryErrors[0]!.info).toMatchObject({ memberId: 4, rewardId: reward.id, attempt: 1, permanent: true });
      expect(ctx.deliveryErrors[0]!.err).toMatchObject({ code: 'NOT_FOUND' });
      expect(await memberRewardRows(ctx.storage, 4)).toMatchObject([{ reward: reward.id, status: 'CLAIMED', value: 987_654 }]);
    });

    it('redeliver re-sends the held set and refuses rewards the member does not hold', async () => {
      const { set, reward, deliverer } = await setup();
      const besitos = await ctx.rewards.createReward(ADMIN, { name: 'Besitos', kind: 'BESITOS', amount: 5, conditions: [{ type: 'FIRST_DAILY_GIFT' }] });
      await ctx.economy.daily.claim(5);
      const again = await ctx.rewards.redeliver({ memberId: 5, rewardId: reward.id });
      expect(again).toEqual({ rewardId: reward.id, contentSetId: set.id, occurrence: 1, delivered: true });
      expect(deliverer.delivered.map((d) => [d.memberId, d.rewardId])).toEqual([
        [5, reward.id],
        [5, reward.id],
      ]);
      expect(deliverer.seen[1]!.items).toEqual(ITEMS);
      await refusal(ctx.rewards.redeliver({ memberId: 6, rewardId: reward.id }), 'NOT_FOUND'); // someone else's
      await refusal(ctx.rewards.redeliver({ memberId: 5, rewardId: besitos.id }), 'NOT_FOUND'); // not content
      await refusal(ctx.rewards.redeliver({ memberId: 5, rewardId: 424_242 }), 'NOT_FOUND');
      await refusal(ctx.rewards.redeliver({ memberId: 5, rewardId: 0 }), 'INVALID_INPUT');
      expect(deliverer.attempts).toHaveLength(2);
    });

    it('a manual reward unlocked but not claimed cannot be re-sent', async () => {
      const { reward, deliverer } = await setup({ claimMode: 'manual' });
      await ctx.economy.daily.claim(7);
      await refusal(ctx.rewards.redeliver({ memberId: 7, rewardId: reward.id }), 'NOT_FOUND');
      expect(deliverer.attempts).toEqual([]);
    });
  });
}
