/**
 * `besitos`, the command line (SPEC §10), as a function: `runCli(argv, io, adapters)` parses,
 * runs one command and returns the exit code. src/entry/ composes it with the adapters it
 * fronts and hands it the real process; tests call that in-process. A new program is built per call: commander keeps parse state on it.
 */
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { redactSecrets, type CliIo } from './cli-io.js';
import { COMMANDS } from './commands/index.js';
import { CommandContext } from './context.js';
import { reportFailure } from './exit-codes.js';
import type { CliAdapters } from './simulator.js';

export type { CliIo } from './cli-io.js';
export { EXIT } from './exit-codes.js';

// package.json is two levels up from both src/cli/ and dist/cli/.
export const CLI_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * `--json` as given on the line (before a `--`): known before commander parses, since a
 * usage error can stop the parse before the option is read, and must still print JSON.
 */
export function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

/** Where commander's own error text goes in `--json` mode: kept for the JSON error instead of stderr. */
export interface UsageCapture {
  json: boolean;
  message?: string;
}

export function buildProgram(ctx: CommandContext, usage: UsageCapture = { json: false }): Command {
  const { io } = ctx;
  const program = new Command('besitos')
    .description('The besitos economy from the terminal: migrations, credits and debits, balances, history, settings, simulations.')
    .version(CLI_VERSION)
    // Global options, accepted before or after the command name.
    // No commander default or .env(): simulate must tell "not given" from DATABASE_URL.
    .option('--database <url>', 'sqlite:<file> or postgres://user@host/db[?schema=NAME]')
    .option('--json', 'print one JSON object (refusals too: {"error":{"code","message"}})')
    .addHelpText('after', '\nDatabase: --database, else $DATABASE_URL, else sqlite:./data/besitos.db.\nExit codes: 0 ok, 1 unexpected, 2 usage, 3 refused, 4 verify found violations.')
    .configureHelp({ showGlobalOptions: true })
    // Set before the commands are added: subcommands copy these settings from their parent.
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // In --json mode stderr stays empty: the error becomes one JSON object on stdout
      // (reportFailure), and the help commander adds after an error is left out.
      writeErr: (text) => (usage.json ? undefined : io.stderr.write(text)),
      outputError: (text, write) => {
        if (usage.json) usage.message ??= redactSecrets(text);
        else write(redactSecrets(text));
      },
    });
  for (const register of COMMANDS) register(program, ctx);
  return program;
}

export async function runCli(argv: readonly string[], io: CliIo, adapters: CliAdapters = {}): Promise<number> {
  const ctx = new CommandContext(io, adapters);
  const usage: UsageCapture = { json: jsonRequested(argv) };
  const program = buildProgram(ctx, usage);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (err) {
    return reportFailure(err, io, usage.json || program.opts<{ json?: boolean }>().json === true, usage.message);
  }
}
