/**
 * Validation of membership input (SPEC §7, §12): everything arrives as `unknown` from the
 * edges, each check names the field, and nothing is written before all of them pass.
 */
import { checkStorableText, cleanText, unstorableText } from '../storable-text.js';
import type { Role } from '../../storage/database.js';
import type { ErrorDetailsMap } from '../error-details.js';
import { EconomyError } from '../errors.js';

export const MIN_VIP_DAYS = 1;
export const MAX_VIP_DAYS = 3650;
export const MS_PER_DAY = 86_400_000;
/** An expiry never goes past the end of year 9999 (and so stays far inside 2^53). */
export const MAX_VIP_EXPIRY = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
export const MAX_ACTOR_LENGTH = 255;
export const MAX_NAME_LENGTH = 255;
export const MAX_LANGUAGE_LENGTH = 35;
export const ROLES: readonly Role[] = ['FREE', 'VIP', 'ADMIN'];

/** Telegram usernames: letters, digits and underscores (5–32 today; looser here). */
const USERNAME = /^[A-Za-z0-9_]{1,64}$/;
/** A BCP 47 / IETF language tag as Telegram sends it (`es`, `en`, `pt-br`). */
const LANGUAGE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/;

function invalid(field: string, message: string, details: Omit<ErrorDetailsMap['INVALID_INPUT'], 'field'> = {}): EconomyError {
  return new EconomyError('INVALID_INPUT', message, { field, ...details });
}

export function checkDays(value: unknown, field = 'days'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < MIN_VIP_DAYS || value > MAX_VIP_DAYS) {
    throw invalid(field, `${field} must be a whole number of days from ${MIN_VIP_DAYS} to ${MAX_VIP_DAYS}, got ${show(value)}`, {
      min: MIN_VIP_DAYS,
      max: MAX_VIP_DAYS,
    });
  }
  return value;
}

export function checkRole(value: unknown): Role {
  if (typeof value !== 'string' || !(ROLES as readonly string[]).includes(value.toUpperCase())) {
    throw invalid('role', `role must be one of ${ROLES.join(', ')}, got ${show(value)}`);
  }
  return value.toUpperCase() as Role;
}

/** Who made a change, as the audit records it (`admin:42`, `shop`, `cli`, `job`). */
export function checkActor(value: unknown, field = 'by'): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_ACTOR_LENGTH) {
    throw invalid(field, `${field} must be a non-empty text of at most ${MAX_ACTOR_LENGTH} characters`);
  }
  return checkStorableText(value, field);
}

export function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalid(field, `${field} must be true or false, got ${show(value)}`);
  return value;
}

/** A username with or without its `@`; undefined/null mean "not known". */
export function checkUsername(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const name = typeof value === 'string' ? value.trim().replace(/^@/, '') : value;
  if (typeof name !== 'string' || !USERNAME.test(name)) {
    throw invalid('username', `username must be letters, digits and underscores (with or without @), got ${show(value)}`);
  }
  return name;
}

/** A name as Telegram sends it: NUL and lone surrogates are cleaned out, not refused (a name left blank by that is unknown). */
export function checkName(value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && unstorableText(value) !== null) {
    const cleaned = cleanText(value);
    return cleaned.trim() === '' ? null : checkName(cleaned, field);
  }
  if (typeof value !== 'string' || value.trim() === '' || [...value].length > MAX_NAME_LENGTH) {
    throw invalid(field, `${field} must be a non-empty text of at most ${MAX_NAME_LENGTH} characters`);
  }
  return value;
}

export function checkLanguage(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length > MAX_LANGUAGE_LENGTH || !LANGUAGE.test(value)) {
    throw invalid('language', `language must be a language code such as es or en, got ${show(value)}`);
  }
  return value.toLowerCase();
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return typeof value;
}
