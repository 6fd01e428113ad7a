/**
 * Table types of the rewards (SPEC §6), migration 0006. Times are integer milliseconds;
 * flags are 0/1 integers in both dialects.
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

export type RewardKind = 'BESITOS' | 'CONTENT' | 'BADGE' | 'VIP_DAYS';
export type RewardClaimMode = 'auto' | 'manual';
export type RewardConditionType =
  | 'STREAK_LENGTH'
  | 'REACTION_STREAK'
  | 'TOTAL_EARNED'
  | 'LEVEL'
  | 'TOTAL_SPENT'
  | 'FIRST_PURCHASE'
  | 'FIRST_DAILY_GIFT'
  | 'FIRST_REACTION'
  | 'NOT_VIP'
  | 'NOT_CLAIMED_BEFORE';
/** UNLOCKED: a manual reward waiting to be claimed (expired once `expires_at` ≤ now); CLAIMED: granted. */
export type MemberRewardStatus = 'UNLOCKED' | 'CLAIMED';

export interface RewardsTable {
  id: Generated<number>;
  name: string;
  description: string;
  kind: RewardKind;
  /** BESITOS: amount; VIP_DAYS: days; CONTENT: content set id; BADGE: null. */
  value: number | null;
  badge_name: string | null;
  badge_emoji: string | null;
  repeatable: number;
  /** Repeatable only: hours from one occurrence's claim (or expiry) to the next unlock. */
  cooldown_hours: number | null;
  /** Repeatable only: most occurrences a member can have (null: no maximum). */
  max_claims: number | null;
  secret: number;
  claim_mode: RewardClaimMode;
  /** Manual only: hours to claim; null uses the setting `rewards.manual_claim_window_hours`. */
  claim_window_hours: number | null;
  active: number;
  /** Soft delete: a deleted reward is never evaluated nor shown; its members' rows stay. */
  deleted_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface RewardConditionsTable {
  reward_id: number;
  position: number;
  type: RewardConditionType;
  /** The threshold of STREAK_LENGTH, REACTION_STREAK, TOTAL_EARNED, LEVEL, TOTAL_SPENT; null for flags. */
  value: number | null;
  /** 0: every condition must hold; 1, 2, …: at least one of the group must hold. */
  group_no: number;
}

/** One row per (member, reward, occurrence): the unique key is the unlock-once rule. */
export interface MemberRewardsTable {
  id: Generated<number>;
  member_id: number;
  reward_id: number;
  occurrence: number;
  status: MemberRewardStatus;
  unlocked_at: number;
  /** Manual rewards: the end of the claim window; null for auto. */
  expires_at: number | null;
  granted_at: number | null;
  kind: RewardKind;
  /** What was granted after the cap (besitos, days, content set id); null for a badge or not yet granted. */
  granted_value: number | null;
  /** 1 when the configured cap lowered the grant. */
  capped: ColumnType<number, number | undefined, number>;
  /** The EARN_REWARD movement of a BESITOS grant. */
  transaction_id: number | null;
}

/** Facts that only reach the rewards through events (a free purchase moves no besitos). */
export interface RewardMemberFactsTable {
  member_id: number;
  first_purchase_at: number | null;
}

export interface RewardsTables {
  rewards: RewardsTable;
  reward_conditions: RewardConditionsTable;
  member_rewards: MemberRewardsTable;
  reward_member_facts: RewardMemberFactsTable;
}

export type RewardRow = Selectable<RewardsTable>;
export type RewardConditionRow = Selectable<RewardConditionsTable>;
export type MemberRewardRow = Selectable<MemberRewardsTable>;
