/**
 * The economy as one typed object: `createEconomy({ storage, clock, adminIds })` for a bot
 * that manages its own storage, `openEconomy(url)` to open, migrate and go. Adapters (bot,
 * HTTP, CLI, simulate) talk to this and to nothing below it: no tables, no storage, no
 * second door to a write the engine already owns.
 */
import { openStorage, type OpenOptions } from '../storage/connect.js';
import { adapterState, type AdapterState } from './adapter-state/adapter-state.js';
import type { Clock } from './clock.js';
import { createEngineContext, type EngineContext, type EngineContextOptions } from './engine-context.js';
import type { EventBus } from './events.js';
import { readHistory, type HistoryPage, type HistoryQuery } from './ledger/history.js';
import { Ledger } from './ledger/ledger.js';
import { readSummary, type EconomySummary } from './ledger/summary.js';
import { verifyLedger, type VerifyReport } from './ledger/verify.js';
import { readMetrics } from './metrics/metrics.js';
import type { EconomyMetrics, MetricsOptions } from './metrics/metrics-types.js';
import { LevelsService } from './levels/levels-service.js';
import type { AdminPolicy } from './members/admins.js';
import { settingsService, type SettingsService } from './settings/settings-service.js';
import { DailyGiftService } from './daily/daily-gift.js';
import { ReactionsService } from './reactions/index.js';
import { MembershipService } from './membership/membership-service.js';
import { DayBoundaryJobs } from './jobs/day-boundary-jobs.js';
import { ShopService, type ShopDeps } from './shop/index.js';
import { RewardsService } from './rewards/index.js';
import { TranslationsService } from './translations/index.js';
import { VipAccessService } from './vip-access/vip-access-service.js';
import { ApiTokensService } from './api-tokens/index.js';
import { namingReadOnlyRefusals } from './read-only.js';
import { prepareSchema } from './schema-guard.js';
import { refusingLostConnection as refusing, refusingLostConnections as guarded } from './storage-unavailable.js';
import { LeaderboardsService } from './leaderboards/leaderboards-service.js';
import { StatsService, type StatsOptions } from './stats/stats-service.js';

export interface EconomyOptions extends EngineContextOptions {
  /** A scheduled job run failed (it is retried at the next tick). */
  onJobError?: (err: unknown) => void;
  /** Told about each failed delivery attempt (for logs). */
  onDeliveryError?: ShopDeps['onDeliveryError'];
  /** The leaderboards' and metrics' refresh: lease holder, batch sizes. */
  stats?: StatsOptions;
}

/** Where the economy keeps its data, safe to print (no password). */
export interface DatabaseInfo {
  readonly dialect: 'sqlite' | 'postgres';
  readonly displayUrl: string;
}

export interface Economy {
  readonly clock: Clock;
  readonly admins: AdminPolicy;
  /** Engine events, emitted after commit (SPEC §6 rewards and the bot subscribe here). */
  readonly events: EventBus;
  readonly database: DatabaseInfo;
  readonly ledger: Ledger;
  /** The daily gift and its streak (SPEC §4). */
  readonly daily: DailyGiftService;
  /** Reactions on channel posts (SPEC §3). */
  readonly reactions: ReactionsService;
  /** Members, roles and VIP membership (SPEC §7). */
  readonly membership: MembershipService;
  /** VIP channel access (SPEC §7): links, reminders, removals through a port the bot installs (`setPort`); run by the jobs. */
  readonly vipAccess: VipAccessService;
  /** Day-boundary jobs (streak resets, VIP expiry, reminders); `jobs.start()` schedules them. */
  readonly jobs: DayBoundaryJobs;
  /** Content sets, products, purchases, delivery and refunds (SPEC §5); `shop.setDeliverer` installs the port. */
  readonly shop: ShopService;
  /** Rewards evaluated after every event that can change a condition (SPEC §6). */
  readonly rewards: RewardsService;
  /** Products' and rewards' names in other languages than the default (Spanish), with fallback. */
  readonly translations: TranslationsService;
  /** Read, change (validated, audited) and audit the settings (SPEC §8). */
  readonly settings: SettingsService;
  /** The level formula: the one in force, and a change with its recompute and preview (SPEC §2). */
  readonly levels: LevelsService;
  /** Key-value state an adapter keeps in the economy's database (the bot's admin flows). */
  readonly adapterState: AdapterState;
  /** Admin tokens of the HTTP API: issued, listed, revoked, checked on every use (issue 13). */
  readonly apiTokens: ApiTokensService;
  /** Leaderboards (SPEC §9): the opt-in, pages of a board, a member's own position, as of the last refresh. */
  readonly leaderboards: LeaderboardsService;
  /** The rollups behind the leaderboards and metrics: refresh (the jobs do it), status, a member's daily series. */
  readonly stats: StatsService;
  history(memberId: number, query?: HistoryQuery): Promise<HistoryPage>;
  verify(): Promise<VerifyReport>;
  summary(): Promise<EconomySummary>;
  /** The economy's health for admins (SPEC §8): circulation, activity, faucets/sinks per day, distribution, Gini; as of the last refresh (`asOf`). */
  metrics(options?: MetricsOptions): Promise<EconomyMetrics>;
  /** Stops background listeners; closes the storage too when the economy opened it. */
  close(): Promise<void>;
}

