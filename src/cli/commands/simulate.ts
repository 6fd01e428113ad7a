/**
 * `besitos simulate`: JSON lines of operations on stdin, one JSON outcome line each on
 * stdout (SPEC §10). It never falls back to DATABASE_URL: a rehearsal must not write to the
 * live economy by accident, so without --database it runs on a temporary SQLite file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { InvalidArgumentError, type Command } from 'commander';
import { ManualClock } from '../../core/index.js';
import { adminIdArg } from '../arguments.js';
import type { CommandContext } from '../context.js';
import { databaseTarget } from '../database-target.js';
import { UsageError } from '../exit-codes.js';

/** `BESITOS_ADMINS=1,2` when no --admin is given. */
export function adminsFromEnv(value: string | undefined): number[] {
  let ids: number[] = [];
  for (const part of (value ?? '').split(',')) {
    if (part.trim() === '') continue;
    try {
      ids = adminIdArg(part, ids);
    } catch (err) {
      if (err instanceof InvalidArgumentError) throw new UsageError(`BESITOS_ADMINS: ${JSON.stringify(part.trim())} is not a Telegram id`);
      throw err;
    }
  }
  return ids;
}

export function registerSimulate(program: Command, ctx: CommandContext): void {
  const { simulator } = ctx.adapters;
  if (!simulator) return;
  program
    .command('simulate')
    .description('Run JSON-lines operations from stdin and print one JSON outcome per line')
    .option('--admin <id>', 'a Telegram id to treat as admin (repeatable; default $BESITOS_ADMINS, e.g. 1,2)', adminIdArg)
    .addHelpText(
      'after',
      `
Each line: {"at":"2025-03-01T12:00:00Z","op":"credit","member":42,"amount":100}
  at   the time of the operation; time only moves forward (a line without it keeps the time)
  op   ${simulator.operationNames().join(', ')}
Each outcome: {"ok":true,"result":{…}} or {"ok":false,"error":{"code":"…","message":"…"}}

Database: a temporary SQLite file, deleted at the end. --database URL runs on that one
instead and WRITES to it: point it at a copy. DATABASE_URL is ignored here on purpose.`,
    )
    .action(async (opts: { admin?: number[] }, cmd: Command) => {
      const adminIds = opts.admin ?? adminsFromEnv(ctx.io.env.BESITOS_ADMINS);
      let url = ctx.globals(cmd).database;
      let tempDir: string | undefined;
      if (url === undefined) {
        tempDir = mkdtempSync(join(tmpdir(), 'besitos-simulate-'));
        url = `sqlite:${join(tempDir, 'simulate.db')}`;
      }
      try {
        const target = databaseTarget(url);
        // Starts at the epoch: the first line's `at` sets the time, whatever it is.
        const clock = new ManualClock(0);
        await ctx.withEconomy(
          cmd,
          async (economy) => {
            const lines = createInterface({ input: ctx.io.stdin, crlfDelay: Infinity });
            await simulator.run(lines, economy, clock, (line) => ctx.io.stdout.write(`${line}\n`));
          },
          { target, clock, adminIds },
        );
      } finally {
        if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true });
      }
    });
}
