/**
 * The one way storage tests wire the engine: a migrated database per describe block and
 * dialect (migrating is the slow part on PostgreSQL), every table emptied before each test
 * (one list: tables.ts), a ManualClock, and an engine built as `createEconomy` builds it —
 * its context (for a test that needs one service alone, or options the economy does not
 * take) and the economy over it. Every event is recorded in order; a listener that throws
 * fails the test.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createEngineContext, type EngineContext } from '../../src/core/engine-context.js';
import { assembleEconomy, type Economy, type EconomyOptions } from '../../src/core/engine.js';
import type { EventMap, EventName } from '../../src/core/events.js';
import type { Storage } from '../../src/storage/connect.js';
import { migratedStorage, type TestDialect, type TestLocation } from './dialects.js';
import { emptyAllTables } from './tables.js';

export const START = Date.parse('2025-03-01T12:00:00Z');
/** Listed in configuration as an admin (has no member row unless a test makes one). */
export const ADMIN_ID = 9_000_001;

export type SeenEvent = { [E in EventName]: { name: E; event: EventMap[E] } }[EventName];

export const RECORDED_EVENTS: readonly EventName[] = [
  'movement.applied',
  'level.changed',
  'reaction.accepted',
  'daily.claimed',
  'role.changed',
  'purchase.completed',
  'purchase.refunded',
  'reward.unlocked',
  'reward.granted',
  'jobs.day_boundary',
];

export interface EngineFixtureOptions {
  /** The ManualClock's start (default START). */
  start?: number | string;
  /** Configured admins (default [ADMIN_ID]). */
  adminIds?: readonly number[];
  /** Keep the example rewards the migration seeds (default: emptied like every table). */
  keepSeeds?: boolean;
  /** Events to record (default RECORDED_EVENTS; add 'streak.at_risk' to let jobs take reminder batches). */
  record?: readonly EventName[];
  /** One engine for the whole describe block, tables emptied once (tests use distinct ids). */
  shared?: boolean;
  /** Passed to the economy (onDeliveryError, onJobError, stats). */
  economy?: Pick<EconomyOptions, 'onDeliveryError' | 'onJobError' | 'stats'>;
}

export interface Engine {
  ctx: EngineContext;
  economy: Economy;
  /** Every recorded event, in order. */
  seen: SeenEvent[];
  /** The payloads of one event name. */
  seenOf<E extends EventName>(name: E): Array<EventMap[E]>;
}

/** The economy's services, read from the current test's economy. */
export type Services = Pick<Economy, 'ledger' | 'daily' | 'reactions' | 'membership' | 'shop' | 'rewards' | 'settings' | 'levels'>;

export interface EngineFixture extends Engine, Readonly<Services> {
  storage: Storage;
  location: TestLocation;
  clock: ManualClock;
  /** Another engine (another instance) over `storage`, closed after the test. */
  engineOver(storage: Storage): Engine;
  /** Another engine over a second Storage on the same database, both closed after the test. */
  instance(): Promise<Engine>;
  /** A second Storage on the same database (another connection or pool), closed after the test. */
  openAgain(): Promise<Storage>;
  /** Runs after the test, before the engines close (LIFO). */
  onCleanup(close: () => Promise<void>): void;
  /** Changes a setting (validated, audited as `test`), as an admin would. */
  set(key: string, value: unknown): Promise<void>;
}

const SERVICES = ['ledger', 'daily', 'reactions', 'membership', 'shop', 'rewards', 'settings', 'levels'] as const satisfies ReadonlyArray<keyof Services>;

export function useEngine(dialect: TestDialect, options: EngineFixtureOptions = {}): EngineFixture {
  const fx = {} as EngineFixture;
  let closers: Array<() => Promise<void>> = [];
  let cleanup: () => Promise<void> = async () => {};

  const build = (storage: Storage): Engine => {
    const ctx = createEngineContext({
      storage,
      clock: fx.clock,
      adminIds: options.adminIds ?? [ADMIN_ID],
      onListenerError: (err) => {
        throw err;
      },
    });
    const economy = assembleEconomy(ctx, options.economy ?? {});
    closers.push(() => economy.close());
    const seen: SeenEvent[] = [];
    for (const name of options.record ?? RECORDED_EVENTS) {
      ctx.events.on(name, (event) => void seen.push({ name, event } as SeenEvent));
    }
    const seenOf = <E extends EventName>(name: E) => seen.filter((s) => s.name === name).map((s) => s.event) as Array<EventMap[E]>;
    return { ctx, economy, seen, seenOf };
  };

  const setUp = async () => {
    await emptyAllTables(fx.storage, { keepSeeds: options.keepSeeds === true });
    closers = [];
    fx.clock = new ManualClock(options.start ?? START);
    Object.assign(fx, build(fx.storage));
  };
  const tearDown = async () => {
    // Engines (their settings listeners) before the storages they use.
    for (const close of closers.reverse()) await close();
    closers = [];
  };

  fx.openAgain = async () => {
    const storage = await fx.location.open();
    closers.unshift(() => storage.close());
    return storage;
  };
  fx.engineOver = build;
  fx.instance = async () => build(await fx.openAgain());
  fx.onCleanup = (close) => void closers.push(close);
  fx.set = async (key, value) => void (await fx.economy.settings.set(key, value, 'test'));
  for (const name of SERVICES) Object.defineProperty(fx, name, { get: () => fx.economy[name], enumerable: true });

  beforeAll(async () => {
    const migrated = await migratedStorage(dialect);
    fx.storage = migrated.storage;
    fx.location = migrated.location;
    cleanup = migrated.cleanup;
    if (options.shared) await setUp();
  });
  if (!options.shared) {
    beforeEach(setUp);
    afterEach(tearDown);
  }
  afterAll(async () => {
    if (options.shared) await tearDown();
    await cleanup();
  });
  return fx;
}