export function createEconomy(options: EconomyOptions, ownsStorage = false): Economy {
  const economy = assembleEconomy(createEngineContext(options), options, ownsStorage);
  // Over a read-only database (a backup opened for inspection) reads work and writes are READ_ONLY.
  return options.storage.readOnly === undefined ? economy : namingReadOnlyRefusals(economy, options.storage);
}

/** The services over one engine context (tests build the context themselves to reach internals). */
export function assembleEconomy(ctx: EngineContext, options: Omit<EconomyOptions, keyof EngineContextOptions> = {}, ownsStorage = false): Economy {
  const { storage } = ctx;
  const levels = new LevelsService(ctx);
  const shop = new ShopService(ctx, options.onDeliveryError ? { onDeliveryError: options.onDeliveryError } : {});
  // CONTENT rewards go out through the shop's port (its retries, its error log).
  const rewards = new RewardsService(ctx, { content: shop });
  const stopRewards = rewards.listen();
  const vipAccess = new VipAccessService(ctx);
  const stats = new StatsService(ctx, options.stats ?? {});
  const jobs = new DayBoundaryJobs(ctx, { vipAccess, stats, rewardsCatchUp: () => rewards.catchUp(), ...(options.onJobError ? { onError: options.onJobError } : {}) });
  // Every door of the face answers a lost database connection STORAGE_UNAVAILABLE
  // (storage-unavailable.ts), whatever service it reaches.
  return {
    clock: ctx.clock,
    admins: guarded(ctx.admins),
    events: ctx.events,
    database: Object.freeze({ dialect: storage.dialect, displayUrl: storage.displayUrl }),
    ledger: guarded(new Ledger(ctx)),
    daily: guarded(new DailyGiftService(ctx)),
    reactions: guarded(new ReactionsService(ctx)),
    membership: guarded(new MembershipService(ctx)),
    jobs: guarded(jobs),
    vipAccess: guarded(vipAccess),
    shop: guarded(shop),
    rewards: guarded(rewards),
    translations: guarded(new TranslationsService(ctx)),
    settings: guarded(settingsService(ctx.settings, (value, changedBy) => levels.setFormula(value as Parameters<LevelsService['setFormula']>[0], changedBy))),
    levels: guarded(levels),
    adapterState: guarded(adapterState(ctx)),
    apiTokens: guarded(new ApiTokensService(ctx)),
    leaderboards: guarded(new LeaderboardsService(ctx)),
    stats: guarded(stats),
    history: refusing((memberId: number, query?: HistoryQuery) => readHistory(storage.db, memberId, query)),
    verify: refusing(() => verifyLedger(storage, ctx.formula)),
    summary: refusing(() => readSummary(storage.db)),
    metrics: refusing((metricsOptions?: MetricsOptions) => readMetrics(ctx, metricsOptions)),
    close: async () => {
      stopRewards();
      await rewards.close();
      await jobs.stop();
      await ctx.settings.close();
      if (ownsStorage) await storage.close();
    },
  };
}

/**
 * Opens the database at `url`, migrates it to the latest schema and builds the economy.
 * Refused DATABASE_TOO_NEW when a newer besitos migrated it; a read-only database is not
 * migrated (READ_ONLY when it would need to be).
 */
export async function openEconomy(
  url: string,
  options: Omit<EconomyOptions, 'storage'> & { storage?: OpenOptions } = {},
): Promise<Economy> {
  const storage = await openStorage(url, options.storage);
  try {
    await prepareSchema(storage);
  } catch (err) {
    await storage.close();
    throw err;
  }
  const { storage: _openOptions, ...rest } = options;
  return createEconomy({ ...rest, storage }, true);
}

