/**
 * What every command gets: the I/O, the global options (`--database`, `--json`) and a way
 * to run against an open economy that is always closed afterwards (an open pool would keep
 * the process alive after the command finished).
 */
import type { Command } from 'commander';
import { type Clock, type DatabaseAdmin, type Economy, EconomyError, openDatabaseAdmin, openEconomy } from '../core/index.js';
import { Output, type CliIo } from './cli-io.js';
import type { CliAdapters } from './simulator.js';
import { chooseDatabaseUrl, databaseTarget, type DatabaseTarget } from './database-target.js';

/** Written into metadata (`by`) and the settings audit for changes made with the CLI. */
export const CLI_OPERATOR = 'cli';

export interface GlobalOptions {
  database?: string;
  json?: boolean;
}

export interface EconomyRunOptions {
  target?: DatabaseTarget;
  clock?: Clock;
  adminIds?: readonly number[];
}

export class CommandContext {
  readonly io: CliIo;
  readonly adapters: CliAdapters;
  /** What runCli returns when the command ends without throwing. */
  exitCode = 0;

  constructor(io: CliIo, adapters: CliAdapters = {}) {
    this.io = io;
    this.adapters = adapters;
  }

  globals(cmd: Command): GlobalOptions {
    return cmd.optsWithGlobals<GlobalOptions>();
  }

  output(cmd: Command): Output {
    return new Output(this.io, this.globals(cmd).json === true);
  }

  target(cmd: Command): DatabaseTarget {
    return databaseTarget(chooseDatabaseUrl(this.globals(cmd).database, this.io.env));
  }

  /** Opens (and migrates) the economy, runs `work`, closes it. `work` may return an exit code. */
  async withEconomy(
    cmd: Command,
    work: (economy: Economy, out: Output) => Promise<number | void>,
    options: EconomyRunOptions = {},
  ): Promise<void> {
    const out = this.output(cmd);
    const target = options.target ?? this.target(cmd);
    const economy = await opening(target, () =>
      openEconomy(target.url, {
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.adminIds ? { adminIds: options.adminIds } : {}),
      }),
    );
    try {
      const code = await work(economy, out);
      if (code !== undefined) this.exitCode = code;
    } finally {
      await economy.close();
    }
  }

  /** The database's schema, not migrated: for `migrate`, which must see the database as it is. */
  async withDatabaseAdmin(cmd: Command, work: (admin: DatabaseAdmin, out: Output, target: DatabaseTarget) => Promise<void>): Promise<void> {
    const out = this.output(cmd);
    const target = this.target(cmd);
    const admin = await opening(target, () => openDatabaseAdmin(target.url));
    try {
      await work(admin, out, target);
    } finally {
      await admin.close();
    }
  }
}

/** Says which database could not be opened (never with its password); a refusal (READ_ONLY, DATABASE_TOO_NEW) keeps its code. */
async function opening<T>(target: DatabaseTarget, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (err) {
    if (err instanceof EconomyError) throw err;
    throw new Error(`cannot open the database ${target.display}: ${(err as Error).message}`, { cause: err });
  }
}
