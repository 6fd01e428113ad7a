/**
 * Exit codes of `besitos` and the one place that turns a failure into one of them, so
 * every command fails the same way: usage errors are short and on stderr, refusals keep
 * their stable code (and print as JSON with --json), nothing ever shows a stack trace
 * unless BESITOS_DEBUG=1.
 */
import { CommanderError } from 'commander';
import { EconomyError } from '../core/index.js';
import { redactSecrets, type CliIo } from './cli-io.js';

export const EXIT = {
  OK: 0,
  /** Anything unexpected: a lost database, a bug. */
  UNEXPECTED: 1,
  /** Unknown command or option, missing argument, a number that is not a number. */
  USAGE: 2,
  /** The economy refused (EconomyError: INSUFFICIENT_FUNDS, INVALID_CONFIG, …). */
  REFUSED: 3,
  /** `verify` found broken invariants. */
  VIOLATIONS: 4,
  /** `start`: the bot's configuration is missing (no BOT_TOKEN) or invalid; each problem is named. */
  CONFIG: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A usage problem found after commander parsed the line (a bad DATABASE_URL, BESITOS_ADMINS). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Commander codes that mean "help or version was asked for", which is a success. */
const INFORMATIONAL = new Set(['commander.helpDisplayed', 'commander.version']);

/**
 * The error as `--json` prints it: `{"error":{"code","message"}}` on stdout, one line.
 * Usage errors are `INVALID_AMOUNT` when the amount was not a number and `INVALID_INPUT`
 * otherwise, as the engine would have named them; anything unexpected is `UNEXPECTED`
 * (not an engine code: nothing was refused, something failed).
 */
function writeJsonError(io: CliIo, code: string, message: string): void {
  io.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
}

/** Commander's text without its `error: ` prefix and trailing newline. */
function commanderText(text: string): string {
  return text.replace(/^error: /, '').trim();
}

/** `commanderMessage`: what commander would have written on stderr, kept in --json mode. */
export function reportFailure(err: unknown, io: CliIo, json: boolean, commanderMessage?: string): ExitCode {
  if (err instanceof CommanderError) {
    // Commander already wrote its message (through the CLI's configureOutput), unless in --json mode.
    if (INFORMATIONAL.has(err.code) || (err.code === 'commander.help' && err.exitCode === 0)) return EXIT.OK;
    if (json) {
      const message = commanderText(commanderMessage ?? (err.code === 'commander.help' ? 'a command is required (add --help for usage)' : err.message));
      writeJsonError(io, /for argument 'amount'/.test(message) ? 'INVALID_AMOUNT' : 'INVALID_INPUT', message);
    }
    return EXIT.USAGE;
  }
  if (err instanceof UsageError) {
    if (json) writeJsonError(io, 'INVALID_INPUT', redactSecrets(err.message));
    else io.stderr.write(`error: ${redactSecrets(err.message)}\n`);
    return EXIT.USAGE;
  }
  if (err instanceof EconomyError) {
    if (json) io.stdout.write(`${JSON.stringify({ error: err.toJSON() })}\n`);
    else io.stderr.write(`refused (${err.code}): ${redactSecrets(err.message)}\n`);
    return EXIT.REFUSED;
  }
  const message = err instanceof Error ? err.message : String(err);
  if (json) writeJsonError(io, 'UNEXPECTED', redactSecrets(message));
  else io.stderr.write(`error: ${redactSecrets(message)}\n`);
  if (io.env.BESITOS_DEBUG === '1' && err instanceof Error && err.stack) io.stderr.write(`${redactSecrets(err.stack)}\n`);
  return EXIT.UNEXPECTED;
}
