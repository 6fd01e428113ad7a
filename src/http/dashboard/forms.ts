/**
 * Reading the dashboard's forms and saying the engine's refusals. Forms hold text; the engine
 * validates every value (a field left as text the engine refuses is its INVALID_INPUT, said
 * in the admin's language). Nothing here decides a rule.
 */
import type { Context } from 'hono';
import { isEconomyError, type EconomyError } from '../../core/index.js';
import type { DashEnv } from './env.js';
import type { Translator } from './i18n.js';

export type Form = Record<string, string>;

/** The form's text fields (files and repeated fields are not used by any dashboard form). */
export async function readForm(c: Context<DashEnv>): Promise<Form> {
  const body = await c.req.parseBody();
  const form: Form = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form[key] = value;
  return form;
}

/** A whole number typed in a form, or the text itself (so the engine refuses it by name). */
export function wholeNumber(text: string | undefined): number | string | undefined {
  const t = (text ?? '').trim().replace(/[_\s]/g, '');
  if (t === '') return undefined;
  return /^-?\d+$/.test(t) ? Number(t) : t;
}

/** A number, or null when the field was left empty (optional limits: stock, VIP price). */
export function optionalNumber(text: string | undefined): number | string | null {
  return wholeNumber(text) ?? null;
}

export const checked = (form: Form, name: string) => form[name] === 'on' || form[name] === '1' || form[name] === 'true';

/** What an admin reads for a refusal: a sentence per code, with the engine's detail for bad input. */
export function refusalText(tr: Translator, err: unknown): string | null {
  if (!isEconomyError(err)) return null;
  const e = err as EconomyError;
  const vars: Record<string, string | number> = { code: e.code, message: e.message };
  for (const [key, value] of Object.entries(e.details)) if (typeof value === 'number' || typeof value === 'string') vars[key] = value;
  const key = `dash-error-${e.code}`;
  const text = tr.t(key, vars);
  return text === key ? tr.t('dash-error-other', vars) : text;
}

/** Runs an engine call; a refusal becomes the text to show, anything else is thrown on. */
export async function attempt<T>(tr: Translator, run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string; code: string }> {
  try {
    return { ok: true, value: await run() };
  } catch (err) {
    const text = refusalText(tr, err);
    if (text === null) throw err;
    return { ok: false, error: text, code: (err as EconomyError).code };
  }
}

/** The HTTP status of a refused form: bad input 400, the economy's refusals 409, not found 404. */
export function refusedStatus(code: string): 400 | 403 | 404 | 409 {
  if (code === 'FORBIDDEN') return 403;
  if (code === 'NOT_FOUND' || code === 'UNKNOWN_MEMBER') return 404;
  if (code.startsWith('INVALID_')) return 400;
  return 409;
}
