/**
 * The conditions of a reward (SPEC §6), pure: what each one needs, what a member has, and
 * the group rule. Every condition of group 0 must hold; each other group (1, 2, …) needs
 * at least one of its conditions; a reward is eligible when every group holds.
 */
import type { Role } from '../../storage/database.js';
import type { RewardConditionType } from '../../storage/rewards-tables.js';

export const CONDITION_TYPES = [
  'STREAK_LENGTH',
  'REACTION_STREAK',
  'TOTAL_EARNED',
  'LEVEL',
  'TOTAL_SPENT',
  'FIRST_PURCHASE',
  'FIRST_DAILY_GIFT',
  'FIRST_REACTION',
  'NOT_VIP',
  'NOT_CLAIMED_BEFORE',
] as const satisfies readonly RewardConditionType[];

/** Threshold conditions and the range of their value; the others take no value. */
export const THRESHOLD_RANGES: Partial<Record<RewardConditionType, readonly [number, number]>> = {
  STREAK_LENGTH: [1, 365],
  REACTION_STREAK: [1, 365],
  TOTAL_EARNED: [1, 100_000],
  TOTAL_SPENT: [1, 100_000],
  LEVEL: [1, 100],
};

export function isThreshold(type: RewardConditionType): boolean {
  return THRESHOLD_RANGES[type] !== undefined;
}

export interface RewardCondition {
  type: RewardConditionType;
  /** The threshold (threshold conditions only). */
  value: number | null;
  group: number;
}

/** What a member has, as of one moment (effective streaks, effective role). */
export interface MemberFacts {
  dailyStreak: number;
  reactionStreak: number;
  totalEarned: number;
  totalSpent: number;
  level: number;
  firstPurchase: boolean;
  firstDailyGift: boolean;
  firstReaction: boolean;
  role: Role;
}

export interface ConditionProgress {
  type: RewardConditionType;
  group: number;
  /** Threshold conditions: the target and what the member has now; null for flags. */
  target: number | null;
  current: number | null;
  met: boolean;
  /** "3/7" for a threshold (current shown up to the target), "✓" or "✗" for a flag. */
  text: string;
}

export function conditionProgress(c: RewardCondition, facts: MemberFacts, claimedBefore: boolean): ConditionProgress {
  const threshold = (current: number): ConditionProgress => {
    const target = c.value ?? 0;
    return { type: c.type, group: c.group, target, current, met: current >= target, text: `${Math.min(current, target)}/${target}` };
  };
  const flag = (met: boolean): ConditionProgress => ({ type: c.type, group: c.group, target: null, current: null, met, text: met ? '✓' : '✗' });
  switch (c.type) {
    case 'STREAK_LENGTH':
      return threshold(facts.dailyStreak);
    case 'REACTION_STREAK':
      return threshold(facts.reactionStreak);
    case 'TOTAL_EARNED':
      return threshold(facts.totalEarned);
    case 'TOTAL_SPENT':
      return threshold(facts.totalSpent);
    case 'LEVEL':
      return threshold(facts.level);
    case 'FIRST_PURCHASE':
      return flag(facts.firstPurchase);
    case 'FIRST_DAILY_GIFT':
      return flag(facts.firstDailyGift);
    case 'FIRST_REACTION':
      return flag(facts.firstReaction);
    case 'NOT_VIP':
      return flag(facts.role !== 'VIP' && facts.role !== 'ADMIN');
    case 'NOT_CLAIMED_BEFORE':
      return flag(!claimedBefore);
  }
}

/** Group 0: all; every other group present: at least one. No conditions: eligible. */
export function groupsHold(progress: readonly { group: number; met: boolean }[]): boolean {
  const anyMet = new Map<number, boolean>();
  for (const p of progress) {
    if (p.group === 0) {
      if (!p.met) return false;
    } else {
      anyMet.set(p.group, (anyMet.get(p.group) ?? false) || p.met);
    }
  }
  for (const met of anyMet.values()) if (!met) return false;
  return true;
}
