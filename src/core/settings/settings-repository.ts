/**
 * The SQL of the settings tables and nothing else: no validation, no caching. Every function
 * takes a `Kysely<Database>`, which a `Transaction<Database>` also is, so the same calls run
 * inside the store's transaction or inside a caller's (the levels service).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, SettingsAuditTable, SettingsTable } from '../../storage/database.js';

export type SettingRow = Selectable<SettingsTable>;
export type SettingAuditRow = Selectable<SettingsAuditTable>;

export interface NewSettingAudit {
  key: string;
  /** JSON text of the value in effect before the change. */
  oldValue: string | null;
  /** JSON text of the value in effect after the change. */
  newValue: string;
  changedBy: string;
  changedAt: number;
}

export interface SettingAuditQuery {
  key?: string;
  limit: number;
  /** Keyset cursor: only rows with a smaller id (older). */
  beforeId?: number;
}

export function readAllSettingRows(db: Kysely<Database>): Promise<SettingRow[]> {
  return db.selectFrom('settings').selectAll().orderBy('key').execute();
}

export function readSettingRow(db: Kysely<Database>, key: string): Promise<SettingRow | undefined> {
  return db.selectFrom('settings').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function upsertSetting(db: Kysely<Database>, key: string, valueJson: string, at: number, by: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value: valueJson, updated_at: at, updated_by: by })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: valueJson, updated_at: at, updated_by: by }))
    .execute();
}

/** A missing row means "the default", so going back to the default removes the row. */
export async function deleteSetting(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute();
}

export async function insertSettingAudit(db: Kysely<Database>, entry: NewSettingAudit): Promise<void> {
  await db
    .insertInto('settings_audit')
    .values({
      key: entry.key,
      old_value: entry.oldValue,
      new_value: entry.newValue,
      changed_by: entry.changedBy,
      changed_at: entry.changedAt,
    })
    .execute();
}

/** Newest first; ids grow with every insert, so id order is change order. */
export function listSettingAudit(db: Kysely<Database>, query: SettingAuditQuery): Promise<SettingAuditRow[]> {
  let q = db.selectFrom('settings_audit').selectAll();
  if (query.key !== undefined) q = q.where('key', '=', query.key);
  if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
  return q.orderBy('id', 'desc').limit(query.limit).execute();
}
