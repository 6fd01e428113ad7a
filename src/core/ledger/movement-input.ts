/**
 * Validation of what callers hand the ledger. Everything arrives as `unknown` from the
 * edges (JSON lines, CLI text, callback data), so each check names what was wrong and
 * nothing is touched before all of them pass.
 */
import { checkStorableText } from '../storable-text.js';
import { EconomyError } from '../errors.js';

export const MAX_AMOUNT = 1_000_000_000;
export const MAX_REASON_LENGTH = 255;
export const MAX_METADATA_BYTES = 4096;
export const MAX_KEY_LENGTH = 200;

export function checkMemberId(value: unknown, field = 'member'): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new EconomyError('INVALID_INPUT', `${field} must be a positive integer Telegram id, got ${show(value)}`, {
      field,
    });
  }
  return value;
}

export function checkAmount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > MAX_AMOUNT) {
    throw new EconomyError(
      'INVALID_AMOUNT',
      `amount must be a whole number from 1 to ${MAX_AMOUNT.toLocaleString('en')}, got ${show(value)}`,
      // The value as given when it is a primitive (for the JSON error), its type otherwise.
      { amount: value === null || ['string', 'number', 'boolean'].includes(typeof value) ? (value as string | number | boolean | null) : typeof value },
    );
  }
  return value;
}

export function checkReason(value: unknown, required: boolean): string {
  if (value === undefined || value === null) {
    if (required) throw new EconomyError('INVALID_INPUT', 'a reason is required', { field: 'reason' });
    return '';
  }
  if (typeof value !== 'string') {
    throw new EconomyError('INVALID_INPUT', 'reason must be text', { field: 'reason' });
  }
  if (required && value.trim() === '') {
    throw new EconomyError('INVALID_INPUT', 'a reason is required', { field: 'reason' });
  }
  if ([...value].length > MAX_REASON_LENGTH) {
    throw new EconomyError('INVALID_INPUT', `reason must be at most ${MAX_REASON_LENGTH} characters`, {
      field: 'reason',
    });
  }
  return checkStorableText(value, 'reason');
}

export function checkMetadata(value: unknown): string {
  if (value === undefined || value === null) return '{}';
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new EconomyError('INVALID_INPUT', 'metadata must be a JSON object', { field: 'metadata' });
  }
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    throw new EconomyError('INVALID_INPUT', 'metadata must be serialisable as JSON', { field: 'metadata' });
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_METADATA_BYTES) {
    throw new EconomyError('INVALID_INPUT', `metadata must be at most ${MAX_METADATA_BYTES} bytes of JSON`, {
      field: 'metadata',
    });
  }
  return text;
}

export function checkIdempotencyKey(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_KEY_LENGTH) {
    throw new EconomyError('INVALID_INPUT', `idempotency key must be text of 1 to ${MAX_KEY_LENGTH} characters`, {
      field: 'idempotencyKey',
    });
  }
  return checkStorableText(value, 'idempotencyKey');
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value);
  }
  return typeof value;
}
