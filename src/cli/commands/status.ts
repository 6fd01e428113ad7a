/**
 * `besitos status`: opens (and migrates) the database and shows where the economy stands,
 * without Telegram. (Before the bot existed this was `besitos start`.)
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { besitos } from '../format.js';

export function registerStatus(program: Command, ctx: CommandContext): void {
  program
    .command('status')
    .description('Open (and migrate) the database and show the state of the economy')
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const [summary, settings, formula, channels] = await Promise.all([
          economy.summary(),
          economy.settings.all(),
          economy.levels.current(),
          economy.reactions.channels(),
        ]);
        const result = {
          database: economy.database.displayUrl,
          ...summary,
          levelFormula: formula.describe(),
          timezone: settings['economy.timezone'],
          channels: channels.map((c) => ({ id: c.id, kind: c.kind, title: c.title })),
        };
        out.result(result, () =>
          [
            `besitos is ready on ${result.database}`,
            `  members ${besitos(summary.members)}, in circulation ${besitos(summary.circulation)} besitos`,
            `  earned ${besitos(summary.totalEarned)}, spent ${besitos(summary.totalSpent)}, movements ${besitos(summary.transactions)}`,
            `  level formula ${result.levelFormula}, economy time zone ${result.timezone}`,
            channels.length === 0
              ? '  no channels configured yet (FREE_CHANNEL_ID, VIP_CHANNEL_ID, GROUP_IDS at `besitos start`)'
              : `  channels ${channels.map((c) => `${c.id} ${c.kind}`).join(', ')}`,
            '',
            'Run the Telegram bot with BOT_TOKEN set: npm start (see `besitos start --help`).',
          ].join('\n'),
        );
      }),
    );
}
