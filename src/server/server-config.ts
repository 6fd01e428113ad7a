/**
 * The server's configuration (`besitos start`): environment variables over an optional
 * JSON file (`--config <file>` or BESITOS_CONFIG), validated with zod. The environment wins
 * over the file, so one committed file can hold a community's channels while each
 * deployment sets its own token and database; an empty variable counts as unset.
 * Every problem is named, one line each ("ADMIN_IDS: '12a' is not a Telegram user id"),
 * and a secret's value is never part of a message.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { checkDatabaseUrl, DEFAULT_DATABASE_URL, isTimeZone } from '../core/index.js';
import { LOG_LEVELS, type LogLevel } from '../log/logger.js';
import { CONFIG_FIELDS, type ConfigKey } from './config-fields.js';
import { readConfigFile } from './config-file.js';

export const DEFAULT_PORT = 8080;
/**
 * Loopback by default: the admin API and its one-time login link are for the machine's own
 * browser until the owner chooses otherwise. A webhook must be reachable from outside, so
 * with WEBHOOK_URL the default is every interface, as before.
 */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_WEBHOOK_HOST = '0.0.0.0';

export interface WebhookConfig {
  /** The public URL given to setWebhook. */
  url: string;
  /** Its pathname: the route the HTTP server answers (e.g. /telegram/webhook). */
  path: string;
  secret: string;
  /** WEBHOOK_SECRET was not set: `secret` is random for this run (logged, never its value). */
  secretGenerated: boolean;
}

export interface ServerConfig {
  /** Null: no bot; the process serves the admin API (and the dashboard) only. */
  botToken: string | null;
  adminIds: number[];
  freeChannelId: number | null;
  vipChannelId: number | null;
  groupIds: number[];
  /** Applied as economy.timezone at start when set. */
  timezone: string | null;
  databaseUrl: string;
  /** Null: long polling. */
  webhook: WebhookConfig | null;
  port: number;
  host: string;
  /** Null: Telegram's own Bot API. */
  botApiRoot: string | null;
  logLevel: LogLevel;
}

export interface ConfigSources {
  env: Readonly<Record<string, string | undefined>>;
  /** The JSON config file (`--config`, else BESITOS_CONFIG). */
  file?: string | undefined;
  /** `--database`: beats DATABASE_URL and the file. */
  databaseUrl?: string | undefined;
}

export type ConfigResult =
  | { ok: true; config: ServerConfig }
  | { ok: false; problems: string[] };

// `<bot id>:<secret>`; BotFather's secrets are 35 characters, a little slack either way.
const TOKEN = /^\d{3,}:[A-Za-z0-9_-]{30,64}$/;
const SECRET = /^[A-Za-z0-9_-]{1,256}$/;

const quote = (input: unknown): string => (typeof input === 'string' ? `'${input}'` : JSON.stringify(input) ?? String(input));

/** Env values are strings; file values may be numbers, or lists as arrays. */
const asText = (v: unknown): unknown => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : v);
const asList = (v: unknown): unknown => {
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (typeof v === 'number') return [String(v)];
  return Array.isArray(v) ? v.map(asText) : v;
};

function idSchema(pattern: RegExp, what: string) {
  const message = (iss: { input?: unknown }) => `${quote(iss.input)} is not ${what}`;
  return z
    .string({ error: message })
    .regex(pattern, { error: message })
    .transform(Number)
    .refine(Number.isSafeInteger, { error: message });
}

const userId = idSchema(/^[1-9]\d*$/, 'a Telegram user id (a positive whole number)');
const chatId = idSchema(/^-[1-9]\d*$/, 'a channel or group id (a negative number such as -1001234567890)');
const listOf = <T extends z.ZodType>(item: T) =>
  z.preprocess(asList, z.array(item, { error: 'must be a comma-separated list (or a JSON array)' }));


function url(protocols: readonly string[], what: string) {
  return z.string({ error: `must be ${what}` }).superRefine((text, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: `${quote(text)} is not ${what}` });
      return;
    }
    if (!protocols.includes(parsed.protocol)) ctx.addIssue({ code: 'custom', message: `${quote(text)} is not ${what}` });
  });
}

