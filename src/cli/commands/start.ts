/**
 * `besitos start` (`npm start`): opens and migrates the database and shows where the
 * economy stands. The Telegram bot (issue 5) will run from here when BOT_TOKEN is set;
 * until then this says so plainly instead of pretending to serve.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { besitos } from '../format.js';

export function registerStart(program: Command, ctx: CommandContext): void {
  program
    .command('start')
    .description('Open (and migrate) the database and show the state of the economy')
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const [summary, settings, formula] = await Promise.all([
          economy.summary(),
          economy.settings.all(),
          economy.levels.current(),
        ]);
        const result = {
          database: economy.storage.displayUrl,
          ...summary,
          levelFormula: formula.describe(),
          timezone: settings['economy.timezone'],
          bot: 'not available in this release: drive the economy with the besitos CLI',
        };
        out.result(result, () =>
          [
            `besitos is ready on ${result.database}`,
            `  members ${besitos(summary.members)}, in circulation ${besitos(summary.circulation)} besitos`,
            `  earned ${besitos(summary.totalEarned)}, spent ${besitos(summary.totalSpent)}, movements ${besitos(summary.transactions)}`,
            `  level formula ${result.levelFormula}, economy time zone ${result.timezone}`,
            '',
            'The Telegram bot is not part of this release yet. Try:',
            '  npx besitos credit <telegram id> 50 --reason "welcome"',
            '  npx besitos balance <telegram id>',
            '  npx besitos --help',
          ].join('\n'),
        );
      }),
    );
}
