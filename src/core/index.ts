/**
 * The engine's public face: everything an adapter (bot, HTTP, CLI, simulate, demo, server)
 * or an embedding bot may use. Adapters import core through this file only (a test reads the
 * imports of src/ and holds them to it); the rest of core is the engine's own.
 */
// The economy and what it is built from.
export { createEconomy, openEconomy, type DatabaseInfo, type Economy, type EconomyOptions } from './engine.js';
export { ManualClock, systemClock, type Clock } from './clock.js';
export { EventBus, type EventMap, type EventName, type Listener } from './events.js';
export { EconomyError, ERROR_CODES, isEconomyError, type ErrorCode, type ErrorDetails } from './errors.js';
export type { ErrorDetailsMap, IdempotencyDifference, NoAccessReason, PostRef, SettingProblem } from './error-details.js';
export { ISO_TIME_HINT, parseIsoTime, toIso } from './iso-time.js';
export { dayLabel, dayNumber, dayStart, nextDayStart } from './economy-day.js';
export type { AdminPolicy } from './members/admins.js';
export type { AdapterState } from './adapter-state/adapter-state.js';
export { checkDatabaseUrl, DEFAULT_DATABASE_URL, openDatabaseAdmin, type DatabaseAdmin, type MigrationStatus } from './database-admin.js';

// Ledger (SPEC §1).
export {
  TRANSACTION_TYPES,
  TRANSACTION_TYPE_INFO,
  EARN_TYPES,
  SPEND_TYPES,
  isEarn,
  isSpend,
  isTransactionType,
  typeName,
  type TransactionType,
  type EarnType,
  type SpendType,
} from './ledger/transaction-types.js';
export type { Ledger, CreditInput, SpendInput, AdminMovementInput, OperatorMovementInput, RefundInput } from './ledger/ledger.js';
export type { AdminMovementsQuery } from './ledger/admin-movements.js';
export type { LedgerTransaction, MovementResult, ProfileView, Balances } from './ledger/ledger-types.js';
export { MAX_AMOUNT, MAX_METADATA_BYTES, MAX_KEY_LENGTH, MAX_REASON_LENGTH, checkReason } from './ledger/movement-input.js';
export { MAX_PAGE as MAX_HISTORY_PAGE, type HistoryPage, type HistoryQuery } from './ledger/history.js';
export type { EconomySummary } from './ledger/summary.js';
export type { VerifyReport, Violation, InvariantRule } from './ledger/verify.js';

// Levels (SPEC §2).
export {
  compileLevelFormula,
  parseLevelFormulaArg,
  levelProgress,
  DEFAULT_LEVEL_FORMULA,
  type LevelFormula,
  type LevelFormulaSpec,
  type LevelProgress,
} from './levels/index.js';
export type { FormulaChange, LevelsService } from './levels/levels-service.js';

// Settings (SPEC §8).
export {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  isSettingKey,
  isTimeZone,
  settingsShape,
  type EconomySettings,
  type SettingKey,
} from './settings/settings-schema.js';
export { assertSettingKey } from './settings/settings-validation.js';
export { parseSettingValue } from './settings/parse-setting-value.js';
export { plainSettingChange, type SettingAuditEntry, type SettingChange } from './settings/settings.js';
export type { SettingsAuditQuery, SettingsService } from './settings/settings-service.js';

// Reactions, daily gift, membership, jobs (SPEC §3, §4, §7).
export type {
  Channel,
  ChannelConfig,
  ReactInput,
  ReactionCounts,
  ReactionsService,
  ReactionStreak,
  ReactResult,
  RegisteredPost,
  TodayUsage,
} from './reactions/index.js';
export { CHANNEL_KINDS } from './reactions/index.js';
export { formatWait, type AlreadyClaimedDetails, type DailyClaim, type DailyGiftService, type DailyStatus, type WaitLanguage } from './daily/index.js';
export type { MembershipService, MemberView, RegisterInput, RoleChangeResult } from './membership/membership-service.js';
export type { RoleChange } from './membership/membership-repository.js';
export { MAX_VIP_DAYS, MIN_VIP_DAYS } from './membership/membership-input.js';
export type { DayBoundaryJobs, DueReport, CompletedRun, SkippedRun, PeriodReport, RemindersReport, RunOptions, StartOptions } from './jobs/day-boundary-jobs.js';

