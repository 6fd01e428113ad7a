/**
 * `besitos jobs run [--json]` on both databases. The CLI runs on the system clock, so the
 * expected day is read around the run; the exact-time rules are tested with a ManualClock
 * in test/core/jobs.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { registerJobs } from '../../src/cli/commands/jobs.js';
import { CommandContext } from '../../src/cli/context.js';
import { reportFailure, EXIT } from '../../src/cli/exit-codes.js';
import { buildProgram } from '../../src/cli/run-cli.js';
import { dayLabel, dayNumber } from '../../src/core/economy-day.js';
import { JOBS_LEASE } from '../../src/core/jobs/day-boundary-jobs.js';
import { testDialects } from '../helpers/dialects.js';
import { useCliDatabase, type CliRun } from './cli-harness.js';

/** Like runBesitos, with `jobs` registered until commands/index.ts lists it. */
async function besitos(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const ctx = new CommandContext({
    stdin: Readable.from([]),
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: {},
  });
  const program = buildProgram(ctx);
  if (!program.commands.some((c) => c.name() === 'jobs')) registerJobs(program, ctx);
  let code: number;
  try {
    await program.parseAsync(args, { from: 'user' });
    code = ctx.exitCode;
  } catch (err) {
    code = reportFailure(err, ctx.io, args.includes('--json'));
  }
  return {
    code,
    stdout,
    stderr,
    json: () => JSON.parse(stdout.trim()),
  };
}

const today = () => dayNumber(Date.now(), 'UTC');

for (const dialect of testDialects()) {
  describe(`besitos jobs run (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);
    const jobs = (...args: string[]) => besitos(['--database', db.url, 'jobs', 'run', ...args]);

    it('runs today’s boundary once: resets streaks of members who missed a day; a second run does nothing', async () => {
      expect((await besitos(['--database', db.url, 'migrate', 'latest'])).code).toBe(EXIT.OK);
      const before = today();
      const storage = await db.open();
      for (const id of [1, 2]) await storage.db.insertInto('members').values({ id, created_at: 0, updated_at: 0 }).execute();
      await storage.db
        .insertInto('daily_state')
        .values([
          { member_id: 1, last_day: before - 1, streak: 4, longest: 4, claims: 4, last_claimed_at: null },
          { member_id: 2, last_day: before - 3, streak: 6, longest: 6, claims: 6, last_claimed_at: null },
        ])
        .execute();

      const first = await jobs('--json');
      const after = today();
      expect(first.code).toBe(EXIT.OK);
      const report = first.json();
      expect(report).toMatchObject({ skipped: null, timezone: 'UTC', daysSkipped: 0, vipsExpired: 0, reminders: null, remindersEnabled: false });
      expect(report.periods).toHaveLength(1);
      expect([dayLabel(before), dayLabel(after)]).toContain(report.periods[0].date);
      // Member 1 claimed yesterday and keeps the streak (unless midnight passed during the test).
      const crossedMidnight = report.periods[0].date !== dayLabel(before);
      expect(report.periods[0]).toMatchObject({ streaksReset: crossedMidnight ? 2 : 1, reactionStreaksReset: 0, vipsExpired: 0 });
      const streaks = await storage.db.selectFrom('daily_state').select(['member_id', 'streak']).orderBy('member_id').execute();
      expect(streaks.map((r) => [Number(r.member_id), r.streak])).toEqual([
        [1, crossedMidnight ? 0 : 4],
        [2, 0],
      ]);

      const second = await jobs('--json');
      expect(second.json()).toMatchObject({ skipped: null, periods: [], vipsExpired: 0 });
      const text = await jobs();
      expect(text.code).toBe(EXIT.OK);
      expect(text.stdout).toContain('No day boundary due (time zone UTC).');
      expect(text.stdout).toContain('Streak reminders: left to the bot');
    });

    it('prints the periods it processed', async () => {
      const run = await jobs();
      expect(run.code).toBe(EXIT.OK);
      expect(run.stdout).toMatch(/^Day boundaries processed \(time zone UTC\):\nDAY +BOUNDARY +STREAKS RESET/);
      expect(run.stdout).toContain('VIP memberships ended: 0.');
    });

    it('says when another instance holds the lease, and changes nothing', async () => {
      expect((await besitos(['--database', db.url, 'migrate', 'latest'])).code).toBe(EXIT.OK);
      const storage = await db.open();
      const until = Date.parse('2999-01-01T00:00:00Z');
      await storage.db.insertInto('job_leases').values({ job: JOBS_LEASE, holder: 'bot-1', expires_at: until }).execute();
      const json = await jobs('--json');
      expect(json.code).toBe(EXIT.OK);
      expect(json.json()).toMatchObject({ skipped: 'lease held', heldBy: 'bot-1', leaseExpiresAt: '2999-01-01T00:00:00.000Z' });
      const text = await jobs();
      expect(text.stdout).toBe('Skipped: another instance (bot-1) is running the jobs; its lease ends 2999-01-01T00:00:00.000Z.\n');
      const runs = await storage.db.selectFrom('job_runs').selectAll().execute();
      expect(runs).toEqual([]);
    });
  });
}
