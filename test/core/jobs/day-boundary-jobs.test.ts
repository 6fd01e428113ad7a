/**
 * The day-boundary jobs (SPEC §4, §7) on both databases with a ManualClock: streak resets
 * only for members who missed a whole day, VIP expiry, catch-up day by day, idempotence,
 * the lease, reminders, Europe/Madrid boundaries across DST, events after commit.
 */
import { describe, expect, it } from 'vitest';
import { dayNumber, dayStart } from '../../../src/core/economy-day.js';
import { createEngineContext } from '../../../src/core/engine-context.js';
import { DAY_BOUNDARY_JOB, DayBoundaryJobs, JOBS_LEASE, MAX_CATCH_UP_DAYS, REMINDERS_JOB, type CompletedRun, type DueReport } from '../../../src/core/jobs/day-boundary-jobs.js';
import { Ledger } from '../../../src/core/ledger/ledger.js';
import { verifyLedger } from '../../../src/core/ledger/verify.js';
import { testDialects } from '../../helpers/dialects.js';
import { countRows } from '../../helpers/ledger-fixtures.js';
import {
  DAY,
  HOUR,
  START,
  dailyStreaks,
  insertMember,
  jobRuns,
  memberRow,
  reactionStreaks,
  roleChangeRows,
  setDaily,
  setReactionState,
  useMembership,
} from '../membership/membership-fixture.js';

/** 2025-03-01, the economy day of START in UTC. */
const D = dayNumber(START, 'UTC');
const dayStartUtc = (day: number) => day * DAY;

function completed(report: DueReport): CompletedRun {
  if (report.skipped !== null) throw new Error(`expected a run, got ${JSON.stringify(report)}`);
  return report;
}

function periodDays(report: DueReport): number[] {
  return completed(report).periods.map((p) => p.day);
}

