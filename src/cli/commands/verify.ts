/** `besitos verify`: checks every ledger invariant; exit 4 lists what is broken. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { besitos } from '../format.js';

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description('Check the ledger invariants (exit 0 when they hold, 4 with the list of violations)')
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const report = await economy.verify();
        out.result(report, () => {
          const counted = `${besitos(report.members)} members, ${besitos(report.transactions)} transactions`;
          if (report.ok) return `Ledger OK: ${counted}.`;
          return [
            `Ledger BROKEN: ${report.violations.length} violation(s) in ${counted}.`,
            ...report.violations.map(
              (v) =>
                `  ${v.rule}: member ${v.memberId}${v.transactionId !== undefined ? `, transaction #${v.transactionId}` : ''}: expected ${v.expected}, found ${v.actual}`,
            ),
          ].join('\n');
        });
        return report.ok ? EXIT.OK : EXIT.VIOLATIONS;
      }),
    );
}
