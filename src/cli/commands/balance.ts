/** `besitos balance <member>`: the member's numbers and how far the next level is. */
import type { Command } from 'commander';
import { memberIdArg } from '../arguments.js';
import type { CommandContext } from '../context.js';
import { describeProfile } from '../format.js';

export function registerBalance(program: Command, ctx: CommandContext): void {
  program
    .command('balance')
    .description('Show a member: balance, totals, level, next level and what is missing')
    .argument('<member>', 'Telegram id of the member (digits)', memberIdArg)
    .action(async (member: number, _opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const profile = await economy.ledger.profile(member);
        out.result(profile, () => describeProfile(profile));
      }),
    );
}
