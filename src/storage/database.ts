/**
 * Kysely table types. Times are integer milliseconds since the epoch in both dialects
 * (SQLite has no timestamp type; one representation keeps every query and comparison the
 * same on SQLite and PostgreSQL). Amounts and balances are integers (PostgreSQL bigint,
 * parsed to number: every value is kept within Number.MAX_SAFE_INTEGER by the ledger).
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type Role = 'FREE' | 'VIP' | 'ADMIN';

export interface MembersTable {
  /** The Telegram user id (stable, positive, < 2^53). */
  id: number;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  role: ColumnType<Role, Role | undefined, Role>;
  vip_expires_at: number | null;
  language: string | null;
  created_at: number;
  updated_at: number;
}

export interface ProfilesTable {
  member_id: number;
  balance: number;
  total_earned: number;
  total_spent: number;
  /** Cached level = formula(total_earned); recomputed when the formula changes. */
  level: number;
  /**
   * Cached lifetime total at which the next level starts (2^53 when there is none).
   * Lets a credit that cannot change the level stay one guarded UPDATE: the hot path
   * only takes the slower, locked path when total_earned would reach this value.
   */
  next_level_at: number;
  created_at: number;
  updated_at: number;
}

export interface TransactionsTable {
  id: Generated<number>;
  member_id: number;
  amount: number;
  type: string;
  reason: string;
  /** JSON object as text, at most 4 KB. */
  metadata: string;
  idempotency_key: string | null;
  balance_after: number;
  created_at: number;
}

export interface SettingsTable {
  key: string;
  /** JSON text of the value. */
  value: string;
  updated_at: number;
  updated_by: string;
}

export interface SettingsAuditTable {
  id: Generated<number>;
  key: string;
  old_value: string | null;
  new_value: string;
  changed_by: string;
  changed_at: number;
}

export interface Database {
  members: MembersTable;
  profiles: ProfilesTable;
  transactions: TransactionsTable;
  settings: SettingsTable;
  settings_audit: SettingsAuditTable;
}

export type MemberRow = Selectable<MembersTable>;
export type ProfileRow = Selectable<ProfilesTable>;
export type TransactionRow = Selectable<TransactionsTable>;
export type NewTransaction = Insertable<TransactionsTable>;
