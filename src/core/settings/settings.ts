/**
 * Economy settings (SPEC §8): typed reads served from a cache that stays fresh across
 * processes, and validated, audited writes.
 *
 * Storage model: a row exists only for a key whose value differs from the default (as the
 * migration says); setting a key back to its default removes the row, so the key follows
 * the default again. The audit keeps every change either way.
 */
import { checkStorableText } from '../storable-text.js';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/database.js';
import type { Storage } from '../../storage/connect.js';
import { writeTransaction } from '../../storage/write-transaction.js';
import type { Clock } from '../clock.js';
import { EconomyError } from '../errors.js';
import { toIso } from '../iso-time.js';
import { DEFAULT_SETTINGS, isSettingKey, type EconomySettings, type SettingKey } from './settings-schema.js';
import {
  deleteSetting,
  insertSettingAudit,
  listSettingAudit,
  readAllSettingRows,
  readSettingRow,
  upsertSetting,
} from './settings-repository.js';
import { assertSettingKey, canonicalJson, checkSettingValue, deepFreeze, validateSettingValue, type SettingCheck } from './settings-validation.js';
import { settingsChannel } from './settings-freshness.js';
import { FreshCache } from './fresh-cache.js';

export const DEFAULT_SETTINGS_MAX_AGE_MS = 1000;
const DEFAULT_AUDIT_LIMIT = 20;
const MAX_AUDIT_LIMIT = 100;
const MAX_CHANGED_BY_LENGTH = 255;
/** First half of the PostgreSQL advisory lock key that serialises writers of one setting. */
const SETTINGS_LOCK_CLASS = 0x5e77;

export interface SettingChange<K extends SettingKey = SettingKey> {
  key: K;
  oldValue: EconomySettings[K];
  newValue: EconomySettings[K];
  changedBy: string;
  changedAt: number;
}

/** A change as plain JSON, its time as ISO text (how the CLI and simulate print it). */
export function plainSettingChange(change: SettingChange): Omit<SettingChange, 'changedAt'> & { changedAt: string } {
  return { ...change, changedAt: toIso(change.changedAt) };
}

export interface SettingAuditEntry {
  id: number;
  key: string;
  /** Parsed JSON of the value before the change (the default when no value was stored). */
  oldValue: unknown;
  newValue: unknown;
  changedBy: string;
  changedAt: number;
}

/** A stored row that is ignored: unknown key, unreadable JSON, or a value the rules now refuse. */
export interface InvalidStoredSetting {
  key: string;
  storedValue: string;
  problem: string;
}

export interface SettingsStoreOptions {
  storage: Storage;
  clock: Clock;
  /** PostgreSQL: longest time a cached read is served without a notification; default 1000 ms. */
  maxAgeMs?: number;
  /** Called once per distinct bad row; the default value is used in its place. */
  onInvalid?: (problem: InvalidStoredSetting) => void;
  /** PostgreSQL: the LISTEN connection failed or dropped (reads fall back to the max age). */
  onListenerError?: (err: unknown) => void;
}

function decodeStored<K extends SettingKey>(key: K, text: string): SettingCheck<K> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, code: 'INVALID_CONFIG', problem: 'stored value is not JSON', details: { key, problem: 'invalid' } };
  }
  return checkSettingValue(key, value);
}

/**
 * Defaults merged with the stored rows, read through `db` without any cache: for callers
 * inside their own transaction (on SQLite the store's cache reads would wait for it).
 */
export async function loadSettings(
  db: Kysely<Database>,
  onInvalid?: (problem: InvalidStoredSetting) => void,
): Promise<EconomySettings> {
  // A copy, so values handed out (and frozen by the store) never alias DEFAULT_SETTINGS.
  const settings = structuredClone(DEFAULT_SETTINGS) as Record<SettingKey, unknown>;
  for (const row of await readAllSettingRows(db)) {
    if (!isSettingKey(row.key)) {
      onInvalid?.({ key: row.key, storedValue: row.value, problem: 'unknown setting (written by another version?)' });
      continue;
    }
    const check = decodeStored(row.key, row.value);
    if (check.ok) settings[row.key] = check.value;
    else onInvalid?.({ key: row.key, storedValue: row.value, problem: check.problem });
  }
  return settings as EconomySettings;
}

function checkChangedBy(changedBy: unknown): string {
  if (typeof changedBy !== 'string' || changedBy.trim() === '' || changedBy.length > MAX_CHANGED_BY_LENGTH) {
    throw new EconomyError('INVALID_INPUT', `changedBy must be a non-empty text of at most ${MAX_CHANGED_BY_LENGTH} characters`);
  }
  return checkStorableText(changedBy, 'changedBy');
}

function parseAuditJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text; // a hand-edited row: show what is there rather than fail the whole page
  }
}

/** 32-bit FNV-1a, the second half of the advisory lock key: one lock per setting key. */
function lockKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

export class SettingsStore {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #onInvalid: ((problem: InvalidStoredSetting) => void) | undefined;
  readonly #reported = new Set<string>();
  readonly #cache: FreshCache<EconomySettings>;

  constructor(options: SettingsStoreOptions) {
    const maxAgeMs = options.maxAgeMs ?? DEFAULT_SETTINGS_MAX_AGE_MS;
    if (!(maxAgeMs >= 0)) throw new RangeError(`maxAgeMs must be >= 0, got ${String(maxAgeMs)}`);
    this.#storage = options.storage;
    this.#clock = options.clock;
    this.#onInvalid = options.onInvalid;
    this.#cache = new FreshCache({
      storage: options.storage,
      channel: settingsChannel(options.storage.schema),
      maxAgeMs,
      load: async () => deepFreeze(await loadSettings(this.#storage.db, (problem) => this.#report(problem))),
      onListenerError: options.onListenerError,
    });
  }