// Shop (SPEC §5).
export * from './vip-access/vip-access-types.js';
export { VIP_REMINDER_DAYS, type VipAccessService, type VipAccessTask } from './vip-access/vip-access-service.js';
export * from './shop/shop-types.js';
export type { ShopService, ContentSetInput, ContentSetUpdate, CreateProductInput, UpdateProductInput, PaidPurchase, PurchaseInput, PurchasesQuery } from './shop/index.js';
export type { AdminRefundInput, AllPurchasesQuery } from './shop/admin-purchases.js';
export { ScriptedDeliverer, type FailureRule, type DeliveryRecord } from './shop/scripted-deliverer.js';
export {
  vipPriceOf,
  MAX_PRICE,
  MAX_DESCRIPTION_LENGTH,
  MAX_ITEMS,
  MAX_PER_MEMBER_LIMIT,
  MAX_STOCK,
  MAX_NAME_LENGTH as MAX_PRODUCT_NAME_LENGTH,
  MAX_VIP_DAYS as MAX_PRODUCT_VIP_DAYS,
  type ProductInput,
} from './shop/shop-input.js';

// Rewards (SPEC §6).
export type {
  RewardsService,
  RewardView,
  MemberRewardItem,
  MemberRewardState,
  RewardGrant,
  RewardUnlock,
  RewardRedeliverResult,
} from './rewards/index.js';
export { EVALUATED_AFTER } from './rewards/index.js';
export { TranslationsService, TRANSLATABLE_KINDS, DEFAULT_LOCALE } from './translations/index.js';
export type { TranslatableKind, Translation, SetTranslationInput, LocalizedText } from './translations/index.js';
export { REWARD_KINDS, CLAIM_MODES, LIMITS as REWARD_LIMITS, type RewardInput, type RewardConditionInput } from './rewards/reward-input.js';
export { CONDITION_TYPES, THRESHOLD_RANGES, conditionProgress, type ConditionProgress } from './rewards/reward-conditions.js';

// Metrics (SPEC §8).
export {
  DEFAULT_METRICS_DAYS,
  MAX_METRICS_DAYS,
  type EconomyMetrics,
  type MetricsOptions,
  type DayMovements,
  type TypeTally,
  type TopHolder,
  type LevelCount,
} from './metrics/metrics-types.js';

// Admin tokens of the HTTP API (issue 13).
export {
  ApiTokensService,
  LOGIN_LINK_TTL_MS,
  MAX_TOKEN_NAME_LENGTH,
  type ApiTokenInfo,
  type IssuedToken,
  type OperatorIssueInput,
  type TokenPrincipal,
} from './api-tokens/index.js';
// Operating the database (issue 11): read-only inspection, newer schemas, backup and restore.
export {
  databaseDialect,
  restoreDatabase,
  type BackupContents,
  type BackupReport,
  type RestoreOptions,
  type RestoreReport,
} from './database-admin.js';
export type { ReadOnlyCause } from './error-details.js';
// Leaderboards (SPEC §9) and the rollups behind them and the metrics (SPEC §8, §11).
export { BOARDS, isBoard, type Board, type BoardPeriod } from './leaderboards/boards.js';
export { TOP_PERCENT_FROM, type LeaderboardEntry, type LeaderboardPage, type MemberPosition, type PlaceAhead } from './leaderboards/board-reads.js';
export {
  MIN_LEADERBOARD_PAGE,
  MAX_LEADERBOARD_PAGE,
  DEFAULT_LEADERBOARD_PAGE,
  type LeaderboardsService,
  type LeaderboardQuery,
  type TopView,
} from './leaderboards/leaderboards-service.js';
export type { LeaderboardOptIn, OptInChange } from './leaderboards/optins.js';
export {
  MAX_MEMBER_SERIES_DAYS,
  DEFAULT_MEMBER_SERIES_DAYS,
  type StatsService,
  type StatsOptions,
  type StatsStatus,
  type RefreshReport,
  type CompletedRefresh,
  type SkippedRefresh,
  type ReadOnlyRefresh,
  type BoardReport,
} from './stats/stats-service.js';
export type { MemberDay, MemberDailySeries } from './stats/member-days.js';
