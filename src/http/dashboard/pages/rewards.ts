/**
 * Rewards (SPEC §6): every reward with what it gives, its conditions (group 0: all must
 * hold; each other group: one of them) and how it is claimed; switched off and on; created
 * with up to three conditions; edited (name, description, besitos or VIP days given). The rewards service validates every field and checks the
 * admin, as for the API.
 */
import type { Context, Hono } from 'hono';
import { CONDITION_TYPES, REWARD_KINDS, THRESHOLD_RANGES, type Economy, type RewardConditionInput, type RewardInput, type RewardView } from '../../../core/index.js';
import type { DashEnv } from '../env.js';
import { attempt, checked, readForm, refusedStatus, wholeNumber } from '../forms.js';
import { BASE, csrfField, errorNotice, html, page, table, type Html } from '../html.js';
import type { Translator } from '../i18n.js';
import { localizer, type Localize } from '../names.js';

const NEW_CONDITIONS = 3;

function gives(tr: Translator, r: RewardView, sets: Map<number, string>, local: Localize): string {
  switch (r.kind) {
    case 'BESITOS':
      return tr.t('dash-gives-besitos', { amount: r.value ?? 0 });
    case 'VIP_DAYS':
      return tr.t('dash-gives-vip-days', { days: r.value ?? 0 });
    case 'BADGE':
      return tr.t('dash-gives-badge', { badge: `${r.badge?.emoji ?? ''} ${local(r.id, 'badgeName', r.badge?.name ?? '')}`.trim() });
    case 'CONTENT':
      return tr.t('dash-gives-content', { set: sets.get(r.value ?? 0) ?? String(r.value) });
  }
}

function conditionsText(tr: Translator, r: RewardView): Html {
  const groups = new Map<number, string[]>();
  for (const cond of r.conditions) {
    const text = tr.t('dash-condition', { type: cond.type, value: cond.value ?? 0 });
    groups.set(cond.group, [...(groups.get(cond.group) ?? []), text]);
  }
  const parts = [...groups.entries()].sort(([a], [b]) => a - b).map(([group, texts]) => (group === 0 ? texts.join(` ${tr.t('dash-and')} `) : `(${texts.join(` ${tr.t('dash-or')} `)})`));
  return html`${parts.join(` ${tr.t('dash-and')} `) || '—'}`;
}