  /** Every setting: stored values over defaults. The object is frozen and shared. */
  async all(): Promise<EconomySettings> {
    return this.#cache.get();
  }

  async get<K extends SettingKey>(key: K): Promise<EconomySettings[K]> {
    return (await this.all())[key];
  }

  /**
   * Validates, then stores and audits in one transaction. Refusals (EconomyError
   * INVALID_CONFIG, or INVALID_FORMULA for a level formula that fails its checks) write nothing.
   */
  async set<K extends SettingKey>(key: K, value: unknown, changedBy: string): Promise<SettingChange<K>>;
  async set(key: string, value: unknown, changedBy: string): Promise<SettingChange>;
  async set(key: string, value: unknown, changedBy: string): Promise<SettingChange> {
    assertSettingKey(key);
    const newValue = validateSettingValue(key, value);
    const by = checkChangedBy(changedBy);
    try {
      // SQLite: BEGIN IMMEDIATE, so the old value read is still current when written over.
      return await writeTransaction(this.#storage, (trx) => this.#apply(trx, key, newValue, by));
    } finally {
      // After the commit (or a failure): the next read sees the database, not the cache.
      this.invalidate();
    }
  }

  /**
   * The same as `set`, inside the caller's transaction (the levels service recomputes every
   * cached level in the transaction that changes `levels.formula`). On PostgreSQL the
   * notification is delivered at the caller's commit; call `invalidate()` after committing
   * to make this process's next read fresh without waiting for it.
   */
  async setInTransaction<K extends SettingKey>(trx: Kysely<Database>, key: K, value: unknown, changedBy: string): Promise<SettingChange<K>>;
  async setInTransaction(trx: Kysely<Database>, key: string, value: unknown, changedBy: string): Promise<SettingChange>;
  async setInTransaction(trx: Kysely<Database>, key: string, value: unknown, changedBy: string): Promise<SettingChange> {
    assertSettingKey(key);
    const newValue = validateSettingValue(key, value);
    const change = await this.#apply(trx, key, newValue, checkChangedBy(changedBy));
    this.invalidate();
    return change;
  }

  /** Back to the default (removes the stored value); audited like any change. */
  async reset<K extends SettingKey>(key: K, changedBy: string): Promise<SettingChange<K>>;
  async reset(key: string, changedBy: string): Promise<SettingChange>;
  async reset(key: string, changedBy: string): Promise<SettingChange> {
    assertSettingKey(key);
    return this.set(key, DEFAULT_SETTINGS[key], changedBy);
  }

  /** Changes, newest first; `beforeId` pages further back. */
  async audit(query: { key?: string; limit?: number; beforeId?: number } = {}): Promise<SettingAuditEntry[]> {
    const limit = query.limit ?? DEFAULT_AUDIT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_AUDIT_LIMIT) {
      throw new EconomyError('INVALID_INPUT', `limit must be an integer from 1 to ${MAX_AUDIT_LIMIT}`, { limit });
    }
    const rows = await listSettingAudit(this.#storage.db, {
      limit,
      ...(query.key !== undefined ? { key: query.key } : {}),
      ...(query.beforeId !== undefined ? { beforeId: query.beforeId } : {}),
    });
    return rows.map((row) => ({
      id: row.id,
      key: row.key,
      oldValue: parseAuditJson(row.old_value),
      newValue: parseAuditJson(row.new_value),
      changedBy: row.changed_by,
      changedAt: row.changed_at,
    }));
  }

  /** Drops the cache: the next read goes to the database. */
  invalidate(): void {
    this.#cache.invalidate();
  }

  /** Stops listening for changes (PostgreSQL). Call before closing the storage. */
  close(): Promise<void> {
    return this.#cache.close();
  }

  #report(problem: InvalidStoredSetting): void {
    const id = `${problem.key}\u0000${problem.storedValue}`;
    if (this.#reported.has(id)) return;
    this.#reported.add(id);
    this.#onInvalid?.(problem);
  }

  async #apply<K extends SettingKey>(trx: Kysely<Database>, key: K, newValue: EconomySettings[K], changedBy: string): Promise<SettingChange<K>> {
    const postgres = this.#storage.dialect === 'postgres';
    // Two admins changing one key at once: the second waits and audits the first's value as
    // its old value, so the audit trail is a chain (a missing row cannot be locked FOR UPDATE).
    if (postgres) await sql`select pg_advisory_xact_lock(${SETTINGS_LOCK_CLASS}::int4, ${lockKey(key)}::int4)`.execute(trx);
    const row = await readSettingRow(trx, key);
    const stored = row ? decodeStored(key, row.value) : undefined;
    const oldValue = stored?.ok ? stored.value : structuredClone(DEFAULT_SETTINGS[key]);
    const changedAt = this.#clock.now();
    // An unreadable stored row is never "equal": writing replaces it.
    if (stored?.ok !== false && canonicalJson(oldValue) === canonicalJson(newValue)) {
      return { key, oldValue, newValue: oldValue, changedBy, changedAt };
    }
    const newJson = JSON.stringify(newValue);
    if (canonicalJson(newValue) === canonicalJson(DEFAULT_SETTINGS[key])) await deleteSetting(trx, key);
    else await upsertSetting(trx, key, newJson, changedAt, changedBy);
    await insertSettingAudit(trx, {
      key,
      oldValue: row ? row.value : JSON.stringify(oldValue),
      newValue: newJson,
      changedBy,
      changedAt,
    });
    // Delivered to every listener when (and only if) the transaction commits.
    if (postgres) await sql`select pg_notify(${settingsChannel(this.#storage.schema)}, ${key})`.execute(trx);
    return { key, oldValue, newValue, changedBy, changedAt };
  }
}
