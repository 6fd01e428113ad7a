/**
 * Settings (SPEC §8): every setting, each in its own form, read the way the CLI reads what
 * an admin types (`parseSettingValue`: `1_000`, `❤️ 🔥`, `linear:250`, `Europe/Madrid`)
 * and changed through `economy.settings.set`, validated and audited as `admin:<id>`, at once
 * on every instance. The level formula has a preview of its first levels: drawn by the
 * server on "Preview" (no JavaScript needed), and live while typing through the API's
 * preview route (GET /api/v1/levels/preview, which the session may read).
 */
import type { Context, Hono } from 'hono';
import {
  compileLevelFormula,
  isSettingKey,
  parseLevelFormulaArg,
  parseSettingValue,
  SETTING_KEYS,
  type Economy,
  type EconomySettings,
  type LevelFormulaSpec,
  type SettingKey,
} from '../../../core/index.js';
import type { DashEnv } from '../env.js';
import { attempt, readForm, refusalText, refusedStatus } from '../forms.js';
import { BASE, csrfField, errorNotice, html, page, type Html } from '../html.js';
import type { Translator } from '../i18n.js';

const PREVIEW_LEVELS = 10;

export function formulaText(spec: LevelFormulaSpec): string {
  switch (spec.kind) {
    case 'sqrt':
      return 'sqrt';
    case 'linear':
      return `linear:${spec.step}`;
    case 'exponential':
      return `exponential:${spec.base},${spec.factor}`;
    case 'custom':
      return spec.expression;
  }
}

function valueText(key: SettingKey, settings: EconomySettings): string {
  const value = settings[key];
  if (key === 'levels.formula') return formulaText(value as LevelFormulaSpec);
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

const messageOf = (key: SettingKey) => `dash-setting-${key.replace(/[._]/g, '-')}`;

/** The preview table of a formula typed as text, or the refusal to show. */
function previewOf(tr: Translator, text: string): { rows: Array<{ level: number; from: number }>; error: string | null } {
  try {
    return { rows: compileLevelFormula(parseLevelFormulaArg(text)).preview(PREVIEW_LEVELS), error: null };
  } catch (err) {
    return { rows: [], error: refusalText(tr, err) ?? tr.t('dash-formula-invalid') };
  }
}

function previewTable(tr: Translator, rows: Array<{ level: number; from: number }>): Html {
  return html`<table class="rows preview" id="level-preview">
<thead><tr><th class="num">${tr.t('dash-level')}</th><th class="num">${tr.t('dash-level-from')}</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td class="num" data-label="${tr.t('dash-level')}">${r.level}</td><td class="num" data-label="${tr.t('dash-level-from')}">${tr.n(r.from)}</td></tr>`)}</tbody>
</table>`;
}

interface SettingsView {
  /** The key a refusal or a preview belongs to, with the text the admin typed. */
  key?: SettingKey;
  typed?: string;
  error?: string | null;
  preview?: boolean;
  status?: 200 | 400 | 403 | 404 | 409;
}

async function settingsPage(c: Context<DashEnv>, economy: Economy, view: SettingsView = {}): Promise<Response> {
  const tr = c.get('tr');
  const settings = await economy.settings.all();
  const zones = Intl.supportedValuesOf('timeZone');
  const rows = SETTING_KEYS.filter((k) => k !== 'levels.formula').map((key) => {
    const typed = view.key === key && view.typed !== undefined ? view.typed : valueText(key, settings);
    const id = `setting-${key.replace(/[._]/g, '-')}`;
    const input =
      key === 'economy.timezone'
        ? html`<input id="${id}" name="value" value="${typed}" list="zones" autocomplete="off" required>`
        : key === 'reactions.emojis'
          ? html`<input id="${id}" name="value" value="${typed}" autocomplete="off" required>`
          : html`<input id="${id}" name="value" value="${typed}" inputmode="numeric" required>`;
    return html`<form method="post" action="${BASE}/settings" class="setting" id="form-${id}">
${csrfField(c)}<input type="hidden" name="key" value="${key}">
<label for="${id}"><span class="name">${tr.t(messageOf(key))}</span><code class="hint">${key}</code></label>
${input}
<button type="submit" class="secondary">${tr.t('dash-save')}</button>
${view.key === key ? errorNotice(view.error) : ''}
</form>`;
  });

  const formulaTyped = view.key === 'levels.formula' && view.typed !== undefined ? view.typed : valueText('levels.formula', settings);
  const preview = previewOf(tr, formulaTyped);
  const formulaError = view.key === 'levels.formula' ? (view.error ?? preview.error) : preview.error;
  const levels = html`<section class="card" id="levels">
<h2>${tr.t('dash-setting-levels-formula')}</h2>
<p class="hint">${tr.t('dash-formula-help')}</p>
<form method="post" action="${BASE}/settings#levels" class="formula">
${csrfField(c)}<input type="hidden" name="key" value="levels.formula">
<label for="formula">${tr.t('dash-formula')}</label>
<input id="formula" name="value" value="${formulaTyped}" autocomplete="off" spellcheck="false" required data-preview="/api/v1/levels/preview" data-preview-count="${PREVIEW_LEVELS}">
<div class="buttons"><button type="submit" name="action" value="preview" class="secondary">${tr.t('dash-preview')}</button><button type="submit" name="action" value="save">${tr.t('dash-save')}</button></div>
</form>
<div id="formula-error" role="alert">${errorNotice(formulaError)}</div>
<p class="hint" id="formula-invalid-text" hidden>${tr.t('dash-formula-invalid')}</p>
${previewTable(tr, preview.rows)}
</section>`;

  return page(c, {
    title: tr.t('dash-nav-settings'),
    active: 'settings',
    status: view.status ?? 200,
    body: html`<section class="card settings">${rows}</section>
<datalist id="zones">${zones.map((z) => html`<option value="${z}"></option>`)}</datalist>
${levels}`,
  });
}

export function settingsPages(app: Hono<DashEnv>, economy: Economy): void {
  app.get(`${BASE}/settings`, (c) => settingsPage(c, economy));

  app.post(`${BASE}/settings`, async (c) => {
    const tr = c.get('tr');
    const form = await readForm(c);
    const key = form.key ?? '';
    if (!isSettingKey(key)) return settingsPage(c, economy, { error: tr.t('dash-setting-unknown'), status: 400 });
    const typed = form.value ?? '';
    if (form.action === 'preview') return settingsPage(c, economy, { key, typed, preview: true });
    const done = await attempt(tr, async () => economy.settings.set(key, parseSettingValue(key, typed), `admin:${c.get('session').adminId}`));
    if (!done.ok) return settingsPage(c, economy, { key, typed, error: done.error, status: refusedStatus(done.code) });
    return c.redirect(`${BASE}/settings?ok=setting-saved${key === 'levels.formula' ? '#levels' : ''}`, 303);
  });
}
