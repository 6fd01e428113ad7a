/** The day-boundary jobs (SPEC §4, §7) at the line's time: streak resets, VIP expiry, reminders. */
import { z } from 'zod';
import { defineOperation, type Operation } from '../registry.js';

const runJobs = defineOperation('run_jobs', z.strictObject({}), async (_a, { economy }) =>
  // A simulation's outcome lines are where its reminders are delivered.
  economy.jobs.runDue({ reminders: true }),
);

export const jobsOperations: readonly Operation[] = [runJobs];
