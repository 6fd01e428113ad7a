/**
 * The day-boundary jobs (SPEC §4, §7): at each economy day boundary, persist streak resets
 * and turn expired VIPs back to FREE; some hours before the next boundary, remind members who
 * opted in that their daily-gift streak is at risk.
 *
 * Run once across instances, idempotent, catching up:
 * - `runDue()` first takes the lease in `job_leases` (another instance gets
 *   `{ skipped: 'lease held' }`);
 * - each economy day is a period: its work commits in one transaction with its `job_runs`
 *   row (job `day_boundary`, period = day number), inserted first, so a period is done
 *   exactly once even if two instances got that far, and a repeated run finds nothing due;
 * - a late run processes every day since the last completed one, in order (at most
 *   `MAX_CATCH_UP_DAYS`); a first run ever processes today only;
 * - reminders are one batch per economy day (`job_runs` job `reminders`, period = day), sent
 *   once the window opens: who is at risk can only shrink during a day (claiming removes a
 *   member; nobody can newly have claimed yesterday), so one batch reaches each member once.
 *   A member who opts in after today's batch is reminded from tomorrow on. Reminders are
 *   at most once: the batch is recorded before its events go out. Only an instance that
 *   delivers them takes the batch (`reminders`: by default, one where something listens to
 *   `streak.at_risk`), so `besitos jobs run` never uses up a batch nobody would send;
 * - VIP memberships that ended are also turned FREE on every run between boundaries, so
 *   the bot can remove a member from the VIP channel within a minute of the expiry.
 * Events (`role.changed`, `jobs.day_boundary`, `streak.at_risk`) go out after each commit.
 */
import { randomUUID } from 'node:crypto';
import { Cron } from 'croner';
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import { dayLabel, dayNumber, dayStart, nextDayStart } from '../economy-day.js';
import { VipGrants } from '../membership/vip-grants.js';
import type { RoleChange } from '../membership/membership-repository.js';
import { releaseLease, takeLease } from './job-lease.js';
import type { EngineContext } from '../engine-context.js';
import type { VipAccessService } from '../vip-access/vip-access-service.js';
import type { VipAccessReport } from '../vip-access/vip-access-types.js';
import type { StatsService } from '../stats/stats-service.js';

export const DAY_BOUNDARY_JOB = 'day_boundary';
export const REMINDERS_JOB = 'reminders';
/** One lease for everything `runDue` does. */
export const JOBS_LEASE = 'day_jobs';
export const DEFAULT_LEASE_MS = 5 * 60_000;
/** A run later than this many days processes the most recent ones only (the older would change nothing more). */
export const MAX_CATCH_UP_DAYS = 60;
export const DEFAULT_SCHEDULE = '* * * * *';
/** How often a started instance asks whether the leaderboards and metrics are due a refresh. */
export const STATS_SCHEDULE = '*/5 * * * * *';
const MS_PER_HOUR = 3_600_000;

export interface PeriodReport {
  /** Economy day number whose starting boundary was processed. */
  day: number;
  /** Its calendar date in the economy's time zone. */
  date: string;
  boundaryAt: Date;
  /** Daily-gift streaks set to 0 (members who missed the whole previous day). */
  streaksReset: number;
  reactionStreaksReset: number;
  vipsExpired: number;
}

export interface RemindersReport {
  day: number;
  date: string;
  /** The boundary the reminded members must claim before. */
  boundaryAt: Date;
  memberIds: number[];
}

export interface SkippedRun {
  skipped: 'lease held';
  ranAt: Date;
  heldBy: string;
  leaseExpiresAt: Date;
}

export interface CompletedRun {
  skipped: null;
  ranAt: Date;
  timezone: string;
  /** Periods processed by this run, oldest first (none when nothing was due). */
  periods: PeriodReport[];
  /** Days too far back to catch up one by one (see MAX_CATCH_UP_DAYS). */
  daysSkipped: number;
  /** VIPs turned FREE by this run (in periods and since the last boundary). */
  vipsExpired: number;
  /** Today's reminder batch when this run sent it, else null. */
  reminders: RemindersReport | null;
  /** False when this run left reminders to an instance that delivers them (see `reminders`). */
  remindersEnabled: boolean;
  /** VIP channel access done by this run; null when no port is installed (nothing done, only recorded). */
  vipAccess: VipAccessReport | null;
}

