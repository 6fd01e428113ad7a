/**
 * Economy settings from the bot (SPEC §8): the list of every setting with its value, and a
 * flow that asks one new value, parses it like the CLI does (parse-setting-value.ts) and
 * sets it through the engine (validated, audited as `admin:<id>`, applied at once). The
 * level formula first shows the lifetime totals where levels 1–10 start under the
 * proposed formula, and is set only when the admin confirms.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { compileLevelFormula, EconomyError, isEconomyError, isSettingKey, type LevelFormula, type LevelFormulaSpec, parseSettingValue, SETTING_KEYS, type SettingKey, settingsShape } from '../../../core/index.js';
import type { BaseContext, BotContext } from '../../context.js';
import { adminOnly } from '../../admin-guard.js';
import { adminData, flow } from './callback-data.js';
import { attempt, cancelKeyboard, nextAnswer, refusalOf, stillAdmin, adminOf, type AdminConversation, type Refusal } from './flow-kit.js';
import { FLOWS, enter } from './flows.js';
import { show } from './screen.js';

export const PREVIEW_LEVELS = 10;

export function settingLabel(ctx: BaseContext, key: SettingKey): string {
  return ctx.t(`admin-setting-${key.replace(/[._]/g, '-')}`);
}

/** A level formula in the admin's words (the engine's `describe()` is English). */
export function formulaText(t: BaseContext['t'], spec: LevelFormulaSpec): string {
  switch (spec.kind) {
    case 'sqrt':
      return t('admin-formula-sqrt');
    case 'linear':
      return t('admin-formula-linear', { step: spec.step });
    case 'exponential':
      return t('admin-formula-exponential', { base: spec.base, factor: spec.factor });
    case 'custom':
      return spec.expression;
  }
}

export function displayValue(t: BaseContext['t'], key: SettingKey, value: unknown): string {
  if (key === 'levels.formula') return formulaText(t, compileLevelFormula(value as LevelFormulaSpec).spec);
  if (Array.isArray(value)) return value.join(' ');
  return String(value);
}

/**
 * A refused value in the admin's language, from the refusal's code and typed details (which
 * rule broke, the bound, the type expected), never the engine's or zod's English sentence;
 * other refusals (FORBIDDEN…) keep their usual message.
 */
export async function settingRefusalText(ctx: BaseContext, refusal: Refusal): Promise<string> {
  const d = refusal.details;
  if (refusal.code === 'INVALID_CONFIG') {
    const vars = {
      problem: typeof d.problem === 'string' ? d.problem : 'invalid',
      expected: typeof d.expected === 'string' ? d.expected : 'other',
      of: typeof d.of === 'string' ? d.of : 'value',
      min: typeof d.min === 'number' ? d.min : 0,
      max: typeof d.max === 'number' ? d.max : 0,
    };
    return ctx.t('admin-setting-refused', vars);
  }
  if (refusal.code === 'INVALID_FORMULA') return ctx.t('admin-formula-invalid', { column: typeof d.column === 'number' ? d.column : 0 });
  return await refusalOf(ctx, refusal);
}

function asRefusal(err: EconomyError): Refusal {
  return { code: err.code, message: err.message, details: { ...err.details } };
}

function numberRange(key: SettingKey): { min: number; max: number } | null {
  const schema = settingsShape[key] as unknown as { minValue?: number | null; maxValue?: number | null };
  if (typeof schema.minValue === 'number' && typeof schema.maxValue === 'number') return { min: schema.minValue, max: schema.maxValue };
  return null;
}

/** What a valid value of `key` looks like, in the admin's language. */
export function validHint(ctx: BaseContext, key: SettingKey): string {
  const range = numberRange(key);
  if (range) return ctx.t('admin-valid-number', range);
  if (key === 'economy.timezone') return ctx.t('admin-valid-timezone');
  if (key === 'reactions.emojis') return ctx.t('admin-valid-emojis');
  return ctx.t('admin-valid-formula');
}

