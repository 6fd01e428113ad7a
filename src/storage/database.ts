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
  // Leaderboards and the metrics' rollups (0012-leaderboards, SPEC §8, §9).
  leaderboard_optins: LeaderboardOptinsTable;
  leaderboard_optin_changes: LeaderboardOptinChangesTable;
  stats_state: StatsStateTable;
  member_totals: MemberTotalsTable;
  economy_day_totals: EconomyDayTotalsTable;
  leaderboard_gaps: LeaderboardGapsTable;
  // Each slot's ranks and members' places, in blocks (0015-leaderboard-blocks).
  leaderboard_rank_blocks_0: LeaderboardRankBlocksTable;
  leaderboard_rank_blocks_1: LeaderboardRankBlocksTable;
  leaderboard_place_blocks_0: LeaderboardPlaceBlocksTable;
  leaderboard_place_blocks_1: LeaderboardPlaceBlocksTable;
  // The metrics' distributions, kept by the rollups (0016-metrics-distributions).
  balance_counts: BalanceCountsTable;
  earned_counts: EarnedCountsTable;
  active_minutes: ActiveMinutesTable;
  top_balances: TopBalancesTable;
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

/** A member who chose to appear on the leaderboards (0012): a row while opted in. */
export interface LeaderboardOptinsTable {
  member_id: number;
  opted_in_at: number;
}

/** Every leaderboard choice (0012): the audit of opt-ins and opt-outs. */
export interface LeaderboardOptinChangesTable {
  id: Generated<number>;
  member_id: number;
  /** 1 opted in, 0 opted out. */
  opted_in: number;
  changed_by: string;
  changed_at: number;
}

/** Named JSON state of the rollups and the snapshots (0012): watermark, slots, metrics. */
export interface StatsStateTable {
  name: string;
  value: string;
  /** Bumped on every write, so a refresher that lost its lease cannot write over another. */
  version: ColumnType<number, number | undefined, number>;
  updated_at: number;
}

/** A member's sums and board scores as of the rollups' watermark (0012). */
export interface MemberTotalsTable {
  member_id: number;
  /** Σ amount: the balance. */
  balance: number;
  /** Σ earnings (EARN_*): the all-time score. */
  earned: number;
  /** Σ |spends| (SPEND_*), refunds not taken off. */
  spent: number;
  /** Σ refunds (REFUND_SHOP). */
  refunded: number;
  movements: number;
  first_at: number;
  last_at: number;
  /** Time and transaction id of the earning that reached `earned` (0 before any). */
  earned_at: ColumnType<number, number | undefined, number>;
  earned_id: ColumnType<number, number | undefined, number>;
  /** Latest Monday-based week with earnings (0: none), its score and when it was reached. */
  week: ColumnType<number, number | undefined, number>;
  week_score: ColumnType<number, number | undefined, number>;
  week_at: ColumnType<number, number | undefined, number>;
  week_id: ColumnType<number, number | undefined, number>;
  /** Latest month (year × 12 + month − 1) with earnings, its score and when it was reached. */
  month: ColumnType<number, number | undefined, number>;
  month_score: ColumnType<number, number | undefined, number>;
  month_at: ColumnType<number, number | undefined, number>;
  month_id: ColumnType<number, number | undefined, number>;
  /** `last_at` before the batch that last updated the row (0016); null on a row never updated. */
  prev_last_at: ColumnType<number | null, number | null | undefined, number | null>;
}

/** Members per balance as of the rollups' watermark (0016). */
export interface BalanceCountsTable {
  balance: number;
  members: number;
}

/** Members per lifetime earnings as of the watermark (0016): the level distribution under any formula. */
export interface EarnedCountsTable {
  earned: number;
  members: number;
}

/** Members per minute (ms since the epoch / 60,000) of their last movement (0016). */
export interface ActiveMinutesTable {
  minute: number;
  members: number;
}

/** Every member at or above the top holders' boundary (0016; core/stats/distributions.ts). */
export interface TopBalancesTable {
  member_id: number;
  balance: number;
}

/** Movements of one type on one economy day (0012). */
export interface EconomyDayTotalsTable {
  day: number;
  type: string;
  movements: number;
  /** Signed Σ amount (spends negative). */
  amount: number;
}

/** 48 ranks of a board in a snapshot slot (0015; layout in core/leaderboards/line-blocks.ts). */
export interface LeaderboardRankBlocksTable {
  board: string;
  /** Ranks 48·block + 1 … 48·block + 48. */
  block: number;
  /** The block's first line, in the board's order (where an unlisted member would stand). */
  first_score: number;
  first_at: number;
  first_id: number;
  lines: Uint8Array;
}

/** 24 members' places in a snapshot slot, in member order (0015). */
export interface LeaderboardPlaceBlocksTable {
  first_member: number;
  lines: Uint8Array;
}

/** The rank of a member who opted out after the slot was built (0012). */
export interface LeaderboardGapsTable {
  slot: number;
  board: string;
  rank: number;
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
