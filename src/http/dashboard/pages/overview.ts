/**
 * The overview (SPEC §8 "as charts"): the economy's figures and five charts — circulation
 * over time, faucets against sinks per day stacked by type, active members, level
 * distribution, top holders beside the Gini coefficient. Each chart is a Chart.js
 * configuration in JSON that dashboard.js draws; its figures are also in the page as text.
 */
import type { Hono } from 'hono';
import { EARN_TYPES, MAX_METRICS_DAYS, SPEND_TYPES, type Economy } from '../../../core/index.js';
import { readOverview, type Overview } from '../economy-reads.js';
import type { DashEnv } from '../env.js';
import { BASE, chart, html, page, stat, table, type Html } from '../html.js';
import type { Translator } from '../i18n.js';
import { memberName } from './members.js';

const DAY_CHOICES = [7, 14, 30, 90] as const;

/** Colours by movement kind: earnings in greens and blues, spends in reds, refunds grey. */
export const TYPE_COLOURS: Record<string, string> = {
  EARN_REACTION: '#e0457b',
  EARN_DAILY: '#2a9d8f',
  EARN_STREAK: '#57cc99',
  EARN_REWARD: '#4361ee',
  EARN_ADMIN: '#9b5de5',
  SPEND_SHOP: '#f4a261',
  SPEND_ADMIN: '#e76f51',
  REFUND_SHOP: '#8d99ae',
};

function charts(tr: Translator, o: Overview): Html {
  const labels = o.days.map((d) => tr.day(d));
  const typeName = (type: string) => tr.t('movement-type', { type });
  const flows = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        ...EARN_TYPES.map((type) => ({ label: typeName(type), data: o.faucets[type], backgroundColor: TYPE_COLOURS[type], stack: 'flow' })),
        { label: typeName('REFUND_SHOP'), data: o.refunds, backgroundColor: TYPE_COLOURS.REFUND_SHOP, stack: 'flow' },
        // Sinks below the axis: the height of a day's bar under zero is what left the economy.
        ...SPEND_TYPES.map((type) => ({ label: typeName(type), data: o.sinks[type].map((v) => -v), backgroundColor: TYPE_COLOURS[type], stack: 'flow' })),
      ],
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: tr.t('dash-besitos') } } } },
  };
  const circulation = {
    type: 'line',
    data: { labels, datasets: [{ label: tr.t('dash-circulation'), data: o.circulationByDay, borderColor: '#e0457b', backgroundColor: 'rgba(224,69,123,0.15)', fill: true, tension: 0.25 }] },
    options: { plugins: { legend: { display: false } } },
  };
  const active = {
    type: 'bar',
    data: {
      labels: [tr.t('dash-members-all'), tr.t('dash-members-profiles'), tr.t('dash-active-30'), tr.t('dash-active-7')],
      datasets: [{ label: tr.t('dash-members-count'), data: [o.members, o.profiles, o.active30d, o.active7d], backgroundColor: ['#8d99ae', '#4361ee', '#2a9d8f', '#57cc99'] }],
    },
    options: { plugins: { legend: { display: false } } },
  };
  const levels = {
    type: 'bar',
    data: {
      labels: o.levels.map((l) => tr.t('dash-level-n', { level: l.level })),
      datasets: [{ label: tr.t('dash-members-count'), data: o.levels.map((l) => l.members), backgroundColor: '#9b5de5' }],
    },
    options: { plugins: { legend: { display: false } } },
  };
  const holders = {
    type: 'bar',
    data: {
      labels: o.topHolders.map((h) => memberName(h)),
      datasets: [{ label: tr.t('dash-balance'), data: o.topHolders.map((h) => h.balance), backgroundColor: '#f4a261' }],
    },
    options: { indexAxis: 'y', plugins: { legend: { display: false } } },
  };
  return html`<div class="charts">
${chart('chart-circulation', tr.t('dash-chart-circulation'), circulation)}
${chart('chart-flows', tr.t('dash-chart-flows'), flows, 'half', { tall: true })}
${chart('chart-active', tr.t('dash-chart-active'), active)}
${chart('chart-levels', tr.t('dash-chart-levels'), levels)}
${chart('chart-holders', tr.t('dash-chart-holders', { gini: tr.n(o.gini, 3) }), holders, 'wide')}
</div>`;
}

export function overviewPage(app: Hono<DashEnv>, economy: Economy): void {
  app.get(`${BASE}/`, async (c) => {
    const tr = c.get('tr');
    const asked = Number(c.req.query('days'));
    const days = Number.isSafeInteger(asked) && asked >= 1 && asked <= MAX_METRICS_DAYS ? asked : 14;
    const o = await readOverview(economy, days);
    const stats = html`<div class="stats">
${stat(tr.t('dash-circulation'), tr.n(o.circulation))}
${stat(tr.t('dash-earned'), tr.n(o.totalEarned))}
${stat(tr.t('dash-spent'), tr.n(o.totalSpent))}
${stat(tr.t('dash-members-profiles'), tr.n(o.profiles), tr.t('dash-of-members', { members: tr.n(o.members) }))}
${stat(tr.t('dash-active-7'), tr.n(o.active7d), tr.t('dash-active-30-hint', { n: tr.n(o.active30d) }))}
${stat(tr.t('dash-mean-median'), `${tr.n(o.meanBalance, 2)} / ${tr.n(o.medianBalance, 2)}`)}
${stat(tr.t('dash-gini'), tr.n(o.gini, 3), tr.t('dash-gini-hint'))}
${stat(tr.t('dash-transactions'), tr.n(o.transactions))}
</div>`;
    const range = html`<form method="get" class="inline range">
<label for="days">${tr.t('dash-days')}</label>
<select id="days" name="days" data-autosubmit>${DAY_CHOICES.map((d) => html`<option value="${d}"${d === days ? html` selected` : ''}>${tr.t('dash-last-days', { days: d })}</option>`)}</select>
<button type="submit" class="secondary">${tr.t('dash-show')}</button>
<span class="hint">${o.asOf ? tr.t('dash-as-of', { time: tr.time(o.asOf, o.timezone), zone: o.timezone }) : tr.t('dash-not-yet')}</span>
</form>`;
    const holders = table(
      [tr.t('dash-rank'), tr.t('dash-member'), tr.t('dash-level'), tr.t('dash-balance')],
      o.topHolders.map((h, i) => [i + 1, html`<a href="${BASE}/members/${h.memberId}">${memberName(h)}</a>`, h.level, tr.n(h.balance)]),
      tr.t('dash-empty'),
      { numeric: [0, 2, 3] },
    );
    return page(c, {
      title: tr.t('dash-nav-overview'),
      active: 'overview',
      charts: true,
      body: html`${range}${stats}${charts(tr, o)}<section><h2>${tr.t('dash-top-holders')}</h2>${holders}</section>`,
    });
  });
}
