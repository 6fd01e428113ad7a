/**
 * The economy as one typed object: `createEconomy({ storage, clock, adminIds })` for a bot
 * that manages its own storage, `openEconomy(url)` to open, migrate and go. Adapters (bot,
 * HTTP, CLI, simulate) talk to this and to nothing below it.
 */
import { openStorage, type OpenOptions, type Storage } from '../storage/connect.js';
import { migrateToLatest } from '../storage/migrate.js';
import { systemClock, type Clock } from './clock.js';
import { readHistory, type HistoryPage, type HistoryQuery } from './ledger/history.js';
import { Ledger } from './ledger/ledger.js';
import { readSummary, type EconomySummary } from './ledger/summary.js';
import { verifyLedger, type VerifyReport } from './ledger/verify.js';
import { readMetrics } from './metrics/metrics.js';
import type { EconomyMetrics, MetricsOptions } from './metrics/metrics-types.js';
import { LEVEL_FORMULA_KEY } from './levels/formula-source.js';
import { LevelsService } from './levels/levels-service.js';
import { configuredAdmins, type AdminPolicy } from './members/admins.js';
import { SettingsStore, type SettingChange } from './settings/settings.js';
import { EventBus } from './events.js';
import { DailyGiftService } from './daily/daily-gift.js';
import { ReactionsService } from './reactions/index.js';
import { MembershipService } from './membership/membership-service.js';
import { DayBoundaryJobs } from './jobs/day-boundary-jobs.js';
import { ShopService, type Deliverer, type ShopDeps } from './shop/index.js';
import { RewardsService } from './rewards/index.js';

export interface EconomyOptions {
  storage: Storage;
  clock?: Clock;
  /** Telegram ids of the community's admins (SPEC §0: ADMIN comes from configuration). */
  adminIds?: Iterable<number>;
  /** PostgreSQL: longest a cached settings read is served without a change notification. */
  settingsMaxAgeMs?: number;
  /** A listener of `events` threw: report it (the operation that emitted still succeeded). */
  onListenerError?: (err: unknown, event: string) => void;
  /** A scheduled job run failed (it is retried at the next tick). */
  onJobError?: (err: unknown) => void;
  /** Sends purchased content and CONTENT rewards (the bot implements it); default: nothing is sent. */
  deliverer?: Deliverer;
  /** Told about each failed delivery attempt (for logs). */
  onDeliveryError?: ShopDeps['onDeliveryError'];
}

export interface Economy {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly admins: AdminPolicy;
  /** Engine events, emitted after commit (SPEC §6 rewards and the bot subscribe here). */
  readonly events: EventBus;
  readonly ledger: Ledger;
  /** The daily gift and its streak (SPEC §4). */
  readonly daily: DailyGiftService;
  /** Reactions on channel posts (SPEC §3). */
  readonly reactions: ReactionsService;
  /** Members, roles and VIP membership (SPEC §7). */
  readonly membership: MembershipService;
  /** Day-boundary jobs (streak resets, VIP expiry, reminders); `jobs.start()` schedules them. */
  readonly jobs: DayBoundaryJobs;
  /** Content sets, products, purchases, delivery and refunds (SPEC §5). */
  readonly shop: ShopService;
  /** Rewards evaluated after every event that can change a condition (SPEC §6). */
  readonly rewards: RewardsService;
  readonly settings: SettingsStore;
  readonly levels: LevelsService;
  history(memberId: number, query?: HistoryQuery): Promise<HistoryPage>;
  verify(): Promise<VerifyReport>;
  summary(): Promise<EconomySummary>;
  /** The economy's health for admins (SPEC §8): circulation, activity, faucets/sinks per day, distribution, Gini. */
  metrics(options?: MetricsOptions): Promise<EconomyMetrics>;
  /** Any setting by key; `levels.formula` goes through the levels service (recompute). */
  setSetting(key: string, value: unknown, changedBy: string): Promise<SettingChange>;
  /** Stops background listeners; closes the storage too when the economy opened it. */
  close(): Promise<void>;
}

export function createEconomy(options: EconomyOptions, ownsStorage = false): Economy {
  const { storage } = options;
  const clock = options.clock ?? systemClock;
  const admins = configuredAdmins(storage, options.adminIds ?? []);
  const settings = new SettingsStore({
    storage,
    clock,
    ...(options.settingsMaxAgeMs !== undefined ? { maxAgeMs: options.settingsMaxAgeMs } : {}),
  });
  const events = new EventBus(options.onListenerError);
  const levels = new LevelsService({ storage, settings });
  const ledger = new Ledger({ storage, clock, admins, events });
  const daily = new DailyGiftService({ storage, clock, settings, events, admins });
  const reactions = new ReactionsService({ storage, clock, settings, events, admins });
  const membership = new MembershipService({ storage, clock, settings, events, admins });
  const shop = new ShopService({
    storage,
    clock,
    settings,
    events,
    admins,
    membership,
    ...(options.deliverer ? { deliverer: options.deliverer } : {}),
    ...(options.onDeliveryError ? { onDeliveryError: options.onDeliveryError } : {}),
  });
  // CONTENT rewards go out through the shop's port (its retries, its error log).
  const rewards = new RewardsService({ storage, clock, settings, events, admins, membership, content: shop });
  const stopRewards = rewards.listen();
  const jobs = new DayBoundaryJobs({
    storage,
    clock,
    settings,
    events,
    membership,
    ...(options.onJobError ? { onError: options.onJobError } : {}),
  });
  return {
    storage,
    clock,
    admins,
    events,
    ledger,
    daily,
    reactions,
    membership,
    jobs,
    shop,
    rewards,
    settings,
    levels,
    history: (memberId, query) => readHistory(storage.db, memberId, query),
    verify: () => verifyLedger(storage),
    summary: () => readSummary(storage.db),
    metrics: (metricsOptions) => readMetrics({ storage, clock, settings }, metricsOptions),
    setSetting: async (key, value, changedBy) =>
      key === LEVEL_FORMULA_KEY
        ? (await levels.setFormula(value as Parameters<LevelsService['setFormula']>[0], changedBy)).change
        : settings.set(key, value, changedBy),
    close: async () => {
      stopRewards();
      await jobs.stop();
      await settings.close();
      if (ownsStorage) await storage.close();
    },
  };
}

/** Opens the database at `url`, migrates it to the latest schema and builds the economy. */
export async function openEconomy(
  url: string,
  options: Omit<EconomyOptions, 'storage'> & { storage?: OpenOptions } = {},
): Promise<Economy> {
  const storage = await openStorage(url, options.storage);
  try {
    await migrateToLatest(storage);
  } catch (err) {
    await storage.close();
    throw err;
  }
  return createEconomy({ ...options, storage }, true);
}
