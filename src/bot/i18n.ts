/**
 * Fluent messages through @grammyjs/i18n. The files live in `locales/<locale>/*.ftl` at
 * the package root (outside src/, so the compiled bot finds the same files), one file per
 * feature; a test fails when a key exists in one locale only.
 */
import { fileURLToPath } from 'node:url';
import { I18n } from '@grammyjs/i18n';
import type { BotContext } from './context.js';
import { DEFAULT_LOCALE } from './locale-cache.js';

/** `<package root>/locales`, from src/bot/ and from dist/bot/ alike. */
export const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url));

export function createI18n(): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale: DEFAULT_LOCALE,
    directory: LOCALES_DIR,
    // No Unicode isolation marks around variables: Telegram renders plain text, and the
    // marks would show up in copied amounts and break exact-text tests.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => {
      const from = ctx.from;
      if (!from || from.is_bot) return DEFAULT_LOCALE;
      return ctx.besitos.locales.resolve(from.id, from.language_code);
    },
  });
}
