/**
 * The arithmetic of the daily gift (SPEC §4), pure so it is tested on its own and the
 * service, the status read and the job all count the same way.
 */
export interface GiftSettings {
  'daily.base': number;
  'daily.bonus_per_day': number;
  'daily.bonus_cap': number;
}

/** The streak bonus of a claim that brings the streak to `streak`: min(per day × streak, cap). */
export function streakBonus(streak: number, settings: GiftSettings): number {
  return Math.min(settings['daily.bonus_per_day'] * streak, settings['daily.bonus_cap']);
}

/** What a claim that brings the streak to `streak` pays. */
export function giftFor(streak: number, settings: GiftSettings): { base: number; bonus: number } {
  return { base: settings['daily.base'], bonus: streakBonus(streak, settings) };
}

/**
 * The streak a claim on economy day `today` reaches: one more when the last claim was the
 * day before, otherwise (never claimed, a day or more missed) 1. The claim statement
 * computes the same thing in SQL (daily-repository.ts).
 */
export function streakAfterClaim(lastDay: number | null, streak: number, today: number): number {
  return lastDay !== null && lastDay === today - 1 ? streak + 1 : 1;
}

/**
 * The current streak read on day `today`, whatever the stored row says: it still counts
 * while the member can extend it (claimed today or yesterday) and is 0 once a whole
 * economy day was missed, whether or not the day-boundary job has written the reset yet.
 */
export function effectiveStreak(lastDay: number | null, streak: number, today: number): number {
  return lastDay !== null && lastDay >= today - 1 ? streak : 0;
}
