/**
 * Validation of one setting value, shared by writes (which refuse) and reads (which fall
 * back to the default), so a value is judged by the same rules on the way in and out.
 */
import type { z } from 'zod';
import type { ErrorDetailsMap, SettingProblem } from '../error-details.js';
import { EconomyError, type ErrorCode } from '../errors.js';
import { compileLevelFormula } from '../levels/level-formula.js';
import { SETTING_KEYS, isSettingKey, settingsShape, type EconomySettings, type SettingKey } from './settings-schema.js';

export type SettingCheck<K extends SettingKey> =
  | { ok: true; value: EconomySettings[K] }
  | { ok: false; code: ErrorCode; problem: string; details: Record<string, unknown> };

type SettingRefusal = Omit<ErrorDetailsMap['INVALID_CONFIG'], 'key'>;

const EXPECTED: Record<string, NonNullable<SettingRefusal['expected']>> = {
  number: 'number',
  int: 'integer',
  string: 'text',
  array: 'list',
  object: 'formula',
};

/**
 * The first issue as typed details an adapter can say in its own language (what is valid:
 * the bound broken, the type expected), so nobody has to show zod's English sentence.
 */
function refusalOf(key: SettingKey, issues: readonly z.core.$ZodIssue[]): SettingRefusal {
  const issue = issues[0];
  if (!issue) return { problem: 'invalid' };
  const path = issue.path.length > 0 ? { path: issue.path.map(String).join('.') } : {};
  const of = (origin: unknown): SettingRefusal['of'] => (origin === 'array' ? 'count' : origin === 'string' ? 'length' : 'value');
  switch (issue.code) {
    case 'invalid_type':
      return { problem: 'type', ...path, ...(EXPECTED[issue.expected] ? { expected: EXPECTED[issue.expected] } : {}) };
    case 'too_small':
      return { problem: 'too_small', of: of(issue.origin), min: Number(issue.minimum), ...path };
    case 'too_big':
      return { problem: 'too_big', of: of(issue.origin), max: Number(issue.maximum), ...path };
    case 'custom': {
      // The schema's two refinements (settings-schema.ts), told apart by the key.
      const problem: SettingProblem = key === 'economy.timezone' ? 'not_timezone' : key === 'reactions.emojis' ? 'not_distinct' : 'invalid';
      return { problem, ...path };
    }
    default:
      return { problem: 'invalid', ...path };
  }
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
      return path === '' ? issue.message : `${path.replace(/^\./, '')}: ${issue.message}`;
    })
    .join('; ');
}

/** The key's zod schema, then (for the level formula) the semantic checks zod cannot do. */
export function checkSettingValue<K extends SettingKey>(key: K, value: unknown): SettingCheck<K> {
  const parsed = settingsShape[key].safeParse(value);
  if (!parsed.success) {
    return { ok: false, code: 'INVALID_CONFIG', problem: describeIssues(parsed.error.issues), details: { key, ...refusalOf(key, parsed.error.issues) } };
  }
  const data = parsed.data as EconomySettings[K];
  if (key === 'levels.formula') {
    // The schema checks the shape only; a custom expression must also parse, be >= 1 at 0
    // and never decrease, or every cached level would be computed from garbage.
    try {
      compileLevelFormula(data as EconomySettings['levels.formula']);
    } catch (err) {
      if (err instanceof EconomyError) return { ok: false, code: err.code, problem: err.message, details: { ...err.details } };
      throw err;
    }
  }
  return { ok: true, value: data };
}

export function assertSettingKey(key: string): asserts key is SettingKey {
  if (!isSettingKey(key)) {
    throw new EconomyError('INVALID_CONFIG', `Unknown setting "${key}". Known settings: ${SETTING_KEYS.join(', ')}`, { key });
  }
}

/** The parsed (defaults applied, normalised) value, or EconomyError naming the key and the rule broken. */
export function validateSettingValue<K extends SettingKey>(key: K, value: unknown): EconomySettings[K] {
  const check = checkSettingValue(key, value);
  if (check.ok) return check.value;
  throw new EconomyError(check.code, `Invalid value for setting "${key}": ${check.problem}`, { ...check.details, key });
}

/**
 * JSON with object keys sorted, so two equal values compare equal as text whatever order
 * their keys were written in (a formula typed by hand against one parsed by zod).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** Cached settings are shared by every caller; freezing makes an accidental mutation throw instead of leaking. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
