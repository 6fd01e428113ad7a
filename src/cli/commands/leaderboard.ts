/**
 * `besitos leaderboard [--board all|week|month] [--member ID]`: a page of a board (SPEC §9)
 * and, with `--member`, where that member stands (opted in or not). The command refreshes
 * the rollups and the snapshot first (`economy.stats.refresh`), unless a running server
 * holds the refresh's lease: then it shows that server's latest snapshot. Either way it
 * says the time the board shows.
 */
import { Option, type Command } from 'commander';
import {
  BOARDS,
  DEFAULT_LEADERBOARD_PAGE,
  MAX_LEADERBOARD_PAGE,
  MIN_LEADERBOARD_PAGE,
  type Board,
  type LeaderboardPage,
  type MemberPosition,
} from '../../core/index.js';
import { memberIdArg, numberArg } from '../arguments.js';
import type { CommandContext } from '../context.js';
import { besitos, iso, table } from '../format.js';

interface LeaderboardOptions {
  board: Board;
  member?: number;
  limit?: number;
  cursor?: string;
}

const BOARD_TITLES: Record<Board, string> = { all: 'all time', week: 'this week', month: 'this month' };

export function registerLeaderboard(program: Command, ctx: CommandContext): void {
  program
    .command('leaderboard')
    .description('Show a leaderboard (members who opted in) and, with --member, where a member stands')
    .addOption(new Option('--board <board>', 'which board').choices(BOARDS).default('all'))
    .option('--member <id>', 'also show where this member stands (opted in or not)', memberIdArg)
    .option('--limit <n>', `entries per page, ${MIN_LEADERBOARD_PAGE} to ${MAX_LEADERBOARD_PAGE} (default ${DEFAULT_LEADERBOARD_PAGE})`, numberArg)
    .option('--cursor <cursor>', 'another page, as printed under the previous one')
    .action(async (opts: LeaderboardOptions, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        await economy.stats.refresh();
        const page = await economy.leaderboards.page(opts.board, {
          ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
          ...(opts.cursor !== undefined ? { cursor: opts.cursor } : {}),
        });
        const position = opts.member === undefined ? null : await economy.leaderboards.position(opts.board, opts.member);
        out.result({ page, position }, () => describeLeaderboard(page, position));
      }),
    );
}

function describeLeaderboard(page: LeaderboardPage, position: MemberPosition | null): string {
  const period = page.period ? ` (${page.period.from} to ${page.period.to})` : '';
  const asOf = page.asOf ? `as of ${iso(page.asOf)}` : 'never refreshed';
  const lines = [`Leaderboard ${BOARD_TITLES[page.board]}${period}, ${asOf}: ${besitos(page.members)} members`];
  if (page.entries.length === 0) lines.push('  nobody on this board');
  else {
    lines.push(
      table(
        ['#', 'MEMBER', 'NAME', 'BESITOS', 'LEVEL'],
        page.entries.map((e) => [besitos(e.position), String(e.memberId), e.name ?? '', besitos(e.score), String(e.level)]),
        [0, 1, 3, 4],
      ),
    );
  }
  if (page.prevCursor) lines.push(`Previous page: --cursor ${page.prevCursor}`);
  if (page.nextCursor) lines.push(`Next page: --cursor ${page.nextCursor}`);
  if (position) lines.push('', describePosition(position));
  return lines.join('\n');
}

function describePosition(p: MemberPosition): string {
  const who = `Member ${p.memberId} (${p.optedIn ? 'opted in' : 'not opted in'})`;
  if (p.position === null) return `${who}: no besitos on this board yet`;
  const where = `${p.listed ? 'is' : 'would be'} #${besitos(p.position)} of ${besitos(p.outOf)} with ${besitos(p.score)} besitos`;
  const ahead = p.ahead ? `, ${besitos(p.ahead.gap)} behind #${besitos(p.ahead.position)}` : '';
  const top = p.topPercent !== null ? ` (top ${p.topPercent} %)` : '';
  return `${who} ${where}${ahead}${top}`;
}