async function rewardsPage(c: Context<DashEnv>, economy: Economy, error?: string, status: 200 | 400 | 403 | 404 | 409 = 200): Promise<Response> {
  const tr = c.get('tr');
  const adminId = c.get('session').adminId;
  const [rewards, sets, granted] = await Promise.all([economy.rewards.listRewards(adminId), economy.shop.contentSets(adminId), economy.rewards.mostGranted(100)]);
  const setNames = new Map(sets.map((s) => [s.id, s.name]));
  const local = await localizer(economy, 'reward', rewards.map((r) => r.id), tr.lang);
  const grants = new Map(granted.map((g) => [g.rewardId, g.granted]));
  const toggle = (r: RewardView) => html`<form method="post" action="${BASE}/rewards/${r.id}/active" class="inline">${csrfField(c)}<input type="hidden" name="active" value="${r.active ? '0' : '1'}"><button type="submit" class="small ${r.active ? 'secondary' : ''}">${r.active ? tr.t('dash-switch-off') : tr.t('dash-switch-on')}</button></form>`;
  // The words and what it gives; its kind and conditions stay (a new reward for other ones).
  const edit = (r: RewardView) => html`<details class="edit"><summary>${tr.t('dash-edit')}</summary>
<form method="post" action="${BASE}/rewards/${r.id}" class="grid-form">${csrfField(c)}
<label for="e${r.id}-name">${tr.t('dash-name')}</label><input id="e${r.id}-name" name="name" maxlength="100" required value="${r.name}">
<label for="e${r.id}-description">${tr.t('dash-description')}</label><input id="e${r.id}-description" name="description" maxlength="500" value="${r.description ?? ''}">
${r.kind === 'BESITOS' || r.kind === 'VIP_DAYS' ? html`<label for="e${r.id}-value">${tr.t('dash-reward-value')}</label><input id="e${r.id}-value" name="value" inputmode="numeric" required value="${r.value ?? ''}">` : ''}
<button type="submit" class="small">${tr.t('dash-save')}</button>
</form></details>`;
  const rows = rewards.map((r) => [
    html`<strong>${local(r.id, 'name', r.name)}</strong>${r.secret ? html` <span class="tag">${tr.t('dash-secret')}</span>` : ''}${r.description ? html`<br><span class="hint">${local(r.id, 'description', r.description)}</span>` : ''}`,
    gives(tr, r, setNames, local),
    conditionsText(tr, r),
    r.repeatable ? tr.t('dash-repeatable', { hours: r.cooldownHours ?? 0 }) : tr.t('dash-once'),
    tr.t('dash-claim-mode', { mode: r.claimMode }),
    tr.n(grants.get(r.id) ?? 0),
    html`${r.active ? tr.t('dash-on', { gender: 'feminine' }) : tr.t('dash-off', { gender: 'feminine' })} ${toggle(r)} ${edit(r)}`,
  ]);

  const conditionFields = Array.from({ length: NEW_CONDITIONS }, (_, i) => html`<fieldset class="condition">
<legend>${tr.t('dash-condition-n', { n: i + 1 })}</legend>
<select name="cond${i}" aria-label="${tr.t('dash-condition-type')}"><option value="">—</option>${CONDITION_TYPES.map((t) => html`<option value="${t}">${tr.t('dash-condition-type-name', { type: t })}</option>`)}</select>
<input name="cond${i}value" inputmode="numeric" placeholder="${tr.t('dash-value')}" aria-label="${tr.t('dash-value')}">
<select name="cond${i}group" aria-label="${tr.t('dash-group')}"><option value="0">${tr.t('dash-group-all')}</option><option value="1">${tr.t('dash-group-any', { n: 1 })}</option><option value="2">${tr.t('dash-group-any', { n: 2 })}</option></select>
</fieldset>`);
  const createForm = html`<details class="card"${error ? html` open` : ''}>
<summary>${tr.t('dash-reward-new')}</summary>
<form method="post" action="${BASE}/rewards" class="grid-form">
${csrfField(c)}
<label for="r-name">${tr.t('dash-name')}</label><input id="r-name" name="name" maxlength="100" required>
<label for="r-description">${tr.t('dash-description')}</label><input id="r-description" name="description" maxlength="500">
<label for="r-kind">${tr.t('dash-kind')}</label>
<select id="r-kind" name="kind">${REWARD_KINDS.map((k) => html`<option value="${k}">${tr.t('dash-reward-kind', { kind: k })}</option>`)}</select>
<label for="r-amount">${tr.t('dash-reward-value')}</label><input id="r-amount" name="value" inputmode="numeric">
<label for="r-set">${tr.t('dash-content-set')}</label>
<select id="r-set" name="contentSetId"><option value="">—</option>${sets.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select>
<label for="r-badge">${tr.t('dash-badge')}</label><input id="r-badge" name="badgeName" maxlength="64">
<label for="r-emoji">${tr.t('dash-badge-emoji')}</label><input id="r-emoji" name="badgeEmoji" maxlength="16">
${conditionFields}
<label class="check"><input type="checkbox" name="repeatable"> ${tr.t('dash-repeatable-label')}</label>
<label for="r-cooldown">${tr.t('dash-cooldown-hours')}</label><input id="r-cooldown" name="cooldownHours" inputmode="numeric">
<label class="check"><input type="checkbox" name="manual"> ${tr.t('dash-manual-label')}</label>
<label class="check"><input type="checkbox" name="secret"> ${tr.t('dash-secret-label')}</label>
<button type="submit">${tr.t('dash-create')}</button>
</form>
</details>`;

  return page(c, {
    title: tr.t('dash-nav-rewards'),
    active: 'rewards',
    status,
    body: html`${errorNotice(error)}
${table([tr.t('dash-reward'), tr.t('dash-gives'), tr.t('dash-conditions'), tr.t('dash-repeats'), tr.t('dash-claim'), tr.t('dash-granted'), tr.t('dash-state')], rows, tr.t('dash-empty'), { numeric: [5] })}
${createForm}`,
  });
}