export type DueReport = SkippedRun | CompletedRun;

export interface DayBoundaryJobsOptions {
  /** Who holds the lease; random per instance by default. */
  holderId?: string;
  /** How long a taken lease lasts if its holder dies; default 5 minutes. */
  leaseMs?: number;
  /**
   * Whether this instance sends the streak reminders. `auto` (default): only while something
   * listens to `streak.at_risk` (the bot), so a run from the CLI never uses up today's batch
   * that nobody would deliver. A run's own option overrides it.
   */
  reminders?: boolean | 'auto';
  /** A scheduled run failed (the next one retries). */
  onError?: (err: unknown) => void;
  /** Every scheduled run's report. */
  onReport?: (report: DueReport) => void;
  /** VIP channel access (SPEC §7), run under the same lease after the expiries. */
  vipAccess?: VipAccessService;
  /** The leaderboards' and metrics' refresh (SPEC §8, §9): `start()` asks it every 5 s whether one is due (its own lease). */
  stats?: StatsService;
  /** The rewards' catch-up sweep (issue 14: no grant lost to a crash), after each scheduled run. */
  rewardsCatchUp?: () => Promise<unknown>;
}

export interface StartOptions {
  /** Croner pattern; default every minute (a run with nothing due is a few reads). */
  pattern?: string;
  /** Run once right away (catch up after a restart); default true. */
  runAtStart?: boolean;
}

export interface RunOptions {
  /** Send today's reminders when due (overrides the instance's `reminders`). */
  reminders?: boolean;
}

interface PeriodOutcome {
  report: PeriodReport;
  expired: RoleChange[];
}

export class DayBoundaryJobs {
  readonly #ctx: EngineContext;
  readonly holderId: string;
  readonly #vip: VipGrants;
  readonly #leaseMs: number;
  readonly #onError: (err: unknown) => void;
  readonly #onReport: ((report: DueReport) => void) | undefined;
  readonly #reminders: boolean | 'auto';
  readonly #access: VipAccessService | undefined;
  readonly #stats: StatsService | undefined;
  readonly #rewardsCatchUp: (() => Promise<unknown>) | undefined;
  #running: Promise<DueReport> | undefined;
  #catchingUp: Promise<unknown> | undefined;
  #cron: Cron | undefined;
  #statsCron: Cron | undefined;

  constructor(ctx: EngineContext, deps: DayBoundaryJobsOptions = {}) {
    this.#ctx = ctx;
    this.#vip = new VipGrants(ctx);
    this.holderId = deps.holderId ?? randomUUID();
    this.#leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(this.#leaseMs > 0)) throw new RangeError(`leaseMs must be > 0, got ${String(deps.leaseMs)}`);
    this.#onError = deps.onError ?? (() => {});
    this.#onReport = deps.onReport;
    this.#reminders = deps.reminders ?? 'auto';
    this.#access = deps.vipAccess;
    this.#stats = deps.stats;
    this.#rewardsCatchUp = deps.rewardsCatchUp;
  }

