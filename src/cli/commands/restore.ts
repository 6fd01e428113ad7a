/**
 * `besitos restore <file>`: replaces the SQLite database (--database / DATABASE_URL) with a
 * backup, once the backup proved to be a besitos database of known migrations that passes
 * verify (exit 4 listing the violations otherwise, nothing replaced). The previous file is
 * kept beside it as `<name>.before-restore-<time>`. Refused while the bot (or any process)
 * has the database open. PostgreSQL: says how to use pg_restore (exit 2).
 */
import type { Command } from 'commander';
import { restoreDatabase } from '../../core/index.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { besitos, describeVerify } from '../format.js';
import { refusePostgres } from '../postgres-dump.js';

export function registerRestore(program: Command, ctx: CommandContext): void {
  program
    .command('restore')
    .description('Replace the SQLite database with a backup that passes verify; the old file is kept aside (stop the bot first)')
    .argument('<file>', 'a backup made by besitos backup (or any copy of a besitos SQLite database)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const target = ctx.target(cmd);
      refusePostgres(target, 'restore');
      const out = ctx.output(cmd);
      const report = await restoreDatabase(target.url, file);
      out.result(report, () => {
        if (!report.restored) return `Not restored: ${report.from} fails verify; ${target.display} is unchanged.\n${describeVerify(report.verify)}`;
        return [
          `Restored ${report.from} into ${target.display}: ${besitos(report.members)} members, ${besitos(report.transactions)} transactions, ledger verified.`,
          ...(report.migrated.length > 0 ? [`Migrated the backup to this version: ${report.migrated.join(', ')}.`] : []),
          report.previous ? `The previous database is kept as ${report.previous}.` : 'There was no database before.',
        ].join('\n');
      });
      if (!report.restored) ctx.exitCode = EXIT.VIOLATIONS;
    });
}
