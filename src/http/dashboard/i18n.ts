/**
 * The dashboard's words, Spanish and English, from the same Fluent files the bot reads
 * (`locales/<locale>/dashboard.ftl`, plus `movements.ftl` for the names of movement kinds),
 * through @fluent/bundle directly: the bot's @grammyjs/i18n is made for grammY contexts, and
 * http/ never imports bot/. The locales test holds both languages to the same keys.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FluentBundle, FluentResource, type FluentVariable } from '@fluent/bundle';

/** `<package root>/locales`, from src/http/dashboard/ and dist/http/dashboard/ alike. */
const LOCALES_DIR = fileURLToPath(new URL('../../../locales', import.meta.url));
const FILES = ['dashboard.ftl', 'movements.ftl'] as const;

export const DASHBOARD_LANGUAGES = ['es', 'en'] as const;
export type DashboardLanguage = (typeof DASHBOARD_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: DashboardLanguage = 'es';

export function isDashboardLanguage(value: unknown): value is DashboardLanguage {
  return typeof value === 'string' && (DASHBOARD_LANGUAGES as readonly string[]).includes(value);
}

export interface Translator {
  readonly lang: DashboardLanguage;
  /** The message `key` with its variables; the key itself (visible, and caught by the screenshots) when missing. */
  t(key: string, vars?: Record<string, FluentVariable>): string;
  /** A whole number in this language's grouping (1.234 / 1,234). */
  n(value: number, digits?: number): string;
  /** A time in the economy's zone. */
  time(at: Date | number, timeZone: string): string;
  /** A calendar day (`YYYY-MM-DD` of the economy) as this language writes it short. */
  day(label: string): string;
}

const bundles = new Map<DashboardLanguage, FluentBundle>();

function bundleOf(lang: DashboardLanguage): FluentBundle {
  let bundle = bundles.get(lang);
  if (!bundle) {
    // No Unicode isolation marks: the text goes into HTML and into tests that read it.
    bundle = new FluentBundle(lang, { useIsolating: false });
    for (const file of FILES) {
      const errors = bundle.addResource(new FluentResource(readFileSync(`${LOCALES_DIR}/${lang}/${file}`, 'utf8')));
      if (errors.length > 0) throw new Error(`locales/${lang}/${file}: ${errors.map(String).join('; ')}`);
    }
    bundles.set(lang, bundle);
  }
  return bundle;
}

export function translator(lang: DashboardLanguage): Translator {
  const bundle = bundleOf(lang);
  const numbers = new Map<number, Intl.NumberFormat>();
  return {
    lang,
    t(key, vars) {
      const message = bundle.getMessage(key);
      if (!message?.value) return key;
      return bundle.formatPattern(message.value, vars);
    },
    n(value, digits = 0) {
      let format = numbers.get(digits);
      if (!format) numbers.set(digits, (format = new Intl.NumberFormat(lang, { maximumFractionDigits: digits, minimumFractionDigits: digits })));
      return format.format(value);
    },
    time(at, timeZone) {
      return new Intl.DateTimeFormat(lang, { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
    },
    day(label) {
      const [y, m, d] = label.split('-').map(Number);
      return new Intl.DateTimeFormat(lang, { timeZone: 'UTC', day: 'numeric', month: 'short' }).format(Date.UTC(y!, m! - 1, d!));
    },
  };
}
