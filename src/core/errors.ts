/**
 * Typed refusals of the economy (SPEC §12). Every refusal carries a stable `code` that
 * adapters translate for members and admins; `details` holds the numbers a message needs
 * (balance and amount asked, seconds left, ...), typed per code in error-details.ts. Modelled on grammY's error classes:
 * one class, readonly fields, no subclass per code.
 */
import type { ErrorDetailsMap } from './error-details.js';

export const ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_AMOUNT',
  'INSUFFICIENT_FUNDS',
  'UNKNOWN_MEMBER',
  'FORBIDDEN',
  'NO_ACCESS',
  'COOLDOWN',
  'DAILY_LIMIT',
  'ALREADY_REACTED',
  'ALREADY_CLAIMED',
  'NOT_FOUND',
  'INACTIVE',
  'VIP_ONLY',
  'OUT_OF_STOCK',
  'LIMIT_REACHED',
  'REWARD_LOCKED',
  'REWARD_EXPIRED',
  'INVALID_FORMULA',
  'INVALID_CONFIG',
  // Added (SPEC §12 allows new codes, never reused): a credit that would push a balance
  // or a lifetime total past Number.MAX_SAFE_INTEGER.
  'BALANCE_OVERFLOW',
  // Added: a refund of a spend that was already refunded, or of a movement that is not a shop spend.
  'NOT_REFUNDABLE',
  // Added (shop, SPEC §5): buying again content one already owns needs an explicit
  // confirmation (`confirmRepurchase: true`); details carry productId and owned.
  'CONFIRMATION_REQUIRED',
  // Added: an idempotency key used again for a different request (another amount, type or
  // operation, another product); details name what differs. A true repeat still replays.
  'IDEMPOTENCY_CONFLICT',
  // Added: a write asked of a database opened read-only (a backup opened for inspection: file
  // mode 0444, a read-only directory, `?mode=ro`); nothing was changed. Reads still work.
  'READ_ONLY',
  // Added: the database carries migrations this version does not know (a newer besitos
  // migrated it); details list them. Nothing is read or written through an unknown schema.
  'DATABASE_TOO_NEW',
  // Added: `besitos restore` while another process (the bot) has the database open.
  'DATABASE_IN_USE',
  // Added: the database could not be reached, or the connection went away mid-operation,
  // and the operation could not safely be run again. Retryable; details.outcome says
  // whether anything may have changed ('not-applied': nothing did; 'unknown': it may have).
  'STORAGE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The details of a refusal with code C (all codes' details when C is the whole union). */
export type ErrorDetails<C extends ErrorCode = ErrorCode> = C extends ErrorCode ? Readonly<ErrorDetailsMap[C]> : never;

// Details may be left out only where every field is optional.
type DetailsArg<C extends ErrorCode> = {} extends ErrorDetailsMap[C] ? [details?: ErrorDetailsMap[C]] : [details: ErrorDetailsMap[C]];

export class EconomyError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = 'EconomyError';
  readonly code: C;
  readonly details: ErrorDetails<C>;

  constructor(code: C, message: string, ...[details]: DetailsArg<C>) {
    super(message);
    this.code = code;
    this.details = (details ?? {}) as ErrorDetails<C>;
  }

  /** Narrows to one code, so its details are typed: `if (err.is('COOLDOWN')) err.details.secondsLeft`. */
  is<K extends ErrorCode>(code: K): this is EconomyError<K> {
    return (this.code as ErrorCode) === code;
  }

  /** The shape adapters print: `{"code":"…","message":"…", …details}`. */
  toJSON(): { code: ErrorCode; message: string } & Record<string, unknown> {
    return { code: this.code, message: this.message, ...(this.details as Record<string, unknown>) };
  }
}

export function isEconomyError(err: unknown): err is EconomyError;
export function isEconomyError<K extends ErrorCode>(err: unknown, code: K): err is EconomyError<K>;
export function isEconomyError(err: unknown, code?: ErrorCode): err is EconomyError {
  return err instanceof EconomyError && (code === undefined || err.code === code);
}
