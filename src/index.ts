/**
 * besitos as a library: the engine and its types, for bots that embed it.
 * Adapters (CLI, simulate, bench) are not exported from here.
 */
export { createEconomy, openEconomy, type Economy, type EconomyOptions } from './core/engine.js';
export { EconomyError, ERROR_CODES, isEconomyError, type ErrorCode } from './core/errors.js';
export { ManualClock, systemClock, type Clock } from './core/clock.js';
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
} from './core/ledger/transaction-types.js';
export type { Ledger, CreditInput, SpendInput, AdminMovementInput, RefundInput } from './core/ledger/ledger.js';
export type { LedgerTransaction, MovementResult, ProfileView, Balances } from './core/ledger/ledger-types.js';
export type { HistoryPage, HistoryQuery } from './core/ledger/history.js';
export type { VerifyReport, Violation, InvariantRule } from './core/ledger/verify.js';
export type {
  EconomyMetrics,
  MetricsOptions,
  DayMovements,
  TypeTally,
  TopHolder,
  LevelCount,
} from './core/metrics/metrics-types.js';
export {
  compileLevelFormula,
  parseLevelFormulaArg,
  levelProgress,
  DEFAULT_LEVEL_FORMULA,
  type LevelFormula,
  type LevelFormulaSpec,
  type LevelProgress,
} from './core/levels/index.js';
export { DEFAULT_SETTINGS, SETTING_KEYS, type EconomySettings, type SettingKey } from './core/settings/settings-schema.js';
export type { SettingsStore, SettingChange } from './core/settings/settings.js';
export { openStorage, DEFAULT_DATABASE_URL, type Storage, type Dialect, type OpenOptions } from './storage/connect.js';
export { migrateToLatest, migrateDown, migrationStatus } from './storage/migrate.js';
