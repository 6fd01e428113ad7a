/**
 * Members (SPEC §8 "member lookup by id or @username"): the search, and a member's page —
 * profile, streaks, level progress, a chart of the last 30 days, the history with paging and
 * a filter by kind, purchases, rewards — with the admin's credit and debit (a reason is
 * required) and a VIP grant. Writes are the engine's `adminCredit`/`adminDebit` and
 * `grantVip` as the session's admin (`via: "dashboard"` in the movement's metadata). Each
 * form carries an idempotency key made when the page was drawn, so a double submit or a
 * reload of the POST moves once.
 */
import { randomBytes } from 'node:crypto';
import type { Context, Hono } from 'hono';
import { isTransactionType, TRANSACTION_TYPES, type Economy, type LedgerTransaction, type TransactionType } from '../../../core/index.js';
import { readMemberSeries } from '../economy-reads.js';
import type { DashEnv } from '../env.js';
import { attempt, readForm, refusedStatus, wholeNumber } from '../forms.js';
import { BASE, chart, csrfField, errorNotice, html, page, stat, table, type Html } from '../html.js';
import type { Translator } from '../i18n.js';
import { localizer } from '../names.js';

const SERIES_DAYS = 30;
const HISTORY_PAGE = 20;
const REF = /^(?:[1-9]\d{0,15}|@?[A-Za-z][A-Za-z0-9_]{3,31})$/;

/** How a member is named in lists: @username, else the first name, else the id. */
export function memberName(m: { memberId?: number; id?: number; username: string | null; firstName: string | null }): string {
  if (m.username) return `@${m.username}`;
  if (m.firstName) return m.firstName;
  return String(m.memberId ?? m.id ?? '');
}

function searchForm(tr: Translator, q = ''): Html {
  return html`<form method="get" action="${BASE}/members" class="inline search" role="search">
<label for="q">${tr.t('dash-member-search')}</label>
<input id="q" name="q" value="${q}" placeholder="${tr.t('dash-member-search-placeholder')}" required autocomplete="off">
<button type="submit">${tr.t('dash-find')}</button>
</form>`;
}

/** What a movement was, for an admin: its kind, and the reason an admin typed (engine reasons are machine text). */
function movementDetail(tr: Translator, tx: LedgerTransaction): Html | string {
  const m = tx.metadata;
  if (tx.type === 'EARN_ADMIN' || tx.type === 'SPEND_ADMIN') {
    const by = typeof m.admin_id === 'number' ? tr.t('dash-by-admin', { id: String(m.admin_id) }) : typeof m.by === 'string' ? tr.t('dash-by-operator', { by: m.by }) : '';
    return html`«${tx.reason}» <span class="hint">${by}</span>`;
  }
  if (tx.type === 'EARN_REACTION' && typeof m.emoji === 'string') return m.emoji;
  if (tx.type === 'REFUND_SHOP' && typeof m.refund_of === 'number') return tr.t('dash-refund-of', { id: String(m.refund_of) });
  return '';
}