/** The schema over the merged raw values (strings from the environment, JSON from the file). */
const schema = z.object({
  botToken: z.preprocess(
    asText,
    z
      // The message never quotes the value: it is a secret, even when mistyped.
      .string({ error: 'must be text' })
      .regex(TOKEN, { error: 'does not look like a bot token: expected <digits>:<about 35 letters, digits, _ or ->, as @BotFather gives it' })
      .optional(),
  ),
  adminIds: listOf(userId).optional(),
  freeChannelId: z.preprocess(asText, chatId.optional()),
  vipChannelId: z.preprocess(asText, chatId.optional()),
  groupIds: listOf(chatId).optional(),
  timezone: z.preprocess(
    asText,
    z
      .string({ error: 'must be text' })
      .refine(isTimeZone, { error: (iss) => `${quote(iss.input)} is not an IANA time zone (e.g. UTC, Europe/Madrid)` })
      .optional(),
  ),
  databaseUrl: z.preprocess(
    asText,
    z
      .string({ error: 'must be text' })
      .superRefine((text, ctx) => {
        try {
          checkDatabaseUrl(text);
        } catch (err) {
          // checkDatabaseUrl never repeats a password.
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
        }
      })
      .optional(),
  ),
  // http is allowed here and refused by crossChecks unless a self-hosted Bot API serves it.
  webhookUrl: z.preprocess(asText, url(['https:', 'http:'], 'an http(s):// URL').optional()),
  webhookSecret: z.preprocess(
    asText,
    z
      .string({ error: 'must be text' })
      .regex(SECRET, { error: "must be 1 to 256 characters among A-Z, a-z, 0-9, _ and - (Telegram's rule)" })
      .optional(),
  ),
  port: z.preprocess(
    asText,
    z
      .string({ error: 'must be a number' })
      .regex(/^\d{1,5}$/, { error: (iss) => `${quote(iss.input)} is not a port (0 to 65535)` })
      .transform(Number)
      .refine((n) => n <= 65535, { error: (iss) => `${quote(iss.input)} is not a port (0 to 65535)` })
      .optional(),
  ),
  host: z.preprocess(asText, z.string({ error: 'must be text' }).regex(/^\S+$/, { error: 'must be a host name or address' }).optional()),
  botApiRoot: z.preprocess(asText, url(['https:', 'http:'], 'an http(s):// URL').optional()),
  logLevel: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(LOG_LEVELS, { error: (iss) => `${quote(iss.input)} is not one of ${LOG_LEVELS.join(', ')}` }).optional(),
  ),
});

type Raw = Partial<Record<ConfigKey, unknown>>;

export function loadServerConfig(sources: ConfigSources): ConfigResult {
  const problems: string[] = [];
  const raw: Raw = {};
  /** Where each value came from, to name it as the owner wrote it. */
  const label = new Map<ConfigKey, string>();

  if (sources.file !== undefined && sources.file.trim() !== '') {
    const file = readConfigFile(sources.file);
    problems.push(...file.problems);
    for (const [key, value] of Object.entries(file.values) as Array<[ConfigKey, unknown]>) {
      raw[key] = value;
      label.set(key, `${key} (in ${sources.file})`);
    }
  }
  for (const field of CONFIG_FIELDS) {
    const value = sources.env[field.env];
    if (value !== undefined && value.trim() !== '') {
      raw[field.key] = value;
      label.set(field.key, field.env);
    }
  }
  if (sources.databaseUrl !== undefined) {
    raw.databaseUrl = sources.databaseUrl;
    label.set('databaseUrl', '--database');
  }

  const parsed = schema.safeParse(raw);
  // Each field's problems, in the order the fields are listed (CONFIG_FIELDS).
  const fieldIssues: Array<{ key: ConfigKey; message: string }> = parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ key: issue.path[0] as ConfigKey, message: issue.message }));
  const webhookIssue = httpWebhookIssue(raw);
  if (webhookIssue && !fieldIssues.some((i) => i.key === 'webhookUrl')) fieldIssues.push({ key: 'webhookUrl', message: webhookIssue });
  const order = (key: ConfigKey) => CONFIG_FIELDS.findIndex((f) => f.key === key);
  for (const issue of fieldIssues.sort((a, b) => order(a.key) - order(b.key))) {
    problems.push(`${label.get(issue.key) ?? String(issue.key)}: ${issue.message}`);
  }
  const data = parsed.success ? parsed.data : undefined;
  if (data) problems.push(...crossChecks(data, (key) => label.get(key) ?? key));

  if (data && data.botToken === undefined && data.webhookUrl !== undefined) {
    problems.push(`${label.get('webhookUrl') ?? 'webhookUrl'}: a webhook is the bot's, and BOT_TOKEN is not set (set it, or unset WEBHOOK_URL to run without the bot)`);
  }
  if (problems.length > 0 || !data || webhookIssue) return { ok: false, problems };

  const webhook: WebhookConfig | null = data.webhookUrl
    ? {
        url: data.webhookUrl,
        path: new URL(data.webhookUrl).pathname,
        secret: data.webhookSecret ?? randomBytes(32).toString('base64url'),
        secretGenerated: data.webhookSecret === undefined,
      }
    : null;
  return {
    ok: true,
    config: {
      botToken: data.botToken ?? null,
      adminIds: [...new Set(data.adminIds ?? [])],
      freeChannelId: data.freeChannelId ?? null,
      vipChannelId: data.vipChannelId ?? null,
      groupIds: [...new Set(data.groupIds ?? [])],
      timezone: data.timezone ?? null,
      databaseUrl: data.databaseUrl ?? DEFAULT_DATABASE_URL,
      webhook,
      port: data.port ?? DEFAULT_PORT,
      host: data.host ?? (webhook ? DEFAULT_WEBHOOK_HOST : DEFAULT_HOST),
      botApiRoot: data.botApiRoot ? data.botApiRoot.replace(/\/+$/, '') : null,
      logLevel: data.logLevel ?? 'info',
    },
  };
}

