/**
 * The language a member sees. Spanish by default (SPEC §10), English when the member
 * chose it in the bot or, not having chosen, when Telegram says their app is in English.
 * The choice lives in `members.locale`; this process caches it for a few minutes so a
 * reaction press does not pay a read for its toast. Another instance learns of a change
 * within `ttlMs` (the member's own instance sees it at once).
 */
import type { Economy } from '../core/index.js';

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'es';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Telegram's language_code → our locale: `en`, `en-GB` → en; anything else → es. */
export function localeFromTelegram(languageCode: string | undefined): Locale {
  return languageCode !== undefined && /^en(-|$)/i.test(languageCode) ? 'en' : DEFAULT_LOCALE;
}

interface Entry {
  locale: Locale | null;
  at: number;
}

export class LocaleCache {
  readonly #economy: Economy;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #entries = new Map<number, Entry>();

  constructor(economy: Economy, options: { ttlMs?: number; max?: number } = {}) {
    this.#economy = economy;
    this.#ttlMs = options.ttlMs ?? 5 * 60_000;
    this.#max = options.max ?? 50_000;
  }

  /** The member's chosen locale, or null when they follow Telegram's language. */
  async chosen(memberId: number): Promise<Locale | null> {
    const now = Date.now();
    const hit = this.#entries.get(memberId);
    if (hit && now - hit.at < this.#ttlMs) return hit.locale;
    const member = await this.#economy.membership.get(memberId);
    const locale = isLocale(member?.locale) ? member.locale : null;
    this.#remember(memberId, locale, now);
    return locale;
  }

  /** What the member sees: their choice, else Telegram's language, else Spanish. */
  async resolve(memberId: number, telegramLanguage: string | undefined): Promise<Locale> {
    return (await this.chosen(memberId)) ?? localeFromTelegram(telegramLanguage);
  }

  /**
   * What a member whose row was just read sees: no second read, and the cache learns the
   * fresh choice (notifications read the member anyway, for `blockedAt`).
   */
  ofMember(member: { id: number; locale: string | null; language: string | null }): Locale {
    const chosen = isLocale(member.locale) ? member.locale : null;
    this.#remember(member.id, chosen, Date.now());
    return chosen ?? localeFromTelegram(member.language ?? undefined);
  }

  /** Stores a choice (null: follow Telegram again). */
  async choose(memberId: number, locale: Locale | null): Promise<void> {
    await this.#economy.membership.setLocale(memberId, locale);
    this.#remember(memberId, locale, Date.now());
  }

  #remember(memberId: number, locale: Locale | null, at: number): void {
    if (this.#entries.size >= this.#max) this.#entries.clear(); // crude bound; a miss costs one read
    this.#entries.set(memberId, { locale, at });
  }
}
