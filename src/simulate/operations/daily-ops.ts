/**
 * Daily gift operations (SPEC §4): `claim_daily {member}` and `daily_status {member}`.
 * Results are the engine's objects with `nextClaimAt` as ISO text, like every time
 * simulate prints; an ALREADY_CLAIMED refusal carries the engine's details as they are
 * (`nextClaimAt` in ms, `secondsLeft`, `streak`).
 */
import { z } from 'zod';
import { type DailyClaim, type DailyStatus, toIso } from '../../core/index.js';
import { memberField } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';

export function plainDailyClaim(claim: DailyClaim): Omit<DailyClaim, 'nextClaimAt'> & { nextClaimAt: string } {
  return { ...claim, nextClaimAt: toIso(claim.nextClaimAt) };
}

export function plainDailyStatus(status: DailyStatus): Omit<DailyStatus, 'nextClaimAt'> & { nextClaimAt: string } {
  return { ...status, nextClaimAt: toIso(status.nextClaimAt) };
}

const claimDaily = defineOperation('claim_daily', z.strictObject({ member: memberField }), async (a, { economy }) =>
  plainDailyClaim(await economy.daily.claim(a.member)),
);

const dailyStatus = defineOperation('daily_status', z.strictObject({ member: memberField }), async (a, { economy }) =>
  plainDailyStatus(await economy.daily.status(a.member)),
);

export const dailyOperations: readonly Operation[] = [claimDaily, dailyStatus];