export async function settingsScreen(ctx: BaseContext): Promise<void> {
  const all = await ctx.besitos.economy.settings.all();
  const lines = SETTING_KEYS.map((key) => ctx.t('admin-settings-line', { label: settingLabel(ctx, key), value: displayValue(ctx.t, key, all[key]) }));
  const keyboard = new InlineKeyboard();
  for (const key of SETTING_KEYS) keyboard.text(settingLabel(ctx, key), adminData.setting.pack({ key })).row();
  keyboard.text(ctx.t('admin-button-back'), adminData.menu.pack());
  await show(ctx, `${ctx.t('admin-settings-title')}\n\n${lines.join('\n')}`, keyboard);
}

function previewText(ctx: BaseContext, formula: LevelFormula): string {
  const rows = formula.preview(PREVIEW_LEVELS).map((r) => ctx.t('admin-formula-preview-row', { level: r.level, from: r.from }));
  return ctx.t('admin-formula-preview', { formula: formulaText(ctx.t, formula.spec), rows: rows.join('\n') });
}

/** The flow: `key` was chosen on the settings screen. */
export async function settingFlow(conversation: AdminConversation, ctx: BaseContext, key: string): Promise<void> {
  if (!isSettingKey(key)) {
    await ctx.reply(ctx.t('admin-setting-unknown'));
    return;
  }
  const adminId = adminOf(ctx);
  const { economy } = ctx.besitos;
  const current = await conversation.external(async () => displayValue(ctx.t, key, await economy.settings.get(key)));
  await ctx.reply(ctx.t('admin-setting-ask', { label: settingLabel(ctx, key), key, current, valid: validHint(ctx, key) }), {
    reply_markup: cancelKeyboard(ctx),
  });

  // A proposed formula waiting for confirmation (levels.formula only).
  let proposal: LevelFormulaSpec | null = null;
  for (;;) {
    const answer = await nextAnswer(conversation);
    const c = answer.ctx;
    let value: unknown;
    if (answer.choice === 'ok' && proposal !== null) {
      value = proposal;
    } else if (answer.text === null) {
      await c.reply(validHint(c, key));
      continue;
    } else {
      try {
        value = parseSettingValue(key, answer.text);
        if (key === 'levels.formula') {
          // Compiling validates (INVALID_FORMULA for a decreasing or malformed formula).
          const formula = compileLevelFormula(value as LevelFormulaSpec);
          proposal = formula.spec;
          const keyboard = new InlineKeyboard().text(c.t('admin-button-confirm'), flow('ok'));
          await c.reply(previewText(c, formula), { reply_markup: cancelKeyboard(c, keyboard) });
          continue;
        }
      } catch (err) {
        if (!isEconomyError(err)) throw err;
        proposal = null;
        await c.reply(`${await settingRefusalText(c, asRefusal(err))}\n${validHint(c, key)}`);
        continue;
      }
    }
    if (!(await stillAdmin(conversation, c, adminId))) return;
    const out = await attempt(conversation, async () => {
      const change = await economy.settings.set(key, value, `admin:${adminId}`);
      return { from: displayValue(c.t, key, change.oldValue), to: displayValue(c.t, key, change.newValue) };
    });
    if (out.ok) {
      await c.reply(c.t('admin-setting-changed', { label: settingLabel(c, key), from: out.value.from, to: out.value.to }), {
        reply_markup: new InlineKeyboard().text(c.t('admin-button-settings'), adminData.settings.pack()),
      });
      return;
    }
    proposal = null;
    await c.reply(`${await settingRefusalText(c, out.refusal)}\n${validHint(c, key)}`);
  }
}

/** The settings screen's buttons: the list, and a setting's flow. */
export function settingsButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(adminData.settings.filter, adminOnly(settingsScreen));
  composer.filter(adminData.setting.filter, adminOnly((ctx) => enter(ctx, FLOWS.setting, ctx.match.key)));
  return composer;
}
