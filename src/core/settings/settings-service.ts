/**
 * The settings as adapters see them (`economy.settings`): cached reads, the audit, and the
 * one door for a change. A change of `levels.formula` goes to the levels service, which
 * stores it and recomputes every cached level in the same transaction; any other key is
 * validated and audited by the store. The store itself (its in-transaction writes, cache
 * invalidation, LISTEN connection) stays inside the engine.
 */
import type { FormulaChange } from '../levels/levels-service.js';
import { LEVEL_FORMULA_KEY } from '../levels/formula-source.js';
import { DEFAULT_SETTINGS, type EconomySettings, type SettingKey } from './settings-schema.js';
import type { SettingAuditEntry, SettingChange, SettingsStore } from './settings.js';
import { assertSettingKey } from './settings-validation.js';

export interface SettingsAuditQuery {
  key?: string;
  /** 1 to 100, default 20. */
  limit?: number;
  /** Entries older than this id (the last id of the previous page). */
  beforeId?: number;
}

export interface SettingsService {
  /** Every setting: stored values over defaults (frozen, shared). */
  all(): Promise<EconomySettings>;
  get<K extends SettingKey>(key: K): Promise<EconomySettings[K]>;
  /** Changes, newest first. */
  audit(query?: SettingsAuditQuery): Promise<SettingAuditEntry[]>;
  /**
   * Validates, stores and audits (who, when, old → new); refusals (INVALID_CONFIG,
   * INVALID_FORMULA) change nothing. `levels.formula` also recomputes every cached level.
   */
  set<K extends SettingKey>(key: K, value: unknown, changedBy: string): Promise<SettingChange<K>>;
  set(key: string, value: unknown, changedBy: string): Promise<SettingChange>;
  /** Back to the default, audited like any change. */
  reset(key: string, changedBy: string): Promise<SettingChange>;
}

type SetFormula = (value: unknown, changedBy: string) => Promise<FormulaChange>;

export function settingsService(store: SettingsStore, setFormula: SetFormula): SettingsService {
  const set = async (key: string, value: unknown, changedBy: string): Promise<SettingChange> =>
    key === LEVEL_FORMULA_KEY ? (await setFormula(value, changedBy)).change : store.set(key, value, changedBy);
  return {
    all: () => store.all(),
    get: (key) => store.get(key),
    audit: (query) => store.audit(query),
    set: set as SettingsService['set'],
    reset: (key, changedBy) => {
      assertSettingKey(key);
      return set(key, DEFAULT_SETTINGS[key], changedBy);
    },
  };
}
