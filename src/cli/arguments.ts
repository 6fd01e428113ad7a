/**
 * Parsers for command-line values. What is not even a number is a usage error (exit 2,
 * from commander); a number the economy does not accept (0, -5, 1.5, 2e9) goes through to
 * the engine, whose refusal (INVALID_AMOUNT, exit 3) is the same as in every other adapter.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { ISO_TIME_HINT, isTransactionType, parseIsoTime, type TransactionType } from '../core/index.js';

// Underscores group digits (1_000_000), as in `settings set`.
const NUMBER = /^[+-]?\d[\d_]*(\.\d+)?(e[+-]?\d+)?$/i;

export function numberArg(text: string): number {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) throw new InvalidArgumentError('Not a number.');
  return Number(trimmed.replaceAll('_', ''));
}

/**
 * A member's Telegram id: plain digits only. `1e3`, `1_000`, `+1000` and `1000.0` all read
 * as 1000 through numberArg, so a typo credited someone else; an id is a name, not a
 * quantity to be written in some notation. 0 goes through to the engine (INVALID_INPUT).
 */
export function memberIdArg(text: string): number {
  const trimmed = text.trim();
  if (!/^\d{1,16}$/.test(trimmed)) throw new InvalidArgumentError('A member is a Telegram id: plain digits, such as 1001.');
  return Number(trimmed);
}

export function isoTimeArg(text: string): number {
  const ms = parseIsoTime(text.trim());
  if (ms === null) throw new InvalidArgumentError(`Expected ${ISO_TIME_HINT}.`);
  return ms;
}

/** One transaction type among `allowed`; case does not matter. */
export function typeArg<T extends TransactionType>(allowed: readonly T[]) {
  return (text: string): T => {
    const type = text.trim().toUpperCase();
    if (!isTransactionType(type) || !(allowed as readonly string[]).includes(type)) {
      throw new InvalidArgumentError(`Expected one of ${allowed.join(', ')}.`);
    }
    return type as T;
  };
}

/** `--type A --type B` and `--type A,B` both give [A, B]. */
export function typeListArg(allowed: readonly TransactionType[]) {
  const one = typeArg(allowed);
  return (text: string, previous: TransactionType[] | undefined): TransactionType[] => {
    const out = [...(previous ?? [])];
    for (const part of text.split(',')) {
      if (part.trim() === '') continue;
      const type = one(part);
      if (!out.includes(type)) out.push(type);
    }
    return out;
  };
}

/** A Telegram id for `--admin` (repeatable) and BESITOS_ADMINS. */
export function adminIdArg(text: string, previous: number[] | undefined): number[] {
  const id = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(id) || id <= 0) {
    throw new InvalidArgumentError('An admin is a positive integer Telegram id.');
  }
  return [...(previous ?? []), id];
}

/**
 * A required option checked once the arguments parsed: commander checks its own required
 * options first, so `credit 1001 abc` was told about a missing --reason instead of the
 * amount that is not a number. Same message and code as commander's.
 */
export function requireOption(cmd: Command, value: unknown, flags: string): void {
  if (value === undefined) {
    cmd.error(`error: required option '${flags}' not specified`, { code: 'commander.missingMandatoryOptionValue', exitCode: 1 });
  }
}
