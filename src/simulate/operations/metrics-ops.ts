/**
 * The economy's metrics (SPEC §8) at the line's time: lets a rehearsal on a copy of the
 * data show what a change of settings does to faucets, sinks and the distribution. Like the
 * leaderboards' reads, it refreshes first when a refresh is due (leaderboard-ops.ts).
 */
import { z } from 'zod';
import { defineOperation, type Operation } from '../registry.js';

const metrics = defineOperation(
  'metrics',
  // The engine checks the range (INVALID_INPUT, field `days`).
  z.strictObject({ days: z.number().optional() }),
  async (a, { economy }) => {
    await economy.stats.refreshIfDue();
    return economy.metrics(a.days !== undefined ? { days: a.days } : {});
  },
);

export const metricsOperations: readonly Operation[] = [metrics];