async function memberPage(c: Context<DashEnv>, economy: Economy, id: number, error?: string, status: 200 | 400 | 403 | 404 | 409 = 200): Promise<Response> {
  const tr = c.get('tr');
  const tz = c.get('tz');
  const typeFilter = c.req.query('type');
  const types: TransactionType[] | undefined = typeFilter && isTransactionType(typeFilter) ? [typeFilter] : undefined;
  const cursor = c.req.query('cursor');
  const after = c.req.query('after');
  const [member, profile, daily, reactions, series, purchases, rewards, place] = await Promise.all([
    economy.membership.get(id),
    economy.ledger.profile(id),
    economy.daily.status(id),
    economy.reactions.streak(id),
    readMemberSeries(economy, id, SERIES_DAYS),
    economy.shop.purchases(id),
    economy.rewards.rewards(id),
    economy.leaderboards.position('all', id),
  ]);
  if (!member && !profile.exists) {
    return page(c, { title: tr.t('dash-nav-members'), active: 'members', status: 404, body: html`${searchForm(tr)}${errorNotice(tr.t('dash-member-not-found', { ref: String(id) }))}` });
  }
  const history = await economy.history(id, {
    limit: HISTORY_PAGE,
    ...(types ? { types } : {}),
    ...(cursor ? { cursor } : after ? { after } : {}),
  }).catch(() => economy.history(id, { limit: HISTORY_PAGE, ...(types ? { types } : {}) }));

  const name = member ? [member.firstName, member.lastName].filter(Boolean).join(' ') : '';
  const role = member?.role ?? ((await economy.admins.isAdmin(id)) ? 'ADMIN' : 'FREE');
  const progress = profile.progress;
  const profileCard = html`<section class="card profile">
<h2>${name || tr.t('dash-member-unnamed')} ${member?.username ? html`<span class="hint">@${member.username}</span>` : ''}</h2>
<p class="hint">${tr.t('dash-member-id', { id: String(id) })} · ${tr.t('dash-role', { role })}${member?.vipExpiresAt && role === 'VIP' ? html` · ${tr.t('dash-vip-until', { time: tr.time(member.vipExpiresAt, tz) })}` : ''}${member && !member.reachable ? html` · ${tr.t('dash-unreachable')}` : ''}</p>
<div class="stats">
${stat(tr.t('dash-balance'), tr.n(profile.balance))}
${stat(tr.t('dash-level'), tr.n(profile.level), progress.missing !== null ? tr.t('dash-level-missing', { missing: tr.n(progress.missing), next: progress.nextLevel ?? 0 }) : '')}
${stat(tr.t('dash-earned'), tr.n(profile.totalEarned))}
${stat(tr.t('dash-spent'), tr.n(profile.totalSpent))}
${stat(tr.t('dash-daily-streak'), tr.n(daily.streak), tr.t('dash-longest', { n: daily.longest }))}
${stat(tr.t('dash-reaction-streak'), tr.n(reactions.current), tr.t('dash-longest', { n: reactions.longest }))}
${stat(tr.t('dash-board-place'), place.position === null ? '—' : `#${place.position}`, tr.t('dash-board-place-hint', { outOf: place.outOf, listed: place.listed ? 'yes' : place.optedIn ? 'soon' : 'no' }))}
</div>
<progress max="1" value="${progress.progress}" aria-label="${tr.t('dash-level')}"></progress>
</section>`;

  const key = randomBytes(12).toString('base64url');
  const movementForm = html`<section class="card">
<h2>${tr.t('dash-credit-debit')}</h2>
${errorNotice(error)}
<form method="post" action="${BASE}/members/${id}/movement" class="grid-form" id="movement-form">
${csrfField(c)}
<input type="hidden" name="key" value="${key}">
<label for="direction">${tr.t('dash-direction')}</label>
<select id="direction" name="direction"><option value="credit">${tr.t('dash-credit')}</option><option value="debit">${tr.t('dash-debit')}</option></select>
<label for="amount">${tr.t('dash-amount')}</label>
<input id="amount" name="amount" inputmode="numeric" required>
<label for="reason">${tr.t('dash-reason')}</label>
<input id="reason" name="reason" maxlength="255" required>
<button type="submit">${tr.t('dash-apply')}</button>
</form>
<form method="post" action="${BASE}/members/${id}/vip" class="grid-form">
${csrfField(c)}
<label for="vip-days">${tr.t('dash-vip-days')}</label>
<input id="vip-days" name="days" inputmode="numeric" required>
<label for="vip-reason">${tr.t('dash-reason')}</label>
<input id="vip-reason" name="reason" maxlength="255">
<button type="submit" class="secondary">${tr.t('dash-grant-vip')}</button>
</form>
</section>`;

  const labels = series.days.map((d) => tr.day(d));
  const seriesChart = chart(
    'chart-member',
    tr.t('dash-chart-member', { days: SERIES_DAYS }),
    {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { type: 'line', label: tr.t('dash-balance'), data: series.balance, borderColor: '#4361ee', backgroundColor: '#4361ee', yAxisID: 'balance', tension: 0.2 },
          { label: tr.t('dash-earned'), data: series.earned, backgroundColor: '#2a9d8f' },
          { label: tr.t('dash-spent'), data: series.spent, backgroundColor: '#e76f51' },
        ],
      },
      // Earned and spent side by side on the left axis; the balance on its own axis at the right.
      options: { scales: { y: { beginAtZero: true }, balance: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false } } } },
    },
    'wide',
  );

  const base = `${BASE}/members/${id}`;
  const filter = types ? `&type=${types[0]}` : '';
  const historyRows = history.items.map((tx) => [
    tr.time(tx.createdAt, tz),
    tr.t('movement-type', { type: tx.type }),
    movementDetail(tr, tx),
    html`<span class="${tx.amount > 0 ? 'pos' : 'neg'}">${tx.amount > 0 ? '+' : ''}${tr.n(tx.amount)}</span>`,
    tr.n(tx.balanceAfter),
  ]);
  const historySection = html`<section id="history">
<h2>${tr.t('dash-history')} <span class="hint">${tr.t('dash-history-total', { total: history.total })}</span></h2>
<form method="get" action="${base}" class="inline">
<label for="type">${tr.t('dash-type')}</label>
<select id="type" name="type" data-autosubmit><option value="">${tr.t('dash-all-types')}</option>${TRANSACTION_TYPES.map((t) => html`<option value="${t}"${types?.[0] === t ? html` selected` : ''}>${tr.t('movement-type', { type: t })}</option>`)}</select>
<button type="submit" class="secondary">${tr.t('dash-show')}</button>
</form>
${table([tr.t('dash-when'), tr.t('dash-type'), tr.t('dash-detail'), tr.t('dash-amount'), tr.t('dash-balance-after')], historyRows, tr.t('dash-no-movements'), { numeric: [3, 4] })}
<nav class="pager">
${history.prevCursor ? html`<a href="${base}?after=${history.prevCursor}${filter}#history">← ${tr.t('dash-newer')}</a>` : ''}
${history.nextCursor ? html`<a href="${base}?cursor=${history.nextCursor}${filter}#history">${tr.t('dash-older')} →</a>` : ''}
</nav>
</section>`;

  const [products, rewardNames] = await Promise.all([
    localizer(economy, 'product', purchases.items.map((p) => p.productId), tr.lang),
    localizer(economy, 'reward', rewards.map((r) => r.id), tr.lang),
  ]);
  const purchaseRows = purchases.items.slice(0, 10).map((p) => [tr.time(p.createdAt, tz), products(p.productId, 'name', p.productName), tr.n(p.price), tr.t('dash-purchase-status', { status: p.status })]);
  const rewardRows = rewards.map((r) => [rewardNames(r.id, 'name', r.name), tr.t('dash-reward-state', { state: r.state }), r.progress.map((p) => p.text).join(' · ')]);
  const lists = html`<div class="columns">
<section><h2>${tr.t('dash-purchases')}</h2>${table([tr.t('dash-when'), tr.t('dash-product'), tr.t('dash-price'), tr.t('dash-status')], purchaseRows, tr.t('dash-empty'), { numeric: [2] })}</section>
<section><h2>${tr.t('dash-nav-rewards')}</h2>${table([tr.t('dash-reward'), tr.t('dash-state'), tr.t('dash-progress')], rewardRows, tr.t('dash-empty'))}</section>
</div>`;

  return page(c, {
    title: tr.t('dash-member-title', { name: member?.username ? `@${member.username}` : name || String(id) }),
    active: 'members',
    charts: true,
    status,
    body: html`${searchForm(tr)}<div class="columns">${profileCard}${movementForm}</div>${seriesChart}${historySection}${lists}`,
  });
}

export function memberPages(app: Hono<DashEnv>, economy: Economy): void {
  app.get(`${BASE}/members`, async (c) => {
    const tr = c.get('tr');
    const q = (c.req.query('q') ?? '').trim();
    if (q !== '') {
      let id: number | null = null;
      if (/^\d+$/.test(q) && REF.test(q)) id = Number(q);
      else if (REF.test(q)) id = (await economy.membership.findByUsername(q))?.id ?? null;
      if (id !== null && ((await economy.membership.get(id)) || (await economy.ledger.profile(id)).exists)) return c.redirect(`${BASE}/members/${id}`, 303);
      return page(c, { title: tr.t('dash-nav-members'), active: 'members', status: 404, body: html`${searchForm(tr, q)}${errorNotice(tr.t('dash-member-not-found', { ref: q }))}` });
    }
    return page(c, { title: tr.t('dash-nav-members'), active: 'members', body: html`${searchForm(tr)}<p class="hint">${tr.t('dash-member-search-hint')}</p>` });
  });

  app.get(`${BASE}/members/:id{[1-9][0-9]{0,15}}`, (c) => memberPage(c, economy, Number(c.req.param('id'))));

  app.post(`${BASE}/members/:id{[1-9][0-9]{0,15}}/movement`, async (c) => {
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    const session = c.get('session');
    const input = {
      adminId: session.adminId,
      memberId: id,
      amount: wholeNumber(form.amount) as number,
      reason: form.reason ?? '',
      metadata: { via: 'dashboard' },
      ...(form.key ? { idempotencyKey: `dash:${form.key}` } : {}),
    };
    const done = await attempt(c.get('tr'), () => (form.direction === 'debit' ? economy.ledger.adminDebit(input) : economy.ledger.adminCredit(input)));
    if (!done.ok) return memberPage(c, economy, id, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/members/${id}?ok=${form.direction === 'debit' ? 'debited' : 'credited'}`, 303);
  });

  app.post(`${BASE}/members/:id{[1-9][0-9]{0,15}}/vip`, async (c) => {
    const id = Number(c.req.param('id'));
    const form = await readForm(c);
    const reason = form.reason?.trim();
    const done = await attempt(c.get('tr'), () =>
      economy.membership.grantVip({ memberId: id, days: wholeNumber(form.days) as number, adminId: c.get('session').adminId, ...(reason ? { reason } : {}) }),
    );
    if (!done.ok) return memberPage(c, economy, id, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/members/${id}?ok=vip-granted`, 303);
  });
}
