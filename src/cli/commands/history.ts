/** `besitos history <member>`: movements newest first, one page at a time. */
import type { Command } from 'commander';
import { MAX_HISTORY_PAGE as MAX_PAGE, TRANSACTION_TYPES, type TransactionType } from '../../core/index.js';
import { isoTimeArg, memberIdArg, numberArg, typeListArg } from '../arguments.js';
import type { CommandContext } from '../context.js';
import { besitos, iso, signed, table } from '../format.js';

interface HistoryOptions {
  type?: TransactionType[];
  limit?: number;
  cursor?: string;
  from?: number;
  to?: number;
}

export function registerHistory(program: Command, ctx: CommandContext): void {
  program
    .command('history')
    .description('List a member\'s movements, newest first')
    .argument('<member>', 'Telegram id of the member (digits)', memberIdArg)
    .option('--type <type>', 'only these types (repeat, or a comma list)', typeListArg(TRANSACTION_TYPES))
    .option('--limit <n>', `rows per page, 1 to ${MAX_PAGE} (default 20)`, numberArg)
    .option('--cursor <cursor>', 'the next page, as printed at the end of the previous one')
    .option('--from <time>', 'only movements at or after this ISO time', isoTimeArg)
    .option('--to <time>', 'only movements before this ISO time', isoTimeArg)
    .action(async (member: number, opts: HistoryOptions, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const page = await economy.history(member, {
          ...(opts.type !== undefined ? { types: opts.type } : {}),
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
          ...(opts.cursor !== undefined ? { cursor: opts.cursor } : {}),
          ...(opts.from !== undefined ? { from: opts.from } : {}),
          ...(opts.to !== undefined ? { to: opts.to } : {}),
        });
        out.result(page, () => {
          if (page.items.length === 0) return opts.cursor === undefined ? 'No movements found.' : 'No more movements.';
          const rows = page.items.map((t) => [
            `#${t.id}`,
            iso(t.createdAt),
            t.type,
            signed(t.amount),
            besitos(t.balanceAfter),
            t.reason,
          ]);
          const lines = [table(['ID', 'TIME', 'TYPE', 'AMOUNT', 'BALANCE', 'REASON'], rows, [0, 3, 4])];
          lines.push(`${page.items.length} shown, ${besitos(page.total)} in all.`);
          if (page.nextCursor) lines.push(`Next page: --cursor ${page.nextCursor}`);
          return lines.join('\n');
        });
      }),
    );
}
