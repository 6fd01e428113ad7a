/**
 * Fluent messages through @grammyjs/i18n. The files live in `locales/<locale>/*.ftl` at
 * the package root (outside src/, so the compiled bot finds the same files), one file per
 * feature; a test fails when a key exists in one locale only.
 */
import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import type { BotContext } from './context.js';
import { describe } from '../log/describe.js';
import { DEFAULT_LOCALE, localeFromTelegram } from './locale-cache.js';

/** `<package root>/locales`, from src/bot/ and from dist/bot/ alike. */
export const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url));

export function createI18n(): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale: DEFAULT_LOCALE,
    directory: LOCALES_DIR,
    // No Unicode isolation marks around variables: Telegram renders plain text, and the
    // marks would show up in copied amounts and break exact-text tests.
    fluentBundleOptions: { useIsolating: false },
    // Runs before the error boundary: a failed read of the member's choice must not leave a
    // press unanswered, so it falls back to Telegram's language (and is logged).
    localeNegotiator: async (ctx) => {
      const from = ctx.from;
      if (!from || from.is_bot) return DEFAULT_LOCALE;
      try {
        return await ctx.besitos.locales.resolve(from.id, from.language_code);
      } catch (err) {
        ctx.besitos.logger.warn({ err: describe(err), memberId: from.id }, 'could not read the chosen language');
        return localeFromTelegram(from.language_code);
      }
    },
  });
}
