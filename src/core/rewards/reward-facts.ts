/**
 * What a member has now, as the conditions see it (SPEC §6): streaks as they stand on the
 * community's day (`economy.timezone`), and the effective role (VIP expiry, configured admins).
 */
import type { Executor } from '../../storage/write-transaction.js';
import { dayNumber } from '../economy-day.js';
import type { EngineContext } from '../engine-context.js';
import type { EconomySettings } from '../settings/settings-schema.js';
import type { MemberFacts } from './reward-conditions.js';
import { readFacts } from './member-rewards-repository.js';

/** The facts of a member storage does not know yet: nothing met. */
export const NO_FACTS: MemberFacts = {
  dailyStreak: 0,
  reactionStreak: 0,
  totalEarned: 0,
  totalSpent: 0,
  level: 1,
  firstPurchase: false,
  firstDailyGift: false,
  firstReaction: false,
  role: 'FREE',
};

/** The member's facts at `now`, or undefined for an unknown member. */
export function memberFacts(
  ctx: EngineContext,
  db: Executor,
  memberId: number,
  now: number,
  settings: EconomySettings,
): Promise<MemberFacts | undefined> {
  const today = dayNumber(now, settings['economy.timezone']);
  return readFacts(db, memberId, now, today, ctx.admins.isConfiguredAdmin(memberId));
}
