/** `besitos migrate latest | down | status`: the only command that does not migrate by itself. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { table } from '../format.js';

export function registerMigrate(program: Command, ctx: CommandContext): void {
  const migrate = program
    .command('migrate')
    .description('Apply, revert or list the database migrations (other commands migrate by themselves)');

  migrate
    .command('latest')
    .description('Apply every pending migration')
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withDatabaseAdmin(cmd, async (admin, out, target) => {
        const applied = await admin.migrateToLatest();
        out.result({ database: target.display, applied }, () =>
          applied.length === 0
            ? `${target.display} is up to date.`
            : `Applied ${applied.length} migration(s) to ${target.display}:\n${applied.map((n) => `  ${n}`).join('\n')}`,
        );
      }),
    );

  migrate
    .command('down')
    .description('Revert the last applied migration (its data is lost)')
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withDatabaseAdmin(cmd, async (admin, out, target) => {
        const reverted = await admin.migrateDown();
        out.result({ database: target.display, reverted }, () =>
          reverted.length === 0 ? `Nothing to revert in ${target.display}.` : `Reverted ${reverted.join(', ')} in ${target.display}.`,
        );
      }),
    );

  migrate
    .command('status')
    .description('List the migrations and when each was applied')
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withDatabaseAdmin(cmd, async (admin, out, target) => {
        const migrations = await admin.migrations();
        const pending = migrations.filter((m) => m.executedAt === null).length;
        out.result({ database: target.display, migrations, pending }, () =>
          [
            table(['MIGRATION', 'APPLIED AT'], migrations.map((m) => [m.name, m.executedAt ?? 'pending'])),
            pending === 0 ? 'Up to date.' : `${pending} pending: run besitos migrate latest.`,
          ].join('\n'),
        );
      }),
    );
}
