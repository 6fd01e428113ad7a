/**
 * Leaderboards (SPEC §9): the three boards (all time by total earned, this week and this
 * month by besitos earned in them) as of the last refresh of the rollups, a page at a time,
 * with a chart of the page's scores. Only members who opted in are listed: the choice is
 * theirs (the bot's settings), not an admin's.
 */
import type { Hono } from 'hono';
import { BOARDS, MAX_LEADERBOARD_PAGE, type Board, type Economy } from '../../../core/index.js';
import type { DashEnv } from '../env.js';
import { attempt } from '../forms.js';
import { BASE, chart, errorNotice, html, page, table } from '../html.js';
import { memberName } from './members.js';

export function leaderboardPages(app: Hono<DashEnv>, economy: Economy): void {
  app.get(`${BASE}/leaderboards`, async (c) => {
    const tr = c.get('tr');
    const asked = c.req.query('board');
    const board: Board = (BOARDS as readonly string[]).includes(asked ?? '') ? (asked as Board) : 'all';
    const cursor = c.req.query('cursor') ?? null;
    let read = await attempt(tr, () => economy.leaderboards.page(board, { limit: MAX_LEADERBOARD_PAGE, cursor }));
    // A cursor from another time (or typed by hand) gives the first page, with the refusal said.
    const refused = read.ok ? null : read.error;
    if (!read.ok) read = await attempt(tr, () => economy.leaderboards.page(board, { limit: MAX_LEADERBOARD_PAGE }));
    if (!read.ok) return page(c, { title: tr.t('dash-nav-leaderboards'), active: 'leaderboards', status: 409, body: html`${errorNotice(read.error)}` });
    const board$ = read.value;
    const name = (e: (typeof board$.entries)[number]) => e.name ?? memberName(e);
    const tabs = html`<nav class="tabs">${BOARDS.map((b) => html`<a href="${BASE}/leaderboards?board=${b}"${b === board ? html` aria-current="page"` : ''}>${tr.t('dash-board', { board: b })}</a>`)}</nav>`;
    const about = html`<p class="hint">${board$.period ? tr.t('dash-board-period', { from: tr.day(board$.period.from), to: tr.day(board$.period.to) }) : ''} ${tr.t('dash-board-members', { members: board$.members })} · ${board$.asOf ? tr.t('dash-as-of', { time: tr.time(board$.asOf, c.get('tz')), zone: c.get('tz') }) : tr.t('dash-not-yet')}</p>
<p class="hint">${tr.t('dash-board-opt-in')}</p>`;
    const scores = board$.entries.length
      ? chart(
          'chart-board',
          tr.t('dash-board-chart', { board }),
          {
            type: 'bar',
            data: { labels: board$.entries.map(name), datasets: [{ label: tr.t('dash-earned'), data: board$.entries.map((e) => e.score), backgroundColor: '#e0457b' }] },
            options: { indexAxis: 'y', plugins: { legend: { display: false } } },
          },
          'wide',
        )
      : '';
    const rows = board$.entries.map((e) => [e.position, html`<a href="${BASE}/members/${e.memberId}">${name(e)}</a>`, e.level, tr.n(e.score)]);
    const pager = html`<nav class="pager">${board$.prevCursor ? html`<a href="${BASE}/leaderboards?board=${board}&cursor=${board$.prevCursor}">← ${tr.t('dash-board-up')}</a>` : ''}${board$.nextCursor ? html`<a href="${BASE}/leaderboards?board=${board}&cursor=${board$.nextCursor}">${tr.t('dash-board-down')} →</a>` : ''}</nav>`;
    return page(c, {
      title: tr.t('dash-nav-leaderboards'),
      active: 'leaderboards',
      charts: board$.entries.length > 0,
      body: html`${tabs}${errorNotice(refused)}${about}${scores}${table([tr.t('dash-rank'), tr.t('dash-member'), tr.t('dash-level'), tr.t('dash-earned')], rows, tr.t('dash-board-empty'), { numeric: [0, 2, 3] })}${pager}`,
    });
  });
}
