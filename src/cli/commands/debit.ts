/** `besitos debit <member> <amount> --reason R [--key K]`: an operator's debit (SPEND_ADMIN). */
import type { Command } from 'commander';
import { memberIdArg, numberArg, requireOption } from '../arguments.js';
import { CLI_OPERATOR, type CommandContext } from '../context.js';
import { describeMovement } from '../format.js';
import { TRUSTED_OPERATOR_HELP } from './trusted-operator.js';

export function registerDebit(program: Command, ctx: CommandContext): void {
  program
    .command('debit')
    .description('Take besitos from a member (SPEND_ADMIN); refused beyond the balance')
    .argument('<member>', 'Telegram id of the member (digits)', memberIdArg)
    .argument('<amount>', 'besitos to take, 1 to 1,000,000,000', numberArg)
    .option('--reason <text>', 'why, kept on the movement (required)')
    .option('--key <key>', 'idempotency key: the same request again moves nothing and answers the first result; another request under it is refused')
    .addHelpText('after', TRUSTED_OPERATOR_HELP)
    .action(async (member: number, amount: number, opts: { reason: string; key?: string }, cmd: Command) => {
      requireOption(cmd, opts.reason, '--reason <text>');
      return ctx.withEconomy(cmd, async (economy, out) => {
        const result = await economy.ledger.operatorDebit({
          by: CLI_OPERATOR,
          memberId: member,
          amount,
          reason: opts.reason,
          idempotencyKey: opts.key,
        });
        out.result(result, () => describeMovement(result, 'Debited'));
      });
    });
}
