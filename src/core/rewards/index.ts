export { RewardsService, type RewardsDeps, type ClaimInput as RewardClaimInput } from './rewards-service.js';
export {
  EVALUATED_AFTER,
  type RewardView,
  type MemberRewardItem,
  type MemberRewardState,
  type RewardGrant,
  type RewardUnlock,
  type ContentDelivery,
  type RewardRedeliverResult,
} from './reward-types.js';
export { checkRewardInput, REWARD_KINDS, CLAIM_MODES, type RewardInput, type RewardConditionInput } from './reward-input.js';
export { CONDITION_TYPES, THRESHOLD_RANGES, conditionProgress, groupsHold, type ConditionProgress, type MemberFacts } from './reward-conditions.js';
