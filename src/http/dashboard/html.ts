/**
 * Small HTML pieces every page uses, over hono's html`` (which escapes every interpolated
 * string): the page shell with its navigation, tables that fold into cards on a phone,
 * forms with the session's CSRF token, notices, and chart data handed to dashboard.js as
 * JSON (no inline script runs: the CSP forbids it).
 */
import type { Context } from 'hono';
import { html, raw } from 'hono/html';
import type { DashEnv } from './env.js';
import { DASHBOARD_LANGUAGES } from './i18n.js';

export type Html = ReturnType<typeof html>;
export { html, raw };

export const BASE = '/dashboard';
export const ASSETS = `${BASE}/assets`;

export const PAGES = ['overview', 'members', 'settings', 'shop', 'rewards', 'leaderboards', 'audit'] as const;
export type PageName = (typeof PAGES)[number];
const PATHS: Record<PageName, string> = {
  overview: `${BASE}/`,
  members: `${BASE}/members`,
  settings: `${BASE}/settings`,
  shop: `${BASE}/shop`,
  rewards: `${BASE}/rewards`,
  leaderboards: `${BASE}/leaderboards`,
  audit: `${BASE}/audit`,
};
export const pathOf = (page: PageName) => PATHS[page];

export interface PageOptions {
  title: string;
  active?: PageName;
  body: Html | Html[];
  /** Pages with charts load Chart.js (served from node_modules). */
  charts?: boolean;
  status?: 200 | 400 | 401 | 403 | 404 | 409 | 422 | 429;
}

/** The URL of this page in another language (?lang= sets the cookie, see index.ts). */
function languageLink(c: Context, lang: string): string {
  const url = new URL(c.req.url);
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

export function shell(c: Context<DashEnv>, options: Omit<PageOptions, 'status'>, signedIn: boolean): Html {
  const tr = c.get('tr');
  const session = signedIn ? c.get('session') : null;
  const nav = signedIn
    ? html`<nav class="nav" aria-label="${tr.t('dash-nav-label')}">
${PAGES.map((p) => html`<a href="${PATHS[p]}"${p === options.active ? raw(' aria-current="page"') : ''}>${tr.t(`dash-nav-${p}`)}</a>`)}
</nav>`
    : '';
  const languages = html`<span class="langs">${DASHBOARD_LANGUAGES.map((l) =>
    l === tr.lang ? html`<strong lang="${l}">${l.toUpperCase()}</strong>` : html`<a href="${languageLink(c, l)}" lang="${l}" hreflang="${l}" data-lang="${l}">${l.toUpperCase()}</a>`,
  )}</span>`;
  const logout = session
    ? html`<form method="post" action="/logout" class="logout">${csrfField(c)}<button type="submit" class="link">${tr.t('dash-logout')}</button></form>`
    : '';
  return html`<!doctype html>
<html lang="${tr.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · besitos</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ASSETS}/dashboard.css">
${options.charts ? html`<script src="${ASSETS}/chart.umd.min.js" defer></script>` : ''}
<script src="${ASSETS}/dashboard.js" defer></script>
</head>
<body>
<header class="top">
<a class="brand" href="${PATHS.overview}">💋 besitos</a>
${nav}
<div class="tools">${languages}${session ? html`<span class="who">${tr.t('dash-admin', { id: String(session.adminId) })}</span>` : ''}${logout}</div>
</header>
<main>
<h1>${options.title}</h1>
${notice(c)}
${options.body}
</main>
</body>
</html>`;
}

/** A page as a response (no caching: pages hold members' data). */
export async function page(c: Context<DashEnv>, options: PageOptions): Promise<Response> {
  return c.html(await shell(c, options, true), options.status ?? 200);
}

/** The `?ok=<what>` notice after a write (post, redirect, get). */
function notice(c: Context<DashEnv>): Html | '' {
  const ok = c.req.query('ok');
  if (ok === undefined || !/^[a-z-]{1,40}$/.test(ok)) return '';
  const text = c.get('tr').t(`dash-ok-${ok}`);
  return text === `dash-ok-${ok}` ? '' : html`<p class="notice ok" role="status">${text}</p>`;
}

export function errorNotice(text: string | null | undefined): Html | '' {
  return text ? html`<p class="notice error" role="alert">${text}</p>` : '';
}

export function csrfField(c: Context<DashEnv>): Html {
  return html`<input type="hidden" name="_csrf" value="${c.get('session').csrf}">`;
}

/** A table whose cells carry their column's name, so a phone shows each row as a card (a cell's content is one box beside its label). */
export function table(headers: string[], rows: Array<Array<Html | string | number>>, empty: string, options: { numeric?: number[] } = {}): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  const numeric = new Set(options.numeric ?? []);
  return html`<table class="rows">
<thead><tr>${headers.map((h, i) => html`<th${numeric.has(i) ? raw(' class="num"') : ''}>${h}</th>`)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${row.map((cell, i) => html`<td data-label="${headers[i] ?? ''}"${numeric.has(i) ? raw(' class="num"') : ''}><div class="cell">${cell}</div></td>`)}</tr>`)}</tbody>
</table>`;
}

/** Data for dashboard.js, as JSON that no HTML parser can end early. */
export function jsonData(id: string, value: unknown): Html {
  const text = JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  return html`<script type="application/json" id="${id}">${raw(text)}</script>`;
}

/** A chart: a canvas dashboard.js draws from its JSON (a Chart.js configuration). `tall`: a long legend, more room on a phone. */
export function chart(id: string, label: string, config: unknown, size: 'wide' | 'half' = 'half', options: { tall?: boolean } = {}): Html {
  return html`<figure class="chart ${size}${options.tall ? ' tall' : ''}">
<figcaption>${label}</figcaption>
<div class="canvas-box"><canvas id="${id}" data-chart="${id}-data" role="img" aria-label="${label}"></canvas></div>
${jsonData(`${id}-data`, config)}
</figure>`;
}

export function stat(label: string, value: string, hint?: string): Html {
  return html`<div class="stat"><span class="label">${label}</span><span class="value">${value}</span>${hint ? html`<span class="hint">${hint}</span>` : ''}</div>`;
}