  /**
   * Does everything due at the clock's now, once across instances. Calls that overlap share
   * one run (the options of the call that started it apply).
   */
  runDue(options: RunOptions = {}): Promise<DueReport> {
    if (!this.#running) {
      this.#running = this.#run(options).finally(() => {
        this.#running = undefined;
      });
    }
    return this.#running;
  }

  /** Schedules `runDue` with croner; returns `stop`. Starting twice keeps the first schedule. */
  start(options: StartOptions = {}): () => Promise<void> {
    if (!this.#cron) {
      const tick = async () => {
        try {
          const report = await this.runDue();
          this.#onReport?.(report);
        } catch (err) {
          this.#onError(err);
        }
        if (!this.#cron) return; // stopped meanwhile: the storage may be closing
        this.#catchingUp = this.#rewardsCatchUp?.().catch((err: unknown) => this.#onError(err));
        await this.#catchingUp;
      };
      this.#cron = new Cron(options.pattern ?? DEFAULT_SCHEDULE, { protect: true }, tick);
      if (options.runAtStart ?? true) void tick();
      const stats = this.#stats;
      if (stats) {
        this.#statsCron = new Cron(STATS_SCHEDULE, { protect: true }, async () => {
          try {
            await stats.refreshIfDue();
          } catch (err) {
            this.#onError(err);
          }
        });
      }
    }
    return () => this.stop();
  }

  /** Stops the schedule and waits for a run in progress (then the storage may be closed). */
  async stop(): Promise<void> {
    this.#cron?.stop();
    this.#cron = undefined;
    this.#statsCron?.stop();
    this.#statsCron = undefined;
    await this.#running?.catch(() => {});
    await this.#catchingUp;
    await this.#stats?.idle();
  }

  get scheduled(): boolean {
    return this.#cron !== undefined;
  }

  #remindersEnabled(options: RunOptions): boolean {
    if (options.reminders !== undefined) return options.reminders;
    if (this.#reminders !== 'auto') return this.#reminders;
    return this.#ctx.events?.hasListeners('streak.at_risk') ?? false;
  }

  async #run(options: RunOptions): Promise<DueReport> {
    const now = this.#ctx.clock.now();
    const settings = await this.#ctx.settings.all();
    const tz = settings['economy.timezone'];
    const db = this.#ctx.storage.db;
    const lease = await takeLease(db, JOBS_LEASE, this.holderId, now, now + this.#leaseMs);
    if (!lease.taken) {
      return { skipped: 'lease held', ranAt: new Date(now), heldBy: lease.heldBy, leaseExpiresAt: new Date(lease.expiresAt) };
    }
    try {
      const today = dayNumber(now, tz);
      const last = await lastPeriod(db, DAY_BOUNDARY_JOB);
      let first = last === null ? today : last + 1;
      let daysSkipped = 0;
      if (today - first + 1 > MAX_CATCH_UP_DAYS) {
        daysSkipped = today - MAX_CATCH_UP_DAYS + 1 - first;
        first = today - MAX_CATCH_UP_DAYS + 1;
      }
      const periods: PeriodReport[] = [];
      let vipsExpired = 0;
      for (let day = first; day <= today; day++) {
        const outcome = await this.#period(day, now, tz);
        if (!outcome) continue; // another instance did it
        await this.#vip.announce(outcome.expired);
        await this.#ctx.events?.emit('jobs.day_boundary', {
          day,
          streaksReset: outcome.report.streaksReset,
          reactionStreaksReset: outcome.report.reactionStreaksReset,
          vipsExpired: outcome.report.vipsExpired,
          at: now,
        });
        periods.push(outcome.report);
        vipsExpired += outcome.report.vipsExpired;
      }
      // Memberships that ended since the last boundary: the bot can act on them now. A read
      // first, so the usual minute with nothing due takes no write lock.
      if (await anyVipDue(db, now)) {
        const expired = await writeTransaction(this.#ctx.storage, (trx) => this.#vip.expireVipsIn(trx, now));
        await this.#vip.announce(expired);
        vipsExpired += expired.length;
      }
      const remindersEnabled = this.#remindersEnabled(options);
      const reminders = remindersEnabled ? await this.#remind(now, today, tz, settings['daily.reminder_hours_before']) : null;
      // After the expiries, so a removal is done in the run that ended the membership.
      const vipAccess = (await this.#access?.runDue(now)) ?? null;
      return { skipped: null, ranAt: new Date(now), timezone: tz, periods, daysSkipped, vipsExpired, reminders, remindersEnabled, vipAccess };
    } finally {
      // A failed release only delays the next run until the lease expires.
      await releaseLease(db, JOBS_LEASE, this.holderId).catch(() => {});
    }
  }

  /** One economy day's boundary work in one transaction with its job_runs row; null when already done. */
  #period(day: number, now: number, tz: string): Promise<PeriodOutcome | null> {
    return writeTransaction(this.#ctx.storage, async (trx) => {
      if (!(await claimPeriod(trx, DAY_BOUNDARY_JOB, day, now))) return null;
      // At the boundary starting `day`, a member whose last claim was before `day - 1`
      // missed the whole of `day - 1`: the streak is over. A claim yesterday keeps it.
      const daily = await trx
        .updateTable('daily_state')
        .set({ streak: 0 })
        .where('streak', '>', 0)
        .where((eb) => eb.or([eb('last_day', 'is', null), eb('last_day', '<', day - 1)]))
        .executeTakeFirst();
      const reactions = await trx
        .updateTable('reaction_state')
        .set({ streak: 0 })
        .where('streak', '>', 0)
        .where((eb) => eb.or([eb('streak_day', 'is', null), eb('streak_day', '<', day - 1)]))
        .executeTakeFirst();
      const expired = await this.#vip.expireVipsIn(trx, now);
      const report: PeriodReport = {
        day,
        date: dayLabel(day),
        boundaryAt: new Date(dayStart(day, tz)),
        streaksReset: Number(daily.numUpdatedRows),
        reactionStreaksReset: Number(reactions.numUpdatedRows),
        vipsExpired: expired.length,
      };
      await recordResult(trx, DAY_BOUNDARY_JOB, day, {
        streaksReset: report.streaksReset,
        reactionStreaksReset: report.reactionStreaksReset,
        vipsExpired: report.vipsExpired,
      });
      return { report, expired };
    });
  }

  /** Today's streak-at-risk batch, once the window before the next boundary has opened. */
  async #remind(now: number, today: number, tz: string, hoursBefore: number): Promise<RemindersReport | null> {
    const boundaryAt = nextDayStart(now, tz);
    if (now < boundaryAt - hoursBefore * MS_PER_HOUR) return null;
    if (await periodDone(this.#ctx.storage.db, REMINDERS_JOB, today)) return null; // the usual case: no write
    const atRisk = await writeTransaction(this.#ctx.storage, async (trx) => {
      if (!(await claimPeriod(trx, REMINDERS_JOB, today, now))) return null;
      const rows = await trx
        .selectFrom('daily_state as d')
        .innerJoin('members as m', 'm.id', 'd.member_id')
        .select(['d.member_id', 'd.streak'])
        .where('m.reminders', '=', 1)
        .where('m.blocked_at', 'is', null) // they blocked the bot: a reminder cannot reach them
        .where('d.streak', '>', 0)
        .where('d.last_day', '=', today - 1)
        .orderBy('d.member_id')
        .execute();
      await recordResult(trx, REMINDERS_JOB, today, { sent: rows.length, boundaryAt });
      return rows.map((r) => ({ memberId: Number(r.member_id), streak: Number(r.streak) }));
    });
    if (!atRisk) return null;
    for (const m of atRisk) {
      await this.#ctx.events?.emit('streak.at_risk', { memberId: m.memberId, streak: m.streak, day: today, boundaryAt, at: now });
    }
    return { day: today, date: dayLabel(today), boundaryAt: new Date(boundaryAt), memberIds: atRisk.map((m) => m.memberId) };
  }
}