/** The reward a creation form describes; the engine validates every field. */
function rewardInput(form: Record<string, string>): RewardInput {
  const kind = (REWARD_KINDS as readonly string[]).includes(form.kind ?? '') ? (form.kind as RewardInput['kind']) : 'BESITOS';
  const conditions: RewardConditionInput[] = [];
  for (let i = 0; i < NEW_CONDITIONS; i++) {
    const type = form[`cond${i}`];
    if (!type) continue;
    const takesValue = Object.hasOwn(THRESHOLD_RANGES, type);
    conditions.push({
      type,
      ...(takesValue ? { value: wholeNumber(form[`cond${i}value`]) } : {}),
      group: wholeNumber(form[`cond${i}group`]) ?? 0,
    } as RewardConditionInput);
  }
  const value = wholeNumber(form.value) as number;
  const repeatable = checked(form, 'repeatable');
  return {
    name: form.name ?? '',
    description: form.description ?? '',
    kind,
    ...(kind === 'BESITOS' ? { amount: value } : {}),
    ...(kind === 'VIP_DAYS' ? { days: value } : {}),
    ...(kind === 'CONTENT' ? { contentSetId: wholeNumber(form.contentSetId) as number } : {}),
    ...(kind === 'BADGE' ? { badgeName: form.badgeName ?? '', badgeEmoji: form.badgeEmoji ?? '' } : {}),
    repeatable,
    ...(repeatable && form.cooldownHours ? { cooldownHours: wholeNumber(form.cooldownHours) as number } : {}),
    claimMode: checked(form, 'manual') ? 'manual' : 'auto',
    secret: checked(form, 'secret'),
    conditions,
  };
}

export function rewardPages(app: Hono<DashEnv>, economy: Economy): void {
  app.get(`${BASE}/rewards`, (c) => rewardsPage(c, economy));

  app.post(`${BASE}/rewards`, async (c) => {
    const form = await readForm(c);
    const done = await attempt(c.get('tr'), () => economy.rewards.createReward(c.get('session').adminId, rewardInput(form)));
    if (!done.ok) return rewardsPage(c, economy, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/rewards?ok=reward-created`, 303);
  });

  app.post(`${BASE}/rewards/:id{[1-9][0-9]{0,15}}`, async (c) => {
    const form = await readForm(c);
    const adminId = c.get('session').adminId;
    const id = Number(c.req.param('id'));
    const done = await attempt(c.get('tr'), async () => {
      const { kind } = await economy.rewards.getReward(adminId, id);
      const value = wholeNumber(form.value) as number;
      return economy.rewards.updateReward(adminId, id, {
        name: form.name ?? '',
        description: form.description ?? '',
        ...(kind === 'BESITOS' ? { amount: value } : {}),
        ...(kind === 'VIP_DAYS' ? { days: value } : {}),
      });
    });
    if (!done.ok) return rewardsPage(c, economy, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/rewards?ok=reward-updated`, 303);
  });

  app.post(`${BASE}/rewards/:id{[1-9][0-9]{0,15}}/active`, async (c) => {
    const form = await readForm(c);
    const on = form.active === '1';
    const done = await attempt(c.get('tr'), () => economy.rewards.setActive(c.get('session').adminId, Number(c.req.param('id')), on));
    if (!done.ok) return rewardsPage(c, economy, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/rewards?ok=${on ? 'switched-on' : 'switched-off'}`, 303);
  });
}