for (const dialect of testDialects()) {
  describe(`day-boundary jobs (${dialect.name})`, () => {
    const ctx = useMembership(dialect);

    describe('streak resets', () => {
      it('keeps yesterday’s and today’s claimers, resets those who missed a whole day', async () => {
        for (const id of [1, 2, 3, 4, 5]) await insertMember(ctx.storage, id);
        await setDaily(ctx.storage, 1, D - 1, 5, 9); // claimed yesterday: keeps 5
        await setDaily(ctx.storage, 2, D - 2, 3, 3); // missed yesterday: reset
        await setDaily(ctx.storage, 3, D, 2, 4); // claimed today: keeps
        await setDaily(ctx.storage, 4, D - 9, 0, 6); // already 0: not counted
        await setDaily(ctx.storage, 5, null, 1, 1); // no day at all: reset
        await setReactionState(ctx.storage, 1, D - 1, 4);
        await setReactionState(ctx.storage, 2, D - 2, 7, 8);
        await setReactionState(ctx.storage, 3, D - 3, 1);

        const report = completed(await ctx.jobs.runDue());
        expect(report.periods).toEqual([
          { day: D, date: '2025-03-01', boundaryAt: new Date('2025-03-01T00:00:00Z'), streaksReset: 2, reactionStreaksReset: 2, vipsExpired: 0 },
        ]);
        expect(await dailyStreaks(ctx.storage)).toEqual({
          1: { streak: 5, longest: 9, lastDay: D - 1 },
          2: { streak: 0, longest: 3, lastDay: D - 2 },
          3: { streak: 2, longest: 4, lastDay: D },
          4: { streak: 0, longest: 6, lastDay: D - 9 },
          5: { streak: 0, longest: 1, lastDay: null },
        });
        expect(await reactionStreaks(ctx.storage)).toEqual({ 1: 4, 2: 0, 3: 0 });
        expect(await jobRuns(ctx.storage)).toEqual([
          { job: DAY_BOUNDARY_JOB, period: D, ranAt: START, result: { streaksReset: 2, reactionStreaksReset: 2, vipsExpired: 0 } },
        ]);
        expect(ctx.seenOf('jobs.day_boundary')).toEqual([{ day: D, streaksReset: 2, reactionStreaksReset: 2, vipsExpired: 0, at: START }]);
      });

      it('runs each boundary at its exact instant: not a millisecond before', async () => {
        await insertMember(ctx.storage, 1);
        await setDaily(ctx.storage, 1, D - 1, 5); // yesterday's claimer, who then does not claim on D
        expect(periodDays(await ctx.jobs.runDue())).toEqual([D]);
        expect((await dailyStreaks(ctx.storage))[1]?.streak).toBe(5);

        ctx.clock.set(dayStartUtc(D + 1) - 1);
        expect(periodDays(await ctx.jobs.runDue())).toEqual([]);
        expect((await dailyStreaks(ctx.storage))[1]?.streak).toBe(5);

        ctx.clock.set(dayStartUtc(D + 1));
        const report = completed(await ctx.jobs.runDue());
        expect(report.periods).toMatchObject([{ day: D + 1, boundaryAt: new Date(dayStartUtc(D + 1)), streaksReset: 1 }]);
        expect((await dailyStreaks(ctx.storage))[1]?.streak).toBe(0);
      });

      it('a repeated run the same day does nothing', async () => {
        await insertMember(ctx.storage, 2);
        await setDaily(ctx.storage, 2, D - 2, 3);
        expect(periodDays(await ctx.jobs.runDue())).toEqual([D]);
        ctx.clock.advance(HOUR);
        const again = completed(await ctx.jobs.runDue());
        expect([again.periods, again.vipsExpired, again.reminders]).toEqual([[], 0, null]);
        expect(ctx.seenOf('jobs.day_boundary')).toHaveLength(1);
        expect(await jobRuns(ctx.storage, DAY_BOUNDARY_JOB)).toHaveLength(1);
      });
    });

    describe('catch-up', () => {
      it('after 3 missed days runs 3 periods in order, each with its own resets; a second run does nothing', async () => {
        for (const id of [1, 2]) await insertMember(ctx.storage, id);
        await setDaily(ctx.storage, 1, D, 4); // claimed on D, then nothing: reset at the boundary of D + 2
        await setDaily(ctx.storage, 2, D - 1, 2); // reset at the boundary of D + 1
        expect(periodDays(await ctx.jobs.runDue())).toEqual([D]);

        // The instance was down for three boundaries.
        const late = dayStartUtc(D + 3) + 5 * HOUR;
        ctx.clock.set(late);
        const report = completed(await ctx.jobs.runDue());
        expect(report.periods.map((p) => [p.day, p.date, p.boundaryAt.getTime(), p.streaksReset])).toEqual([
          [D + 1, '2025-03-02', dayStartUtc(D + 1), 1],
          [D + 2, '2025-03-03', dayStartUtc(D + 2), 1],
          [D + 3, '2025-03-04', dayStartUtc(D + 3), 0],
        ]);
        expect(ctx.seenOf('jobs.day_boundary').map((e) => [e.day, e.streaksReset, e.at])).toEqual([
          [D, 0, START],
          [D + 1, 1, late],
          [D + 2, 1, late],
          [D + 3, 0, late],
        ]);
        expect((await jobRuns(ctx.storage, DAY_BOUNDARY_JOB)).map((r) => r.period)).toEqual([D, D + 1, D + 2, D + 3]);

        const again = completed(await ctx.jobs.runDue());
        expect(again.periods).toEqual([]);
        expect(ctx.seenOf('jobs.day_boundary')).toHaveLength(4);
      });

      it('a catch-up never resets a member who claimed after the boundary being processed', async () => {
        await insertMember(ctx.storage, 1);
        await ctx.jobs.runDue(); // period D
        // Days D+1 .. D+3 pass without the job; the member claimed yesterday (D + 2) and today.
        await setDaily(ctx.storage, 1, D + 3, 6);
        ctx.clock.set(dayStartUtc(D + 3) + HOUR);
        expect(periodDays(await ctx.jobs.runDue())).toEqual([D + 1, D + 2, D + 3]);
        expect((await dailyStreaks(ctx.storage))[1]?.streak).toBe(6);
      });

      it('a run months late processes the last MAX_CATCH_UP_DAYS days and says how many it skipped', async () => {
        await ctx.jobs.runDue();
        ctx.clock.set(dayStartUtc(D + 100));
        const report = completed(await ctx.jobs.runDue());
        expect(report.periods).toHaveLength(MAX_CATCH_UP_DAYS);
        expect(report.periods[0]?.day).toBe(D + 100 - MAX_CATCH_UP_DAYS + 1);
        expect(report.daysSkipped).toBe(100 - MAX_CATCH_UP_DAYS);
        expect(periodDays(await ctx.jobs.runDue())).toEqual([]);
      });
    });

    describe('VIP expiry', () => {
      it('expires VIPs exactly at the instant, between boundaries too, audited by job; events after commit', async () => {
        await ctx.jobs.runDue(); // period D, nothing else due
        await ctx.membership.grantVip({ memberId: 42, days: 1, by: 'shop' }); // ends START + 1 day (mid-day)
        const expiry = START + DAY;
        const seenInListener: string[] = [];
        ctx.events.on('role.changed', async (e) => {
          if (e.to === 'FREE') seenInListener.push((await memberRow(ctx.storage, e.memberId))!.role);
        });

        ctx.clock.set(expiry - 1);
        const before = completed(await ctx.jobs.runDue());
        expect(before.periods.map((p) => [p.day, p.vipsExpired])).toEqual([[D + 1, 0]]);
        expect(before.vipsExpired).toBe(0);

        ctx.clock.set(expiry);
        const at = completed(await ctx.jobs.runDue());
        expect([at.periods, at.vipsExpired]).toEqual([[], 1]);
        expect(await memberRow(ctx.storage, 42)).toMatchObject({ role: 'FREE', vipExpiresAt: expiry });
        expect((await roleChangeRows(ctx.storage, 42)).at(-1)).toEqual({
          member: 42,
          from: 'VIP',
          to: 'FREE',
          vipExpiresAt: expiry,
          by: 'job',
          reason: 'VIP membership ended',
          at: expiry,
        });
        expect(seenInListener).toEqual(['FREE']);
        expect(completed(await ctx.jobs.runDue()).vipsExpired).toBe(0);
      });

      it('a period expires the VIPs due at its run, reported with the period', async () => {
        await insertMember(ctx.storage, 42, { role: 'VIP', vipExpiresAt: START - HOUR });
        const report = completed(await ctx.jobs.runDue());
        expect(report.periods.map((p) => p.vipsExpired)).toEqual([1]);
        expect(report.vipsExpired).toBe(1);
        expect(ctx.seen.map((s) => s.name)).toEqual(['role.changed', 'jobs.day_boundary']);
      });
    });

    describe('the lease', () => {
      it('another instance’s live lease skips the run and changes nothing; once expired the run goes ahead', async () => {
        await insertMember(ctx.storage, 2);
        await setDaily(ctx.storage, 2, D - 2, 3);
        await ctx.storage.db.insertInto('job_leases').values({ job: JOBS_LEASE, holder: 'instance-b', expires_at: START + 60_000 }).execute();
        expect(await ctx.jobs.runDue()).toEqual({
          skipped: 'lease held',
          ranAt: new Date(START),
          heldBy: 'instance-b',
          leaseExpiresAt: new Date(START + 60_000),
        });
        expect([await countRows(ctx.storage, 'job_runs'), (await dailyStreaks(ctx.storage))[2]?.streak, ctx.seen.length]).toEqual([0, 3, 0]);

        ctx.clock.set(START + 60_000); // instance-b died: its lease ran out
        expect(periodDays(await ctx.jobs.runDue())).toEqual([D]);
        expect((await dailyStreaks(ctx.storage))[2]?.streak).toBe(0);
        // Given back after the run.
        expect(await countRows(ctx.storage, 'job_leases')).toBe(0);
      });

      it('a second instance asking while the first runs is skipped', async () => {
        const other = ctx.jobsInstance(await ctx.openAgain(), { holderId: 'instance-b' });
        const reports: DueReport[] = [];
        // Asked in the middle of instance-a's run (after a period committed, lease still held).
        ctx.events.on('jobs.day_boundary', async () => void reports.push(await other.jobs.runDue()));
        expect(periodDays(await ctx.jobs.runDue())).toEqual([D]);
        expect(reports).toEqual([{ skipped: 'lease held', ranAt: new Date(START), heldBy: 'instance-a', leaseExpiresAt: new Date(START + 5 * 60_000) }]);
        expect(other.seen).toEqual([]);
      });

      it('two instances on two connections racing: exactly one does each period’s work', async () => {
        const other = ctx.jobsInstance(await ctx.openAgain(), { holderId: 'instance-b' });
        for (let i = 0; i < 4; i++) {
          const day = D + i;
          if (i > 0) ctx.clock.set(dayStartUtc(day));
          // One member per day who missed the day before: exactly one reset per period.
          await insertMember(ctx.storage, 10 + i);
          await setDaily(ctx.storage, 10 + i, day - 2, 3);
          const [a, b] = await Promise.all([ctx.jobs.runDue(), other.jobs.runDue()]);
          const done = [a, b].flatMap((r) => (r.skipped === null ? r.periods : []));
          expect(done.map((p) => [p.day, p.streaksReset])).toEqual([[day, 1]]);
        }
        const events = [...ctx.seenOf('jobs.day_boundary'), ...other.seen.filter((s) => s.name === 'jobs.day_boundary')];
        expect(events).toHaveLength(4);
        expect((await jobRuns(ctx.storage, DAY_BOUNDARY_JOB)).map((r) => r.period)).toEqual([D, D + 1, D + 2, D + 3]);
        expect(await countRows(ctx.storage, 'job_leases')).toBe(0);
      });

      // Two instances sharing a holder id both pass the lease (as after a lease ran out
      // mid-run): the job_runs key alone decides. In one process only PostgreSQL runs two
      // write transactions at once (better-sqlite3 would block the thread on the file lock).
      it.skipIf(dialect.name !== 'postgres')('past the lease, the job_runs key still lets one instance do each period', async () => {
        const other = ctx.jobsInstance(await ctx.openAgain(), { holderId: 'instance-a' });
        for (let i = 0; i < 5; i++) {
          const day = D + i;
          if (i > 0) ctx.clock.set(dayStartUtc(day));
          await insertMember(ctx.storage, 20 + i);
          await setDaily(ctx.storage, 20 + i, day - 2, 3);
          const [a, b] = await Promise.all([ctx.jobs.runDue(), other.jobs.runDue()]);
          expect([a.skipped, b.skipped]).toEqual([null, null]);
          const done = [a, b].flatMap((r) => (r.skipped === null ? r.periods : []));
          expect(done.map((p) => [p.day, p.streaksReset])).toEqual([[day, 1]]);
        }
        expect((await jobRuns(ctx.storage, DAY_BOUNDARY_JOB)).map((r) => r.period)).toEqual([D, D + 1, D + 2, D + 3, D + 4]);
      });
    });

    describe('Europe/Madrid', () => {
      it('boundaries at local midnight, across the 23-hour and the 25-hour day', async () => {
        await ctx.settings.set('economy.timezone', 'Europe/Madrid', 'test');
        const spring = dayNumber(Date.parse('2025-03-30T12:00:00Z'), 'Europe/Madrid');
        // 2025-03-29 23:30 in Madrid (CET, UTC+1): still the 29th.
        ctx.clock.set('2025-03-29T22:30:00Z');
        expect(completed(await ctx.jobs.runDue()).periods.map((p) => p.date)).toEqual(['2025-03-29']);
        ctx.clock.set('2025-03-29T22:59:59.999Z');
        expect(periodDays(await ctx.jobs.runDue())).toEqual([]);
        ctx.clock.set('2025-03-29T23:00:00Z'); // 00:00 CET on the 30th
        expect(completed(await ctx.jobs.runDue()).periods).toMatchObject([
          { day: spring, date: '2025-03-30', boundaryAt: new Date('2025-03-29T23:00:00Z') },
        ]);
        // The 30th has 23 hours: the next boundary is 00:00 CEST = 22:00 UTC.
        ctx.clock.set('2025-03-30T21:59:59.999Z');
        expect(periodDays(await ctx.jobs.runDue())).toEqual([]);
        ctx.clock.set('2025-03-30T22:00:00Z');
        expect(completed(await ctx.jobs.runDue()).periods).toMatchObject([
          { day: spring + 1, date: '2025-03-31', boundaryAt: new Date('2025-03-30T22:00:00Z') },
        ]);

        // Autumn: the 26th of October has 25 hours (starts 22:00 UTC, ends 23:00 UTC).
        ctx.clock.set('2025-10-25T22:00:00Z');
        const autumn = completed(await ctx.jobs.runDue());
        expect(autumn.periods.at(-1)).toMatchObject({ date: '2025-10-26', boundaryAt: new Date('2025-10-25T22:00:00Z') });
        expect(autumn.periods).toHaveLength(MAX_CATCH_UP_DAYS);
        ctx.clock.set('2025-10-26T22:59:59.999Z');
        expect(periodDays(await ctx.jobs.runDue())).toEqual([]);
        ctx.clock.set('2025-10-26T23:00:00Z');
        expect(completed(await ctx.jobs.runDue()).periods).toMatchObject([{ date: '2025-10-27', boundaryAt: new Date('2025-10-26T23:00:00Z') }]);
      });

      it('on the DST day, a member who claimed on the 29th keeps the streak until the 31st starts', async () => {
        await ctx.settings.set('economy.timezone', 'Europe/Madrid', 'test');
        const d29 = dayNumber(Date.parse('2025-03-29T12:00:00Z'), 'Europe/Madrid');
        await insertMember(ctx.storage, 1);
        await setDaily(ctx.storage, 1, d29, 8);
        ctx.clock.set(dayStart(d29 + 1, 'Europe/Madrid'));
        expect(periodDays(await ctx.jobs.runDue())).toEqual([d29 + 1]);
        expect((await dailyStreaks(ctx.storage))[1]?.streak).toBe(8);
        ctx.clock.set(dayStart(d29 + 2, 'Europe/Madrid'));
        expect(completed(await ctx.jobs.runDue()).periods).toMatchObject([{ day: d29 + 2, streaksReset: 1 }]);
        expect((await dailyStreaks(ctx.storage))[1]?.streak).toBe(0);
      });
    });

    describe('reminders', () => {
      async function setUpMembers(day: number) {
        await insertMember(ctx.storage, 1, { reminders: true });
        await setDaily(ctx.storage, 1, day - 1, 3); // at risk, opted in: reminded
        await insertMember(ctx.storage, 2, { reminders: false });
        await setDaily(ctx.storage, 2, day - 1, 3); // at risk, not opted in
        await insertMember(ctx.storage, 3, { reminders: true });
        await setDaily(ctx.storage, 3, day, 4); // claimed today already
        await insertMember(ctx.storage, 4, { reminders: true });
        await setDaily(ctx.storage, 4, day - 3, 2); // streak already lost (reset by the period)
        await insertMember(ctx.storage, 5, { reminders: true });
        await setDaily(ctx.storage, 5, day - 1, 12); // at risk, opted in: reminded
        await insertMember(ctx.storage, 6, { reminders: true });
        await setDaily(ctx.storage, 6, day - 1, 5); // at risk, opted in, but blocked the bot: skipped
        await ctx.storage.db.updateTable('members').set({ blocked_at: ctx.clock.now() }).where('id', '=', 6).execute();
      }

      it('go to opted-in members at risk, from reminder_hours_before the boundary, once per day', async () => {
        await setUpMembers(D);
        const boundary = dayStartUtc(D + 1);
        ctx.clock.set(boundary - 4 * HOUR - 1); // 19:59:59.999 UTC
        expect(completed(await ctx.jobs.runDue()).reminders).toBeNull();
        expect(ctx.seenOf('streak.at_risk')).toEqual([]);

        ctx.clock.set(boundary - 4 * HOUR);
        const report = completed(await ctx.jobs.runDue());
        expect(report.reminders).toEqual({ day: D, date: '2025-03-01', boundaryAt: new Date(boundary), memberIds: [1, 5] });
        expect(ctx.seenOf('streak.at_risk')).toEqual([
          { memberId: 1, streak: 3, day: D, boundaryAt: boundary, at: boundary - 4 * HOUR },
          { memberId: 5, streak: 12, day: D, boundaryAt: boundary, at: boundary - 4 * HOUR },
        ]);
        expect(await jobRuns(ctx.storage, REMINDERS_JOB)).toEqual([
          { job: REMINDERS_JOB, period: D, ranAt: boundary - 4 * HOUR, result: { sent: 2, boundaryAt: boundary } },
        ]);

        ctx.clock.set(boundary - HOUR);
        expect(completed(await ctx.jobs.runDue()).reminders).toBeNull();
        expect(ctx.seenOf('streak.at_risk')).toHaveLength(2);

        // Day D + 1: member 1 has already claimed today; members 2, 5 and 6 lost their streaks
        // at the boundary (they missed D); member 3, who claimed on D, is now the one at risk.
        await ctx.storage.db.updateTable('daily_state').set({ last_day: D + 1, streak: 4 }).where('member_id', '=', 1).execute();
        const next = dayStartUtc(D + 2);
        ctx.clock.set(next - 4 * HOUR);
        const report2 = completed(await ctx.jobs.runDue());
        expect(report2.periods.map((p) => [p.day, p.streaksReset])).toEqual([[D + 1, 3]]);
        expect(report2.reminders?.memberIds).toEqual([3]);
        expect(ctx.seenOf('streak.at_risk').at(-1)).toEqual({ memberId: 3, streak: 4, day: D + 1, boundaryAt: next, at: next - 4 * HOUR });
      });

      it('follow the configured hours and the 23-hour day in Europe/Madrid', async () => {
        await ctx.settings.set('economy.timezone', 'Europe/Madrid', 'test');
        await ctx.settings.set('daily.reminder_hours_before', 6, 'test');
        const d30 = dayNumber(Date.parse('2025-03-30T12:00:00Z'), 'Europe/Madrid');
        await setUpMembers(d30);
        // The 31st starts at 2025-03-30T22:00Z; six hours before is 16:00Z (18:00 CEST).
        ctx.clock.set('2025-03-30T15:59:59.999Z');
        expect(completed(await ctx.jobs.runDue()).reminders).toBeNull();
        ctx.clock.set('2025-03-30T16:00:00Z');
        expect(completed(await ctx.jobs.runDue()).reminders).toEqual({
          day: d30,
          date: '2025-03-30',
          boundaryAt: new Date('2025-03-30T22:00:00Z'),
          memberIds: [1, 5],
        });
      });

      it('are left to an instance that delivers them: none when nothing listens, unless asked', async () => {
        await setUpMembers(D);
        // Like `besitos jobs run`: no listener for streak.at_risk.
        const bare = createEngineContext({ storage: ctx.storage, clock: ctx.clock });
        const fresh = new DayBoundaryJobs(bare);
        try {
          ctx.clock.set(dayStartUtc(D + 1) - HOUR);
          const report = completed(await fresh.runDue());
          expect([report.remindersEnabled, report.reminders]).toEqual([false, null]);
          expect(await jobRuns(ctx.storage, REMINDERS_JOB)).toEqual([]);
          // The bot's instance (listening) then sends today's batch.
          expect(completed(await ctx.jobs.runDue()).reminders?.memberIds).toEqual([1, 5]);
          // Asked explicitly (simulate), a run without listeners reports the batch… once per day.
          expect(completed(await fresh.runDue({ reminders: true })).reminders).toBeNull();
        } finally {
          await bare.settings.close();
        }
      });
    });

    describe('events after commit', () => {
      it('jobs.day_boundary listeners see the period committed', async () => {
        await insertMember(ctx.storage, 2);
        await setDaily(ctx.storage, 2, D - 2, 3);
        const observed: unknown[] = [];
        ctx.events.on('jobs.day_boundary', async (e) => {
          observed.push([(await dailyStreaks(ctx.storage))[2]?.streak, (await jobRuns(ctx.storage, DAY_BOUNDARY_JOB)).map((r) => r.period), e.day]);
        });
        await ctx.jobs.runDue();
        expect(observed).toEqual([[0, [D], D]]);
      });
    });

    it('overlapping calls on one instance share one run', async () => {
      const [a, b] = await Promise.all([ctx.jobs.runDue(), ctx.jobs.runDue()]);
      expect(a).toBe(b);
      expect(ctx.seenOf('jobs.day_boundary')).toHaveLength(1);
    });

    it('start() schedules with croner, runs at start, and stop() ends it', async () => {
      const firstPeriod = new Promise<number>((resolve) => ctx.events.on('jobs.day_boundary', (e) => resolve(e.day)));
      const stop = ctx.jobs.start();
      expect(ctx.jobs.scheduled).toBe(true);
      expect(await firstPeriod).toBe(D);
      await stop();
      expect(ctx.jobs.scheduled).toBe(false);
      expect(await jobRuns(ctx.storage, DAY_BOUNDARY_JOB)).toHaveLength(1);
    });

    it('moves no besitos: the ledger invariants hold', async () => {
      const ledger = new Ledger(ctx.ctx);
      await ledger.credit({ memberId: 1, amount: 50 });
      await setDaily(ctx.storage, 1, D - 2, 3);
      await ctx.membership.grantVip({ memberId: 1, days: 1, by: 'shop' });
      ctx.clock.set(dayStartUtc(D + 3));
      await ctx.jobs.runDue();
      expect((await verifyLedger(ctx.storage)).violations).toEqual([]);
      expect(await ledger.balance(1)).toBe(50);
    });
  });
}
