/**
 * Leaderboards (SPEC §9): drawn once the engine has them (issue 12, `economy.leaderboards`).
 * Until then the page says so.
 */
import type { Hono } from 'hono';
import type { Economy } from '../../../core/index.js';
import type { DashEnv } from '../env.js';
import { BASE, html, page } from '../html.js';

export function leaderboardPages(app: Hono<DashEnv>, _economy: Economy): void {
  app.get(`${BASE}/leaderboards`, (c) => {
    const tr = c.get('tr');
    return page(c, { title: tr.t('dash-nav-leaderboards'), active: 'leaderboards', body: html`<p class="empty">${tr.t('dash-leaderboards-later')}</p>` });
  });
}
