/**
 * /top (SPEC §9, issue 12): a page of a board — all time, this week, this month — with the
 * member's own line under every page (opted in or not: where they are or would be, the gap
 * to the next place, the top percentage on a board of 100+) and the time the snapshot shows.
 * Buttons switch boards and page with the engine's cursors; a press edits the message.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { BOARDS, type Board, type LeaderboardEntry, type MemberPosition } from '../../../core/index.js';
import type { BotContext } from '../../context.js';
import { memberData } from './callback-data.js';
import { formatDateTime, localeOf, memberIdOf, show } from './view.js';

export const TOP_PAGE = 10;

function entryLine(ctx: BotContext, e: LeaderboardEntry): string {
  return ctx.t('member-top-line', { position: e.position, name: e.name ?? ctx.t('member-top-unnamed'), score: e.score, level: e.level });
}

/** The member's own line: where they are (or would be), the gap, the top %, and why they are not shown. */
function meLines(ctx: BotContext, me: MemberPosition): string[] {
  const lines: string[] = [];
  if (me.position === null) {
    lines.push(ctx.t('member-top-me-none'));
  } else {
    const place = { position: me.position, outOf: me.outOf, score: me.score };
    let line = ctx.t(me.listed ? 'member-top-me-listed' : 'member-top-me-would', place);
    if (me.ahead) line += ` ${ctx.t('member-top-me-behind', { gap: me.ahead.gap, ahead: me.ahead.position })}`;
    else line += ` ${ctx.t('member-top-me-first')}`;
    if (me.topPercent !== null) line += ` ${ctx.t('member-top-me-percent', { percent: me.topPercent })}`;
    lines.push(line);
  }
  if (!me.optedIn) lines.push(ctx.t('member-top-hidden'));
  else if (!me.listed && me.position !== null) lines.push(ctx.t('member-top-pending'));
  return lines;
}

export async function showTop(ctx: BotContext, board: Board, cursor?: string): Promise<void> {
  const { economy } = ctx.besitos;
  const [view, settings, locale] = await Promise.all([
    economy.leaderboards.top(board, memberIdOf(ctx), { limit: TOP_PAGE, ...(cursor ? { cursor } : {}) }),
    economy.settings.all(),
    localeOf(ctx),
  ]);
  const { page, me } = view;
  const lines = [ctx.t('member-top-title', { board })];
  if (page.period) lines.push(ctx.t('member-top-period', { from: page.period.from, to: page.period.to }));
  lines.push('');
  if (page.entries.length === 0) lines.push(ctx.t('member-top-empty'));
  for (const e of page.entries) lines.push(entryLine(ctx, e));
  lines.push('', ...meLines(ctx, me), '');
  lines.push(page.asOf ? ctx.t('member-top-as-of', { at: formatDateTime(page.asOf, settings['economy.timezone'], locale) }) : ctx.t('member-top-as-of-none'));

  const keyboard = new InlineKeyboard();
  for (const b of BOARDS) {
    const label = ctx.t('member-btn-board', { board: b });
    keyboard.text(b === board ? `✓ ${label}` : label, memberData.top.pack({ board: b }));
  }
  keyboard.row();
  if (page.prevCursor) keyboard.text(ctx.t('member-btn-prev'), memberData.top.pack({ board, cursor: page.prevCursor }));
  if (page.nextCursor) keyboard.text(ctx.t('member-btn-next'), memberData.top.pack({ board, cursor: page.nextCursor }));
  keyboard.row().text(ctx.t('member-btn-menu'), memberData.home.pack());
  await show(ctx, lines.join('\n'), keyboard);
}

/** The board and page buttons (answered once, empty, by `answerEveryPress`). */
export function topButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(memberData.top.filter, (ctx) => showTop(ctx, ctx.match.board, ctx.match.cursor));
  return composer;
}
