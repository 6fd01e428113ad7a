/**
 * Every setting of the server (`besitos start`), once: its environment variable, its key
 * in the JSON config file, what it means and its default. server-config.ts validates them,
 * `besitos start --help` lists them, and the docs' table is this list.
 */
export interface ConfigField {
  /** Environment variable. */
  env: string;
  /** Key in the JSON config file. */
  key: string;
  meaning: string;
  /** Shown in help and docs. */
  default: string;
  /** Never printed, never logged (only whether it is set). */
  secret?: boolean;
}

export const CONFIG_FIELDS = [
  { env: 'BOT_TOKEN', key: 'botToken', meaning: 'the bot token from @BotFather (/newbot); unset, only the admin API and dashboard run', default: 'none: no bot', secret: true },
  { env: 'ADMIN_IDS', key: 'adminIds', meaning: 'Telegram user ids of the admins, comma separated', default: 'none' },
  { env: 'FREE_CHANNEL_ID', key: 'freeChannelId', meaning: 'the free channel (negative chat id, e.g. -1001234567890)', default: 'none' },
  { env: 'VIP_CHANNEL_ID', key: 'vipChannelId', meaning: 'the VIP channel (negative chat id)', default: 'none' },
  { env: 'GROUP_IDS', key: 'groupIds', meaning: 'groups where native reactions earn, comma separated negative chat ids', default: 'none' },
  { env: 'TIMEZONE', key: 'timezone', meaning: "the economy's IANA time zone, applied at every start", default: 'keep the stored setting (UTC)' },
  { env: 'DATABASE_URL', key: 'databaseUrl', meaning: 'sqlite:<file> or postgres://user@host/db', default: 'sqlite:./data/besitos.db' },
  { env: 'WEBHOOK_URL', key: 'webhookUrl', meaning: 'public https URL of the webhook (http only with a self-hosted BOT_API_ROOT); unset = long polling', default: 'long polling' },
  { env: 'WEBHOOK_SECRET', key: 'webhookSecret', meaning: 'secret Telegram sends in X-Telegram-Bot-Api-Secret-Token (1-256 of A-Z a-z 0-9 _ -)', default: 'random per start', secret: true },
  { env: 'PORT', key: 'port', meaning: 'port of the HTTP server (admin API, dashboard, webhook)', default: '8080' },
  { env: 'HOST', key: 'host', meaning: 'address the HTTP server listens on', default: '127.0.0.1 (0.0.0.0 with WEBHOOK_URL)' },
  { env: 'BOT_API_ROOT', key: 'botApiRoot', meaning: 'a self-hosted Bot API server instead of https://api.telegram.org', default: "Telegram's" },
  { env: 'LOG_LEVEL', key: 'logLevel', meaning: 'fatal, error, warn, info, debug, trace or silent', default: 'info' },
] as const satisfies readonly ConfigField[];

export type ConfigKey = (typeof CONFIG_FIELDS)[number]['key'];
