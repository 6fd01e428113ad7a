/**
 * Shared setup of the membership and jobs tests: one migrated storage per describe block
 * and dialect, emptied before each test; a ManualClock, an EventBus that records every event
 * (with the time it was seen), a SettingsStore, the MembershipService and a DayBoundaryJobs.
 * Tables are written directly where a test sets up daily or reaction state.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ManualClock } from '../../../src/core/clock.js';
import { EventBus, type EventMap, type EventName } from '../../../src/core/events.js';
import { DayBoundaryJobs, type DayBoundaryJobsDeps } from '../../../src/core/jobs/day-boundary-jobs.js';
import { configuredAdmins, type AdminPolicy } from '../../../src/core/members/admins.js';
import { MembershipService } from '../../../src/core/membership/membership-service.js';
import { SettingsStore } from '../../../src/core/settings/settings.js';
import type { Storage } from '../../../src/storage/connect.js';
import type { Role } from '../../../src/storage/database.js';
import { migratedStorage, type TestDialect, type TestLocation } from '../../helpers/dialects.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const START = Date.parse('2025-03-01T12:00:00Z');
/** Listed in configuration as an admin (no member row unless a test makes one). */
export const CONFIGURED_ADMIN = 9_000_001;

export const EVENT_NAMES: readonly EventName[] = [
  'movement.applied',
  'level.changed',
  'reaction.accepted',
  'daily.claimed',
  'role.changed',
  'streak.at_risk',
  'jobs.day_boundary',
];

export type SeenEvent = { [E in EventName]: { name: E; event: EventMap[E] } }[EventName];

export interface MembershipContext {
  storage: Storage;
  location: TestLocation;
  clock: ManualClock;
  events: EventBus;
  /** Every event emitted, in order. */
  seen: SeenEvent[];
  admins: AdminPolicy;
  settings: SettingsStore;
  membership: MembershipService;
  jobs: DayBoundaryJobs;
  /** Events of one name, payloads only. */
  seenOf<E extends EventName>(name: E): Array<EventMap[E]>;
  /** Another DayBoundaryJobs and membership over `storage` (another instance), closed after the test. */
  instance(storage: Storage, overrides?: Partial<DayBoundaryJobsDeps>): { jobs: DayBoundaryJobs; membership: MembershipService; events: EventBus; seen: SeenEvent[] };
  /** A second Storage on the same database, closed after the test. */
  openAgain(): Promise<Storage>;
}

const TABLES = [
  'role_changes',
  'job_runs',
  'job_leases',
  'daily_state',
  'reaction_state',
  'reactions',
  'posts',
  'channels',
  'transactions',
  'profiles',
  'members',
  'settings_audit',
  'settings',
] as const;

function recordingBus(seen: SeenEvent[]): EventBus {
  const events = new EventBus((err) => {
    throw err;
  });
  for (const name of EVENT_NAMES) {
    events.on(name, (event) => void seen.push({ name, event } as SeenEvent));
  }
  return events;
}

export function useMembership(dialect: TestDialect, start: number = START): MembershipContext {
  const ctx = {} as MembershipContext;
  let cleanup: () => Promise<void> = async () => {};
  let closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    const migrated = await migratedStorage(dialect);
    cleanup = migrated.cleanup;
    ctx.storage = migrated.storage;
    ctx.location = migrated.location;
  });

  beforeEach(async () => {
    for (const table of TABLES) await ctx.storage.db.deleteFrom(table).execute();
    closers = [];
    ctx.clock = new ManualClock(start);
    ctx.seen = [];
    ctx.events = recordingBus(ctx.seen);
    ctx.admins = configuredAdmins(ctx.storage, [CONFIGURED_ADMIN]);
    ctx.settings = new SettingsStore({ storage: ctx.storage, clock: ctx.clock });
    closers.push(() => ctx.settings.close());
    ctx.membership = new MembershipService({ storage: ctx.storage, clock: ctx.clock, events: ctx.events, admins: ctx.admins });
    ctx.jobs = new DayBoundaryJobs({
      storage: ctx.storage,
      clock: ctx.clock,
      settings: ctx.settings,
      events: ctx.events,
      membership: ctx.membership,
      holderId: 'instance-a',
    });
    ctx.seenOf = <E extends EventName>(name: E) =>
      ctx.seen.filter((s) => s.name === name).map((s) => s.event) as Array<EventMap[E]>;
    ctx.instance = (storage, overrides = {}) => {
      const seen: SeenEvent[] = [];
      const events = recordingBus(seen);
      const admins = configuredAdmins(storage, [CONFIGURED_ADMIN]);
      const settings = new SettingsStore({ storage, clock: ctx.clock });
      closers.push(() => settings.close());
      const membership = new MembershipService({ storage, clock: ctx.clock, events, admins });
      const jobs = new DayBoundaryJobs({ storage, clock: ctx.clock, settings, events, membership, ...overrides });
      return { jobs, membership, events, seen };
    };
    ctx.openAgain = async () => {
      const storage = await ctx.location.open();
      closers.push(() => storage.close());
      return storage;
    };
  });

  afterEach(async () => {
    await ctx.jobs.stop();
    // Stores before storages: no LISTEN connection outlives its pool.
    for (const close of closers) await close();
  });

  afterAll(async () => {
    await cleanup();
  });
  return ctx;
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
