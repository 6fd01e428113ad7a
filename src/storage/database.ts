/**
 * Kysely table types. Times are integer milliseconds since the epoch in both dialects
 * (SQLite has no timestamp type; one representation keeps every query and comparison the
 * same on SQLite and PostgreSQL). Amounts and balances are integers (PostgreSQL bigint,
 * parsed to number: every value is kept within Number.MAX_SAFE_INTEGER by the ledger).
 */
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { ContentSetsTable, ProductHoldingsTable, ProductsTable, PurchasesTable } from './shop-tables.js';
import type { MemberRewardsTable, RewardConditionsTable, RewardMemberFactsTable, RewardsTable } from './rewards-tables.js';

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
  /** 1 when the member opted in to streak-at-risk reminders. */
  reminders: ColumnType<number, number | undefined, number>;
  /** The language the member chose in the bot (`es`, `en`); null: follow Telegram's. */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
  /** When a message to the member failed because they blocked the bot; null: reachable. */
  blocked_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the member last opened or used a private chat with the bot (0010); null: never, the bot may not write first. */
  private_chat_at: ColumnType<number | null, number | null | undefined, number | null>;
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

export type ChannelKind = 'FREE' | 'VIP' | 'OTHER';

export interface ChannelsTable {
  /** Telegram chat id (negative for channels). */
  id: number;
  kind: ChannelKind;
  title: string | null;
  created_at: number;
  updated_at: number;
}

export interface PostsTable {
  channel_id: number;
  message_id: number;
  created_at: number;
}

export interface ReactionsTable {
  member_id: number;
  channel_id: number;
  message_id: number;
  emoji: string;
  transaction_id: number;
  created_at: number;
}

export interface ReactionStateTable {
  member_id: number;
  /** Time of the last valid reaction (the cooldown runs from it). */
  last_at: number | null;
  /** Economy day of `day_count`. */
  day: number;
  day_count: number;
  streak: number;
  longest: number;
  /** Last economy day with a valid reaction (the streak runs to it). */
  streak_day: number | null;
  total: number;
}

export interface DailyStateTable {
  member_id: number;
  /** Economy day of the last claim. */
  last_day: number | null;
  streak: number;
  longest: number;
  claims: number;
  last_claimed_at: number | null;
}

export interface RoleChangesTable {
  id: Generated<number>;
  member_id: number;
  old_role: Role;
  new_role: Role;
  vip_expires_at: number | null;
  changed_by: string;
  reason: string;
  changed_at: number;
}

export interface JobLeasesTable {
  job: string;
  holder: string;
  expires_at: number;
}

export interface JobRunsTable {
  job: string;
  period: number;
  ran_at: number;
  result: string;
}

/** One duty of VIP channel access (0011-vip-access, SPEC §7). */
export interface VipAccessTasksTable {
  id: Generated<number>;
  member_id: number;
  kind: 'invite' | 'reminder' | 'removal' | 'ended';
  due_key: string;
  channel_id: number | null;
  status: 'pending' | 'sending' | 'done' | 'skipped' | 'failed';
  attempts: ColumnType<number, number | undefined, number>;
  next_at: number;
  vip_expires_at: number | null;
  result: string | null;
  created_at: number;
  updated_at: number;
}

/** An admin right the bot lacks in a channel, told to the admins once (0011-vip-access). */
export interface VipAccessAlertsTable {
  channel_id: number;
  right_name: string;
  told_at: number;
}

export interface Database {
  members: MembersTable;
  profiles: ProfilesTable;
  transactions: TransactionsTable;
  settings: SettingsTable;
  settings_audit: SettingsAuditTable;
  channels: ChannelsTable;
  posts: PostsTable;
  reactions: ReactionsTable;
  reaction_state: ReactionStateTable;
  daily_state: DailyStateTable;
  role_changes: RoleChangesTable;
  job_leases: JobLeasesTable;
  job_runs: JobRunsTable;
  // VIP channel access (0011-vip-access, SPEC §7).
  vip_access_tasks: VipAccessTasksTable;
  vip_access_alerts: VipAccessAlertsTable;
  // Shop (0005-shop, SPEC §5).
  content_sets: ContentSetsTable;
  products: ProductsTable;
  purchases: PurchasesTable;
  product_holdings: ProductHoldingsTable;
  // Rewards (0006-rewards, SPEC §6).
  rewards: RewardsTable;
  reward_conditions: RewardConditionsTable;
  member_rewards: MemberRewardsTable;
  reward_member_facts: RewardMemberFactsTable;
  // The bot (0007-bot).
  bot_state: BotStateTable;
  // Names per language (0009-translations).
  translations: TranslationsTable;
  // Admin tokens of the HTTP API (0013-api-tokens).
  api_tokens: ApiTokensTable;
}

/** A bearer token of the admin API, or a one-time login link (0013-api-tokens); only its hash is stored. */
export interface ApiTokensTable {
  id: Generated<number>;
  kind: 'api' | 'login';
  admin_id: number;
  name: string | null;
  /** SHA-256 of the whole token, hex. */
  token_hash: string;
  /** The first characters of the token, to recognise it in a list. */
  hint: string;
  created_by: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
  revoked_by: string | null;
}

/** A product's or reward's name (and description) in a language other than the default. */
export interface TranslationsTable {
  /** 'product' | 'reward' (see core/translations). */
  kind: string;
  entity_id: number;
  locale: string;
  name: string;
  description: string | null;
  badge_name: string | null;
  /** Who wrote it: `admin:<id>`, `cli`, `seed`, … */
  updated_by: string;
  updated_at: number;
}

/** Bot state shared by instances: key → JSON text (conversations, pending confirmations). */
export interface BotStateTable {
  key: string;
  value: string;
  updated_at: number;
}

export type MemberRow = Selectable<MembersTable>;
export type ProfileRow = Selectable<ProfilesTable>;
export type TransactionRow = Selectable<TransactionsTable>;
export type NewTransaction = Insertable<TransactionsTable>;
