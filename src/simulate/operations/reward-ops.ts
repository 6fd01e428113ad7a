/**
 * Rewards (SPEC §6): admins create, change, switch on or off and delete rewards; members
 * see theirs with progress, claim manual ones and ask for a CONTENT reward's set again.
 * Field values are checked by the engine (INVALID_INPUT naming the field), so simulate
 * refuses exactly what the bot would.
 */
import { z } from 'zod';
import type { RewardInput } from '../../core/index.js';
import { engineChecked, memberField } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';

const checked = <T>() => z.custom<T>().optional();
const adminField = engineChecked<number>('admin (a Telegram id)');
const rewardField = engineChecked<number>('reward (a reward id)');

const rewardFields = {
  name: checked<string>(),
  description: checked<string>(),
  kind: checked<RewardInput['kind']>(),
  amount: checked<number>(),
  days: checked<number>(),
  content_set: checked<number>(),
  badge_name: checked<string>(),
  badge_emoji: checked<string>(),
  repeatable: checked<boolean>(),
  cooldown_hours: checked<number>(),
  max_claims: checked<number | null>(),
  secret: checked<boolean>(),
  claim_mode: checked<'auto' | 'manual'>(),
  claim_window_hours: checked<number | null>(),
  active: checked<boolean>(),
  conditions: checked<RewardInput['conditions']>(),
};

type RewardFields = { [K in keyof typeof rewardFields]?: unknown };

function toInput(a: RewardFields): Partial<RewardInput> {
  const out: Record<string, unknown> = {};
  const map: Array<[keyof RewardFields, keyof RewardInput]> = [
    ['name', 'name'],
    ['description', 'description'],
    ['kind', 'kind'],
    ['amount', 'amount'],
    ['days', 'days'],
    ['content_set', 'contentSetId'],
    ['badge_name', 'badgeName'],
    ['badge_emoji', 'badgeEmoji'],
    ['repeatable', 'repeatable'],
    ['cooldown_hours', 'cooldownHours'],
    ['max_claims', 'maxClaims'],
    ['secret', 'secret'],
    ['claim_mode', 'claimMode'],
    ['claim_window_hours', 'claimWindowHours'],
    ['active', 'active'],
    ['conditions', 'conditions'],
  ];
  for (const [from, to] of map) if (a[from] !== undefined) out[to] = a[from];
  return out as Partial<RewardInput>;
}

const createReward = defineOperation(
  'create_reward',
  z.strictObject({ admin: adminField, ...rewardFields }),
  async (a, { economy }) => economy.rewards.createReward(a.admin, toInput(a) as RewardInput),
);

const updateReward = defineOperation(
  'update_reward',
  z.strictObject({ admin: adminField, reward: rewardField, ...rewardFields }),
  async (a, { economy }) => economy.rewards.updateReward(a.admin, a.reward, toInput(a)),
);

const deleteReward = defineOperation(
  'delete_reward',
  z.strictObject({ admin: adminField, reward: rewardField }),
  async (a, { economy }) => economy.rewards.deleteReward(a.admin, a.reward),
);

const listRewards = defineOperation('list_rewards', z.strictObject({ admin: adminField }), async (a, { economy }) => ({
  rewards: await economy.rewards.listRewards(a.admin),
}));

const memberRewards = defineOperation('rewards', z.strictObject({ member: memberField }), async (a, { economy }) => ({
  memberId: a.member,
  rewards: await economy.rewards.rewards(a.member),
}));

const claimReward = defineOperation(
  'claim_reward',
  z.strictObject({ member: memberField, reward: rewardField }),
  async (a, { economy }) => economy.rewards.claim({ memberId: a.member, rewardId: a.reward }),
);

/** Sends a granted CONTENT reward's set again (through the run's deliverer, see `fail_delivery`). */
const redeliverReward = defineOperation(
  'redeliver_reward',
  z.strictObject({ member: memberField, reward: rewardField }),
  async (a, { economy }) => economy.rewards.redeliver({ memberId: a.member, rewardId: a.reward }),
);

export const rewardOperations: readonly Operation[] = [
  createReward,
  updateReward,
  deleteReward,
  listRewards,
  memberRewards,
  claimReward,
  redeliverReward,
];
