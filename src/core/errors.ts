/**
 * Typed refusals of the economy (SPEC §12). Every refusal carries a stable `code` that
 * adapters translate for members and admins; `details` holds the numbers a message needs
 * (balance and amount asked, seconds left, ...). Modelled on grammY's error classes:
 * one class, readonly fields, no subclass per code.
 */
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
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = Readonly<Record<string, unknown>>;

export class EconomyError extends Error {
  override readonly name = 'EconomyError';
  readonly code: ErrorCode;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }

  /** The shape adapters print: `{"code":"…","message":"…", …details}`. */
  toJSON(): { code: ErrorCode; message: string } & Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.details };
  }
}

export function isEconomyError(err: unknown, code?: ErrorCode): err is EconomyError {
  return err instanceof EconomyError && (code === undefined || err.code === code);
}
