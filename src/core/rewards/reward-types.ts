/**
 * The rewards module's public types (SPEC §6): what admins and members see, what a grant
 * and an unlock return, the port through which CONTENT is sent. Adapters import these
 * without the service.
 */
import type { RewardClaimMode, RewardConditionType, RewardKind, RewardRow } from '../../storage/rewards-tables.js';
import type { RewardDelivery } from '../shop/shop-types.js';
import type { ConditionProgress } from './reward-conditions.js';

/** The part of the shop that delivers a granted content set: never throws, true when sent. */
export interface ContentDelivery {
  deliverReward(memberId: number, contentSetId: number, reward: RewardDelivery): Promise<boolean>;
  /** The port's `defersRewardDelivery` (false when it has none). */
  defersRewardDelivery?(): boolean;
}

export interface RewardRedeliverResult {
  rewardId: number;
  contentSetId: number;
  occurrence: number;
  delivered: boolean;
}

/** A reward as admins see it. */
export interface RewardView {
  id: number;
  name: string;
  description: string;
  kind: RewardKind;
  /** BESITOS: amount; VIP_DAYS: days; CONTENT: content set id; BADGE: null. */
  value: number | null;
  badge: { name: string; emoji: string } | null;
  repeatable: boolean;
  cooldownHours: number | null;
  maxClaims: number | null;
  secret: boolean;
  claimMode: RewardClaimMode;
  /** Manual: the reward's own window, or null for the setting. */
  claimWindowHours: number | null;
  active: boolean;
  conditions: Array<{ type: RewardConditionType; value: number | null; group: number }>;
  createdAt: Date;
  updatedAt: Date;
}

export type MemberRewardState = 'locked' | 'unlocked' | 'claimed' | 'expired';

/** A reward as a member sees it. */
export interface MemberRewardItem {
  id: number;
  name: string;
  description: string;
  kind: RewardKind;
  value: number | null;
  badge: { name: string; emoji: string } | null;
  secret: boolean;
  claimMode: RewardClaimMode;
  repeatable: boolean;
  state: MemberRewardState;
  /** Every condition with what the member has ("3/7"). */
  progress: ConditionProgress[];
  /** The latest occurrence (null when never unlocked). */
  occurrence: number | null;
  unlockedAt: Date | null;
  /** Manual: end of the claim window of the latest occurrence. */
  expiresAt: Date | null;
  claimedAt: Date | null;
  /** What the latest claim granted after the cap, and whether the cap lowered it. */
  grantedValue: number | null;
  capped: boolean;
  /** Occurrences claimed. */
  claims: number;
  /** Repeatable: when the cooldown lets the next occurrence unlock. */
  nextAvailableAt: Date | null;
}

export interface RewardGrant {
  memberId: number;
  rewardId: number;
  name: string;
  kind: RewardKind;
  occurrence: number;
  /** Besitos, days or content set id granted (after the cap); null for a badge. */
  value: number | null;
  capped: boolean;
  badge: { name: string; emoji: string } | null;
  /** BESITOS: the EARN_REWARD movement and the balance after it. */
  transactionId: number | null;
  balance: number | null;
  /** VIP_DAYS: the VIP expiry after the extension. */
  vipExpiresAt: Date | null;
  /** CONTENT: whether the set reached the member (after the commit); null for other kinds. */
  delivered: boolean | null;
  at: Date;
}

export interface RewardUnlock {
  memberId: number;
  rewardId: number;
  name: string;
  occurrence: number;
  claimMode: RewardClaimMode;
  /** Manual: end of the claim window. */
  expiresAt: Date | null;
  /** Auto: what was granted with the unlock. */
  grant: RewardGrant | null;
}

/**
 * The events after which rewards are evaluated for the event's member. A reaction and a
 * daily claim always pay, and their movement.applied is emitted after the whole
 * transaction (reaction row, claim state) committed, so `reaction.accepted` and
 * `daily.claimed` are covered by it: listening to them too evaluated every press twice.
 */
export const EVALUATED_AFTER = [
  'movement.applied',
  'level.changed',
  'role.changed',
  'purchase.completed',
  'reward.granted',
] as const;

/** The badge of a BADGE reward as every view shows it; null for the other kinds. */
export function badgeOf(row: RewardRow): { name: string; emoji: string } | null {
  return row.kind === 'BADGE' ? { name: row.badge_name ?? '', emoji: row.badge_emoji ?? '' } : null;
}

/** What both views of a reward (the admins', the member's) start with: which it is and what it gives. */
export function rewardSummary(row: RewardRow): Pick<RewardView, 'id' | 'name' | 'description' | 'kind' | 'value' | 'badge'> {
  return { id: row.id, name: row.name, description: row.description, kind: row.kind, value: row.value, badge: badgeOf(row) };
}
