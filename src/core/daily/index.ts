/** The daily gift and its streak (SPEC §4). */
export { DailyGiftService, type AlreadyClaimedDetails, type DailyClaim, type DailyStatus } from './daily-gift.js';
export { effectiveStreak, giftFor, streakAfterClaim, streakBonus, type GiftSettings } from './daily-rules.js';
export { formatWait, type WaitLanguage } from './format-wait.js';
