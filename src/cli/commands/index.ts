/** Every `besitos` command, one file each, in the order `besitos --help` lists them. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { registerBackup } from './backup.js';
import { registerBalance } from './balance.js';
import { registerBench } from './bench.js';
import { registerCredit } from './credit.js';
import { registerDebit } from './debit.js';
import { registerDemo } from './demo.js';
import { registerHistory } from './history.js';
import { registerJobs } from './jobs.js';
import { registerLeaderboard } from './leaderboard.js';
import { registerLevelFormula } from './level-formula.js';
import { registerMetrics } from './metrics.js';
import { registerMigrate } from './migrate.js';
import { registerRestore } from './restore.js';
import { registerSettings } from './settings.js';
import { registerSimulate } from './simulate.js';
import { registerStart } from './start.js';
import { registerStatus } from './status.js';
import { registerTokens } from './tokens.js';
import { registerVerify } from './verify.js';

export type RegisterCommand = (program: Command, ctx: CommandContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerStart,
  registerStatus,
  registerMigrate,
  registerCredit,
  registerDebit,
  registerBalance,
  registerHistory,
  registerVerify,
  registerMetrics,
  registerLeaderboard,
  registerJobs,
  registerSettings,
  registerLevelFormula,
  registerTokens,
  registerSimulate,
  registerDemo,
  registerBench, // reserved: wired by the benchmarks' issue
  registerBackup,
  registerRestore,
];
