/** The day-boundary jobs (SPEC §4, §7) at the line's time: streak resets, VIP expiry, reminders. */
import { z } from 'zod';
import type { Economy } from '../../core/engine.js';
import { DayBoundaryJobs } from '../../core/jobs/day-boundary-jobs.js';
import { defineOperation, type Operation } from '../registry.js';
import { membershipOf } from './membership-ops.js';

const instances = new WeakMap<Economy, DayBoundaryJobs>();

/** The economy's jobs; built over the economy's parts until the engine carries `economy.jobs`. */
export function jobsOf(economy: Economy): DayBoundaryJobs {
  const wired = (economy as Economy & { jobs?: DayBoundaryJobs }).jobs;
  if (wired) return wired;
  let jobs = instances.get(economy);
  if (!jobs) {
    jobs = new DayBoundaryJobs({
      storage: economy.storage,
      clock: economy.clock,
      settings: economy.settings,
      events: economy.events,
      membership: membershipOf(economy),
    });
    instances.set(economy, jobs);
  }
  return jobs;
}

const runJobs = defineOperation('run_jobs', z.strictObject({}), async (_a, { economy }) =>
  // A simulation's outcome lines are where its reminders are delivered.
  jobsOf(economy).runDue({ reminders: true }),
);

export const jobsOperations: readonly Operation[] = [runJobs];
