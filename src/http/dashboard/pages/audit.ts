/**
 * The audit log: setting changes (who, when, old → new), role changes (VIP grants and
 * expiries, admins named) and admins' credits and debits, each newest first with a page
 * of older entries — the engine's audit reads, as the API serves them.
 */
import type { Hono } from 'hono';
import { isSettingKey, type Economy, type LevelFormulaSpec } from '../../../core/index.js';
import type { DashEnv } from '../env.js';
import { BASE, html, page, table, type Html } from '../html.js';
import type { Translator } from '../i18n.js';
import { formulaText } from './settings.js';

const TABS = ['settings', 'roles', 'movements'] as const;
type Tab = (typeof TABS)[number];
const PAGE = 25;

/** Who made a change, as an admin reads it (`admin:42`, `job`, `shop`, `reward:3`, `cli`…). */
export function whoText(tr: Translator, by: string): string {
  const admin = /^admin:(\d+)$/.exec(by);
  if (admin) return tr.t('dash-by-admin', { id: admin[1]! });
  const reward = /^reward:(\d+)$/.exec(by);
  if (reward) return tr.t('dash-by-reward', { id: reward[1]! });
  if (by === 'job' || by === 'shop' || by === 'config') return tr.t(`dash-by-${by}`);
  return tr.t('dash-by-operator', { by });
}

function settingValue(key: string, value: unknown): string {
  if (key === 'levels.formula' && value && typeof value === 'object') return formulaText(value as LevelFormulaSpec);
  if (Array.isArray(value)) return value.join(' ');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function auditPages(app: Hono<DashEnv>, economy: Economy): void {
  app.get(`${BASE}/audit`, async (c) => {
    const tr = c.get('tr');
    const tz = c.get('tz');
    const asked = c.req.query('tab');
    const tab: Tab = (TABS as readonly string[]).includes(asked ?? '') ? (asked as Tab) : 'settings';
    const beforeText = c.req.query('before');
    const before = beforeText && /^[1-9]\d{0,15}$/.test(beforeText) ? Number(beforeText) : undefined;
    const query = { limit: PAGE, ...(before !== undefined ? { beforeId: before } : {}) };

    let body: Html;
    let lastId: number | undefined;
    let count = 0;
    if (tab === 'settings') {
      const items = await economy.settings.audit(query);
      count = items.length;
      lastId = items.at(-1)?.id;
      body = table(
        [tr.t('dash-when'), tr.t('dash-setting'), tr.t('dash-old-value'), tr.t('dash-new-value'), tr.t('dash-who')],
        items.map((e) => [
          tr.time(e.changedAt, tz),
          html`${isSettingKey(e.key) ? tr.t(`dash-setting-${e.key.replace(/[._]/g, '-')}`) : e.key}<br><code class="hint">${e.key}</code>`,
          html`<code>${settingValue(e.key, e.oldValue)}</code>`,
          html`<code>${settingValue(e.key, e.newValue)}</code>`,
          whoText(tr, e.changedBy),
        ]),
        tr.t('dash-empty'),
      );
    } else if (tab === 'roles') {
      const items = await economy.membership.allRoleChanges(query);
      count = items.length;
      lastId = items.at(-1)?.id;
      body = table(
        [tr.t('dash-when'), tr.t('dash-member'), tr.t('dash-change'), tr.t('dash-vip-expiry'), tr.t('dash-who')],
        items.map((e) => [
          tr.time(e.changedAt, tz),
          html`<a href="${BASE}/members/${e.memberId}">${e.memberId}</a>`,
          `${tr.t('dash-role', { role: e.from })} → ${tr.t('dash-role', { role: e.to })}`,
          e.vipExpiresAt ? tr.time(e.vipExpiresAt, tz) : '—',
          html`${whoText(tr, e.changedBy)}${e.changedBy.startsWith('admin:') && e.reason ? html`<br><span class="hint">«${e.reason}»</span>` : ''}`,
        ]),
        tr.t('dash-empty'),
      );
    } else {
      const items = await economy.ledger.adminMovements(query);
      count = items.length;
      lastId = items.at(-1)?.id;
      body = table(
        [tr.t('dash-when'), tr.t('dash-member'), tr.t('dash-type'), tr.t('dash-amount'), tr.t('dash-reason'), tr.t('dash-who')],
        items.map((tx) => [
          tr.time(tx.createdAt, tz),
          html`<a href="${BASE}/members/${tx.memberId}">${tx.memberId}</a>`,
          tr.t('movement-type', { type: tx.type }),
          html`<span class="${tx.amount > 0 ? 'pos' : 'neg'}">${tx.amount > 0 ? '+' : ''}${tr.n(tx.amount)}</span>`,
          `«${tx.reason}»`,
          typeof tx.metadata.admin_id === 'number' ? whoText(tr, `admin:${tx.metadata.admin_id}`) : whoText(tr, String(tx.metadata.by ?? '')),
        ]),
        tr.t('dash-empty'),
        { numeric: [3] },
      );
    }
    const tabs = html`<nav class="tabs">${TABS.map((t) => html`<a href="${BASE}/audit?tab=${t}"${t === tab ? html` aria-current="page"` : ''}>${tr.t(`dash-audit-${t}`)}</a>`)}</nav>`;
    const pager = html`<nav class="pager">${before !== undefined ? html`<a href="${BASE}/audit?tab=${tab}">← ${tr.t('dash-newest')}</a>` : ''}${count === PAGE && lastId !== undefined ? html`<a href="${BASE}/audit?tab=${tab}&before=${lastId}">${tr.t('dash-older')} →</a>` : ''}</nav>`;
    return page(c, { title: tr.t('dash-nav-audit'), active: 'audit', body: html`${tabs}${body}${pager}` });
  });
}
