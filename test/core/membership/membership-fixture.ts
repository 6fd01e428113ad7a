/**
 * The membership and jobs tests: the engine fixture recording every membership and jobs
 * event, and a DayBoundaryJobs whose holder id is `instance-a` (plus another instance's). Tables are written directly where a test
 * sets up daily or reaction state.
 */
import { beforeEach } from 'vitest';
import type { EngineContext } from '../../../src/core/engine-context.js';
import type { EventBus, EventName } from '../../../src/core/events.js';
import { DayBoundaryJobs, type DayBoundaryJobsOptions } from '../../../src/core/jobs/day-boundary-jobs.js';
import type { AdminPolicy } from '../../../src/core/members/admins.js';
import type { MembershipService } from '../../../src/core/membership/membership-service.js';
import type { Storage } from '../../../src/storage/connect.js';
import type { Role } from '../../../src/storage/database.js';
import type { TestDialect } from '../../helpers/dialects.js';
import { ADMIN_ID, START, useEngine, type EngineFixture, type SeenEvent } from '../../helpers/engine-fixture.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export { START, type SeenEvent };
/** Listed in configuration as an admin (no member row unless a test makes one). */
export const CONFIGURED_ADMIN = ADMIN_ID;

export const EVENT_NAMES: readonly EventName[] = [
  'movement.applied',
  'level.changed',
  'reaction.accepted',
  'daily.claimed',
  'role.changed',
  // Listened to, so the jobs here take the reminder batches (as the bot's instance does).
  'streak.at_risk',
  'jobs.day_boundary',
];

export interface MembershipContext extends EngineFixture {
  readonly events: EventBus;
  readonly admins: AdminPolicy;
  /** This test's jobs, holder id `instance-a`. */
  readonly jobs: DayBoundaryJobs;
  /** Another instance's jobs and membership over `storage`, closed after the test. */
  jobsInstance(storage: Storage, options?: DayBoundaryJobsOptions): { jobs: DayBoundaryJobs; membership: MembershipService; events: EventBus; seen: SeenEvent[] };
}

export function useMembership(dialect: TestDialect, start: number = START): MembershipContext {
  const fx = useEngine(dialect, { start, record: EVENT_NAMES });
  const jobsOf = (engine: { ctx: EngineContext }, options: DayBoundaryJobsOptions) => {
    const made = new DayBoundaryJobs(engine.ctx, options);
    fx.onCleanup(() => made.stop());
    return made;
  };
  let jobs: DayBoundaryJobs;
  // After the engine fixture's own beforeEach: this test's engine exists.
  beforeEach(() => {
    jobs = jobsOf(fx, { holderId: 'instance-a' });
  });
  const ctx = Object.assign(fx, {
    jobsInstance: (storage: Storage, options: DayBoundaryJobsOptions = {}) => {
      const engine = fx.engineOver(storage);
      return { jobs: jobsOf(engine, options), membership: engine.economy.membership, events: engine.ctx.events, seen: engine.seen };
    },
  });
  Object.defineProperties(ctx, {
    events: { get: () => fx.ctx.events, enumerable: true },
    admins: { get: () => fx.ctx.admins, enumerable: true },
    jobs: { get: () => jobs, enumerable: true },
  });
  return ctx as MembershipContext;
}

export async function insertMember(
  storage: Storage,
  id: number,
  fields: { role?: Role; vipExpiresAt?: number | null; reminders?: boolean } = {},
): Promise<void> {
  await storage.db
    .insertInto('members')
    .values({
      id,
      role: fields.role ?? 'FREE',
      vip_expires_at: fields.vipExpiresAt ?? null,
      reminders: fields.reminders ? 1 : 0,
      created_at: START,
      updated_at: START,
    })
    .execute();
}

/** A daily_state row as the daily-gift service would have left it. */
export async function setDaily(storage: Storage, memberId: number, lastDay: number | null, streak: number, longest = streak): Promise<void> {
  await storage.db
    .insertInto('daily_state')
    .values({ member_id: memberId, last_day: lastDay, streak, longest, claims: streak, last_claimed_at: null })
    .execute();
}

/** A reaction_state row as the reactions service would have left it. */
export async function setReactionState(storage: Storage, memberId: number, streakDay: number | null, streak: number, longest = streak): Promise<void> {
  await storage.db
    .insertInto('reaction_state')
    .values({ member_id: memberId, last_at: null, day: streakDay ?? 0, day_count: 1, streak, longest, streak_day: streakDay, total: streak })
    .execute();
}

export async function dailyStreaks(storage: Storage): Promise<Record<number, { streak: number; longest: number; lastDay: number | null }>> {
  const rows = await storage.db.selectFrom('daily_state').selectAll().orderBy('member_id').execute();
  return Object.fromEntries(rows.map((r) => [Number(r.member_id), { streak: r.streak, longest: r.longest, lastDay: r.last_day }]));
}

export async function reactionStreaks(storage: Storage): Promise<Record<number, number>> {
  const rows = await storage.db.selectFrom('reaction_state').select(['member_id', 'streak']).orderBy('member_id').execute();
  return Object.fromEntries(rows.map((r) => [Number(r.member_id), r.streak]));
}

export async function roleChangeRows(storage: Storage, memberId?: number) {
  let q = storage.db.selectFrom('role_changes').selectAll().orderBy('id');
  if (memberId !== undefined) q = q.where('member_id', '=', memberId);
  return (await q.execute()).map((r) => ({
    member: Number(r.member_id),
    from: r.old_role,
    to: r.new_role,
    vipExpiresAt: r.vip_expires_at === null ? null : Number(r.vip_expires_at),
    by: r.changed_by,
    reason: r.reason,
    at: Number(r.changed_at),
  }));
}

export async function memberRow(storage: Storage, id: number) {
  const r = await storage.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
  return r && { role: r.role, vipExpiresAt: r.vip_expires_at === null ? null : Number(r.vip_expires_at), reminders: r.reminders };
}

export async function jobRuns(storage: Storage, job?: string) {
  let q = storage.db.selectFrom('job_runs').selectAll().orderBy('job').orderBy('period');
  if (job !== undefined) q = q.where('job', '=', job);
  return (await q.execute()).map((r) => ({ job: r.job, period: Number(r.period), ranAt: Number(r.ran_at), result: JSON.parse(r.result) as unknown }));
}
