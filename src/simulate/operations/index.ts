/**
 * Every area's simulate operations. A new area (reactions, daily gift, shop, rewards, …)
 * adds its own `<area>-ops.ts` and one line here.
 */
import { OperationRegistry, type Operation } from '../registry.js';
import { dailyOperations } from './daily-ops.js';
import { jobsOperations } from './jobs-ops.js';
import { ledgerOperations } from './ledger-ops.js';
import { membershipOperations } from './membership-ops.js';
import { metricsOperations } from './metrics-ops.js';
import { reactionOperations } from './reaction-ops.js';
import { rewardOperations } from './reward-ops.js';
import { levelsOperations } from './levels-ops.js';
import { leaderboardOperations } from './leaderboard-ops.js';
import { settingsOperations } from './settings-ops.js';
import { shopOperations } from './shop-ops.js';
import { streaksOperations } from './streaks-ops.js';
import { translationOperations } from './translation-ops.js';

export const OPERATION_AREAS: ReadonlyArray<readonly Operation[]> = [
  ledgerOperations,
  settingsOperations,
  levelsOperations,
  dailyOperations,
  reactionOperations,
  membershipOperations,
  jobsOperations,
  streaksOperations,
  shopOperations,
  rewardOperations,
  translationOperations,
  metricsOperations,
  leaderboardOperations,
];

export function defaultRegistry(): OperationRegistry {
  return new OperationRegistry(OPERATION_AREAS.flat());
}
