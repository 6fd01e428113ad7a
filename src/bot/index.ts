/**
 * besitos/bot: the grammY bot over the engine, for owners who run it as is (`besitos
 * start`) and for developers who embed it: `createBot({ economy, token })` gives a grammY
 * `Bot` whose features can also be `use()`d from another bot's middleware. Running it from
 * a configuration (`startServer`) is besitos/server.
 */
export { createBot, DEFAULT_AUTO_RETRY, type BesitosBot, type CreateBotOptions } from './create-bot.js';
export { TELEGRAM_LIMITS, scaleLimits, type TelegramLimits, type Rate } from './telegram-limits.js';
export type { BotContext, BaseContext, BesitosFlavor } from './context.js';
export type { BotDeps, BotTiming } from './bot-deps.js';
export { TelegramDeliverer } from './telegram-deliverer.js';
export { LocaleCache, LOCALES, DEFAULT_LOCALE, localeFromTelegram, type Locale } from './locale-cache.js';
export { createI18n, LOCALES_DIR } from './i18n.js';
export { ALLOWED_UPDATES } from './allowed-updates.js';
export { publishCommands } from './command-list.js';
