/** `besitos credit <member> <amount> --reason R [--type T] [--key K]`: an operator's credit. */
import type { Command } from 'commander';
import { checkReason, EARN_TYPES, type EarnType } from '../../core/index.js';
import { memberIdArg, numberArg, typeArg, requireOption } from '../arguments.js';
import { CLI_OPERATOR, type CommandContext } from '../context.js';
import { describeMovement } from '../format.js';
import { TRUSTED_OPERATOR_HELP } from './trusted-operator.js';

interface CreditOptions {
  reason: string;
  type: EarnType;
  key?: string;
}

export function registerCredit(program: Command, ctx: CommandContext): void {
  program
    .command('credit')
    .description('Give besitos to a member (creates the member when new)')
    .argument('<member>', 'Telegram id of the member (digits)', memberIdArg)
    .argument('<amount>', 'besitos to give, 1 to 1,000,000,000', numberArg)
    .option('--reason <text>', 'why, kept on the movement (required)')
    .option('--type <type>', `earning type: ${EARN_TYPES.join(', ')}`, typeArg(EARN_TYPES), 'EARN_ADMIN')
    .option('--key <key>', 'idempotency key: the same request again moves nothing and answers the first result; another request under it is refused')
    .addHelpText('after', TRUSTED_OPERATOR_HELP)
    .action(async (member: number, amount: number, opts: CreditOptions, cmd: Command) => {
      requireOption(cmd, opts.reason, '--reason <text>');
      return ctx.withEconomy(cmd, async (economy, out) => {
        const result = await economy.ledger.operatorCredit({
          by: CLI_OPERATOR,
          memberId: member,
          amount,
          type: opts.type,
          reason: checkReason(opts.reason, true),
          idempotencyKey: opts.key,
        });
        out.result(result, () => describeMovement(result, 'Credited'));
      });
    });
}