/** The newest completed period of a job, or null when it never ran. */
export async function lastPeriod(db: Executor, job: string): Promise<number | null> {
  const row = await db
    .selectFrom('job_runs')
    .select((eb) => eb.fn.max('period').as('last'))
    .where('job', '=', job)
    .executeTakeFirst();
  return row?.last === null || row?.last === undefined ? null : Number(row.last);
}

async function periodDone(db: Executor, job: string, period: number): Promise<boolean> {
  const row = await db.selectFrom('job_runs').select('period').where('job', '=', job).where('period', '=', period).executeTakeFirst();
  return row !== undefined;
}

async function anyVipDue(db: Executor, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('members')
    .select('id')
    .where('role', '=', 'VIP')
    .where((eb) => eb.or([eb('vip_expires_at', 'is', null), eb('vip_expires_at', '<=', now)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Inserts the period's job_runs row first: the key decides who does the period. On
 * PostgreSQL a second transaction inserting the same key waits for the first and then
 * finds the conflict; on SQLite BEGIN IMMEDIATE already serialises them.
 */
async function claimPeriod(trx: Executor, job: string, period: number, now: number): Promise<boolean> {
  const row = await trx
    .insertInto('job_runs')
    .values({ job, period, ran_at: now, result: '{}' })
    .onConflict((oc) => oc.columns(['job', 'period']).doNothing())
    .returning('period')
    .executeTakeFirst();
  return row !== undefined;
}

async function recordResult(trx: Executor, job: string, period: number, result: object): Promise<void> {
  await trx
    .updateTable('job_runs')
    .set({ result: JSON.stringify(result) })
    .where('job', '=', job)
    .where('period', '=', period)
    .execute();
}
