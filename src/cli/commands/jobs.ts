/**
 * `besitos jobs run`: runs the day-boundary jobs now (SPEC §4, §7): streak resets for every
 * economy day passed since the last run, VIP expiry, today's streak reminders once due.
 * Safe beside running bots: the lease and the job_runs rows make each period run once.
 */
import type { Command } from 'commander';
import type { DueReport } from '../../core/index.js';
import type { CommandContext } from '../context.js';
import { besitos, iso, table } from '../format.js';

export function describeRun(report: DueReport): string {
  if (report.skipped !== null) {
    return `Skipped: another instance (${report.heldBy}) is running the jobs; its lease ends ${iso(report.leaseExpiresAt)}.`;
  }
  const lines: string[] = [];
  if (report.periods.length === 0) {
    lines.push(`No day boundary due (time zone ${report.timezone}).`);
  } else {
    lines.push(`Day boundaries processed (time zone ${report.timezone}):`);
    lines.push(
      table(
        ['DAY', 'BOUNDARY', 'STREAKS RESET', 'REACTION STREAKS RESET', 'VIPS EXPIRED'],
        report.periods.map((p) => [p.date, iso(p.boundaryAt), besitos(p.streaksReset), besitos(p.reactionStreaksReset), besitos(p.vipsExpired)]),
        [2, 3, 4],
      ),
    );
  }
  if (report.daysSkipped > 0) lines.push(`${besitos(report.daysSkipped)} older day(s) were too far back to process one by one.`);
  lines.push(`VIP memberships ended: ${besitos(report.vipsExpired)}.`);
  lines.push(
    !report.remindersEnabled
      ? 'Streak reminders: left to the bot (nothing here delivers them).'
      : report.reminders === null
      ? 'Streak reminders: none due now (or already sent today).'
      : `Streak reminders for ${report.reminders.date}: ${besitos(report.reminders.memberIds.length)} member(s), before ${iso(report.reminders.boundaryAt)}.`,
  );
  return lines.join('\n');
}

export function registerJobs(program: Command, ctx: CommandContext): void {
  const jobs = program.command('jobs').description('Run the day-boundary jobs (streak resets, VIP expiry, streak reminders)');

  jobs
    .command('run')
    .description('Run everything due now, once across instances (a repeated run does nothing)')
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const report = await economy.jobs.runDue();
        out.result(report, () => describeRun(report));
      }),
    );
}
