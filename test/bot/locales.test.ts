/**
 * English and Spanish are both complete (issue 5): every key exists in both locales, in
 * the same file, every error code has its message, and no file of one locale is missing
 * in the other. Messages are also rendered once each, so a syntax error fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EconomyError, ERROR_CODES } from '../../src/core/errors.js';
import { TRANSACTION_TYPES } from '../../src/core/ledger/transaction-types.js';
import { refusalVariables } from '../../src/bot/error-boundary.js';
import { LOCALES_DIR, createI18n } from '../../src/bot/i18n.js';
import { LOCALES } from '../../src/bot/locale-cache.js';

function keysOf(file: string): string[] {
  const keys: string[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([a-zA-Z][\w-]*)\s*=/.exec(line);
    if (m) keys.push(m[1]!);
  }
  return keys;
}

function filesOf(locale: string): string[] {
  return readdirSync(join(LOCALES_DIR, locale)).filter((f) => f.endsWith('.ftl')).sort();
}

/** The message with no variables; a message that needs one exists, so it counts as rendered. */
function render(i18n: ReturnType<typeof createI18n>, locale: string, key: string): string {
  try {
    return i18n.t(locale, key);
  } catch (err) {
    if (err instanceof ReferenceError && /Unknown variable/.test(err.message)) return `<needs variables>`;
    throw err;
  }
}

describe('locales', () => {
  it('have the same files in every locale', () => {
    const [first, ...rest] = LOCALES;
    for (const locale of rest) expect(filesOf(locale)).toEqual(filesOf(first));
    expect(filesOf(first).length).toBeGreaterThan(0);
  });

  it('have the same keys, file by file, with no duplicates', () => {
    for (const file of filesOf('es')) {
      const byLocale = LOCALES.map((l) => keysOf(join(LOCALES_DIR, l, file)));
      for (const keys of byLocale) expect(new Set(keys).size, `duplicate key in ${file}`).toBe(keys.length);
      const [es, ...others] = byLocale;
      for (const keys of others) {
        expect({ file, missing: es!.filter((k) => !keys.includes(k)) }).toEqual({ file, missing: [] });
        expect({ file, extra: keys.filter((k) => !es!.includes(k)) }).toEqual({ file, extra: [] });
      }
    }
  });

  it('have a message for every error code', () => {
    const i18n = createI18n();
    for (const locale of LOCALES) {
      for (const code of ERROR_CODES) {
        const text = i18n.t(locale, `error-${code}`, { message: 'x', reason: 'VIP_ONLY', balance: 1, amount: 2, secondsLeft: 3, used: 4, limit: 5, wait: '1 h', what: 'other' });
        expect(text, `${locale} error-${code}`).not.toContain(`error-${code}`);
      }
    }
  });

  it('render every message in both locales without a missing key', () => {
    const i18n = createI18n();
    for (const file of filesOf('es')) {
      for (const key of keysOf(join(LOCALES_DIR, 'es', file))) {
        for (const locale of LOCALES) expect(render(i18n, locale, key), `${locale} ${key}`).not.toBe(key);
      }
    }
  });

  it('render the refusals the engine actually raises, with only the details each carries', () => {
    const i18n = createI18n();
    const refusals = [
      new EconomyError('ALREADY_CLAIMED', 'daily', { what: 'daily', nextClaimAt: 0, secondsLeft: 3600, streak: 2 }),
      new EconomyError('ALREADY_CLAIMED', 'reward', { what: 'reward', rewardId: 3 }),
      new EconomyError('INSUFFICIENT_FUNDS', 'ledger', { balance: 4, amount: 9 }),
      new EconomyError('COOLDOWN', 'press', { secondsLeft: 12 }),
      new EconomyError('NO_ACCESS', 'vip', { reason: 'VIP_ONLY' }),
      // The shop's refusal says the price as the amount asked, like the ledger's.
      new EconomyError('INSUFFICIENT_FUNDS', 'shop', { balance: 4, amount: 30, price: 30, productId: 7 }),
    ];
    for (const locale of LOCALES) {
      const texts = refusals.map((err) => i18n.t(locale, `error-${err.code}`, refusalVariables(err, locale)));
      expect(texts[0]).toContain('1 h');
      expect(texts[1]).not.toBe(texts[0]);
      expect(texts[2]).toContain('9');
      expect(texts[3]).toContain('12');
      expect(texts[5]).toContain('30');
      expect(texts[5]).not.toContain('productId');
    }
  });

  it('name every kind of movement in both locales (never the enum name, never the fallback)', () => {
    const i18n = createI18n();
    for (const locale of LOCALES) {
      const fallback = i18n.t(locale, 'movement-type', { type: 'SOMETHING_NEW' });
      const names = TRANSACTION_TYPES.map((type) => i18n.t(locale, 'movement-type', { type }));
      for (const [i, name] of names.entries()) {
        expect(name, `${locale} ${TRANSACTION_TYPES[i]}`).not.toBe(fallback);
        expect(name).not.toMatch(/[A-Z]{2,}_/);
      }
      expect(new Set(names).size).toBe(TRANSACTION_TYPES.length);
    }
  });

  it('speak Spanish and English differently', () => {
    const i18n = createI18n();
    expect(i18n.t('es', 'error-internal')).not.toBe(i18n.t('en', 'error-internal'));
  });
});