/**
 * Telegram's cloud Bot API delivers webhooks over HTTPS only; a self-hosted Bot API server
 * (BOT_API_ROOT, not api.telegram.org) also delivers to http:// URLs. Read off the raw
 * values, so it is named even when other fields are wrong.
 */
function httpWebhookIssue(raw: Raw): string | null {
  const webhook = urlOf(raw.webhookUrl);
  if (webhook?.protocol !== 'http:') return null;
  const root = urlOf(raw.botApiRoot);
  if (root && /^https?:$/.test(root.protocol) && root.hostname.toLowerCase() !== 'api.telegram.org') return null;
  return `${quote(String(raw.webhookUrl).trim())} is not an https:// URL (Telegram only delivers webhooks over HTTPS; http:// works only with a self-hosted Bot API server in BOT_API_ROOT)`;
}

function urlOf(value: unknown): URL | null {
  if (typeof value !== 'string') return null;
  try {
    return new URL(value.trim());
  } catch {
    return null;
  }
}

/** A chat is one kind only: the free channel, the VIP channel or a group. */
function crossChecks(data: z.infer<typeof schema>, name: (key: ConfigKey) => string): string[] {
  const problems: string[] = [];
  if (data.freeChannelId !== undefined && data.freeChannelId === data.vipChannelId) {
    problems.push(`${name('vipChannelId')}: ${data.freeChannelId} is also the free channel (${name('freeChannelId')})`);
  }
  for (const id of data.groupIds ?? []) {
    if (id === data.freeChannelId) problems.push(`${name('groupIds')}: ${id} is also the free channel (${name('freeChannelId')})`);
    if (id === data.vipChannelId) problems.push(`${name('groupIds')}: ${id} is also the VIP channel (${name('vipChannelId')})`);
  }
  return problems;
}

/** The chats the economy should know, as `reactions.configureChannels` takes them. */
export function configuredChannels(config: ServerConfig): Array<{ id: number; kind: 'FREE' | 'VIP' }> {
  return [
    ...(config.freeChannelId !== null ? [{ id: config.freeChannelId, kind: 'FREE' as const }] : []),
    ...(config.vipChannelId !== null ? [{ id: config.vipChannelId, kind: 'VIP' as const }] : []),
    // Native reactions in a group earn like presses on a free post (SPEC §3).
    ...config.groupIds.map((id) => ({ id, kind: 'FREE' as const })),
  ];
}

/** The values never to print or log (the logger scrubs them from every line). */
export function configSecrets(config: ServerConfig): string[] {
  return [...(config.botToken ? [config.botToken] : []), ...(config.webhook ? [config.webhook.secret] : [])];
}
