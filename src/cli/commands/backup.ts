/**
 * `besitos backup <file>`: a consistent copy of the embedded database, safe while the bot
 * runs (SQLite's online backup in one read transaction: in WAL mode writers go on). An
 * existing file is kept unless --force. PostgreSQL: says how to use pg_dump (exit 2).
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { besitos } from '../format.js';
import { refusePostgres } from '../postgres-dump.js';

export function registerBackup(program: Command, ctx: CommandContext): void {
  program
    .command('backup')
    .description('Copy the SQLite database to <file>, consistent while the bot runs (PostgreSQL: pg_dump, see README)')
    .argument('<file>', 'where to write the copy (its directory is created)')
    .option('--force', 'replace <file> if it exists')
    .action(async (file: string, opts: { force?: boolean }, cmd: Command) => {
      refusePostgres(ctx.target(cmd), 'backup');
      await ctx.withDatabaseAdmin(cmd, async (admin, out, target) => {
        const report = await admin.backup(file, { overwrite: opts.force === true });
        out.result(report, () =>
          `Backed up ${target.display} to ${report.file}: ${besitos(report.members)} members, ${besitos(report.transactions)} transactions, ` +
          `schema ${report.latestMigration ?? 'empty'} (${besitos(report.bytes)} bytes).`,
        );
      });
    });
}
