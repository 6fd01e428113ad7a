/**
 * besitos/server: the process `besitos start` runs, for owners who start it from their own
 * code: the configuration (environment over an optional JSON file), `startServer` (economy,
 * bot, HTTP app, jobs; stopped in reverse order) and the logger that keeps secrets out.
 */
export { startServer, CONFIG_OPERATOR, type ServerHandle, type StartServerOptions } from './start-server.js';
export { BotConfigError, type BotTuning } from './telegram-bot.js';
export {
  loadServerConfig,
  configuredChannels,
  configSecrets,
  DEFAULT_HOST,
  DEFAULT_WEBHOOK_HOST,
  DEFAULT_PORT,
  type ServerConfig,
  type WebhookConfig,
  type ConfigResult,
  type ConfigSources,
} from './server-config.js';
export { CONFIG_FIELDS, type ConfigField } from './config-fields.js';
export { createLogger, LOG_LEVELS, type LogLevel, type LineSink } from '../log/logger.js';
export { createHttpApp, type HttpAppOptions } from '../http/app.js';
export type { WebhookOptions } from '../http/webhook.js';
export { DEFAULT_HTTP_TIMEOUTS, type HttpTimeouts } from '../http/listen.js';
