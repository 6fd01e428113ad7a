/**
 * What every engine service needs, built once by `createEconomy` and frozen (as Kysely holds
 * its options in one frozen `#props`): the storage, the clock, the settings store, the event
 * bus, who is an admin, and where the level formula comes from. Services take this one
 * object instead of copying the same six fields; adapters never see it (they get the
 * `Economy` face), tests build one to reach a service alone.
 */
import type { Storage } from '../storage/connect.js';
import { systemClock, type Clock } from './clock.js';
import { EventBus } from './events.js';
import { storedFormula, type FormulaSource } from './levels/formula-source.js';
import { configuredAdmins, type AdminPolicy } from './members/admins.js';
import { KnownFacts } from './rewards/known-facts.js';
import { SettingsStore } from './settings/settings.js';

export interface EngineContext {
  readonly storage: Storage;
  readonly clock: Clock;
  /** Cached, fresh across processes; services read it, only the settings face writes. */
  readonly settings: SettingsStore;
  /** Engine events, emitted after commit. */
  readonly events: EventBus;
  readonly admins: AdminPolicy;
  /** The level formula in force, read inside the caller's transaction. */
  readonly formula: FormulaSource;
  /** Facts an operation hands to its movement's reward evaluation (rewards/known-facts.ts). */
  readonly knownFacts: KnownFacts;
}

export interface EngineContextOptions {
  storage: Storage;
  clock?: Clock;
  /** Telegram ids of the community's admins (SPEC §0: ADMIN comes from configuration). */
  adminIds?: Iterable<number>;
  /** PostgreSQL: longest a cached settings read is served without a change notification. */
  settingsMaxAgeMs?: number;
  /** A listener of `events` threw: report it (the operation that emitted still succeeded). */
  onListenerError?: (err: unknown, event: string) => void;
}

export function createEngineContext(options: EngineContextOptions): EngineContext {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  return Object.freeze({
    storage,
    clock,
    settings: new SettingsStore({
      storage,
      clock,
      ...(options.settingsMaxAgeMs !== undefined ? { maxAgeMs: options.settingsMaxAgeMs } : {}),
    }),
    events: new EventBus(options.onListenerError),
    admins: configuredAdmins(storage, options.adminIds ?? []),
    formula: storedFormula,
    knownFacts: new KnownFacts(),
  });
}
