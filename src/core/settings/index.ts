/** Economy settings (SPEC §8): the public API of the module. */
export {
  DEFAULT_SETTINGS,
  SETTING_KEYS,
  isSettingKey,
  settingsSchema,
  settingsShape,
  type EconomySettings,
  type SettingKey,
} from './settings-schema.js';
export {
  DEFAULT_SETTINGS_MAX_AGE_MS,
  SettingsStore,
  loadSettings,
  plainSettingChange,
  type InvalidStoredSetting,
  type SettingAuditEntry,
  type SettingChange,
  type SettingsStoreOptions,
} from './settings.js';
export { parseSettingValue } from './parse-setting-value.js';
export { assertSettingKey, checkSettingValue, validateSettingValue, type SettingCheck } from './settings-validation.js';
export { SETTINGS_CHANNEL, settingsChannel } from './settings-freshness.js';
export {
  deleteSetting,
  insertSettingAudit,
  listSettingAudit,
  readAllSettingRows,
  readSettingRow,
  upsertSetting,
  type NewSettingAudit,
  type SettingAuditQuery,
  type SettingAuditRow,
  type SettingRow,
} from './settings-repository.js';
