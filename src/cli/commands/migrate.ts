/** `besitos migrate latest | down | status`: the only command that does not migrate by itself. */
import type { Command } from 'commander';
import type { MigrationStatus } from '../../core/index.js';
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
    .description('List the migrations and when each was applied (exit 3 when the database is newer than this program)')
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withDatabaseAdmin(cmd, async (admin, out, target) => {
        const migrations = await admin.migrations();
        const unknown = await admin.unknownMigrations();
        if (unknown.length > 0) {
          // The list still helps; the verdict is the refusal (one JSON error object with --json).
          if (!out.json) out.result(null, () => statusTable(migrations, unknown));
          await admin.requireKnownSchema();
        }
        const pending = migrations.filter((m) => m.executedAt === null).length;
        out.result({ database: target.display, migrations, pending }, () =>
          [statusTable(migrations, []), pending === 0 ? 'Up to date.' : `${pending} pending: run besitos migrate latest.`].join('\n'),
        );
      }),
    );
}

function statusTable(migrations: readonly MigrationStatus[], unknown: readonly string[]): string {
  return table(
    ['MIGRATION', 'APPLIED AT'],
    [...migrations.map((m) => [m.name, m.executedAt ?? 'pending']), ...unknown.map((name) => [name, 'applied, unknown to this version'])],
  );
}
