/** `besitos verify`: checks every ledger invariant; exit 4 lists what is broken. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { describeVerify } from '../format.js';

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description('Check the ledger invariants (exit 0 when they hold, 4 with the list of violations)')
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const report = await economy.verify();
        out.result(report, () => describeVerify(report));
        return report.ok ? EXIT.OK : EXIT.VIOLATIONS;
      }),
    );
}
