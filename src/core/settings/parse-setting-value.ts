/**
 * Turns what an admin types (`besitos settings set KEY VALUE`, a bot command) into the value
 * to validate. It only interprets text; `SettingsStore.set` still validates the result, so a
 * wrong guess here ends as a clear INVALID_CONFIG there, never as a stored bad value.
 */
import { parseLevelFormulaArg } from '../levels/level-formula.js';
import { DEFAULT_SETTINGS, isSettingKey } from './settings-schema.js';

// Digit groups with underscores are accepted because admins type amounts like 1_000_000.
const NUMBER = /^[+-]?(\d[\d_]*(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * - numbers: `30`, `1_000`, `1e3`
 * - JSON whenever it is JSON: `["❤️","🔥"]`, `{"kind":"linear","step":250}`, `"UTC"`
 * - emoji lists also as `❤️,🔥` or `❤️ 🔥`
 * - the level formula also as `sqrt`, `linear:250`, `exponential:100,1.5` or an expression
 *   (may throw EconomyError('INVALID_FORMULA') for malformed preset parameters)
 * - plain text otherwise (time zones: `Europe/Madrid`)
 * The kind of the key's default decides, so `123` for the time zone stays the text "123".
 */
export function parseSettingValue(key: string, text: string): unknown {
  const trimmed = text.trim();
  const fallback = isSettingKey(key) ? DEFAULT_SETTINGS[key] : undefined;

  if (typeof fallback === 'number') {
    if (NUMBER.test(trimmed)) return Number(trimmed.replaceAll('_', ''));
  } else if (typeof fallback === 'string') {
    if (trimmed.startsWith('"')) {
      const json = tryJson(trimmed);
      if (json.ok) return json.value;
    }
    return trimmed;
  } else if (Array.isArray(fallback)) {
    if (trimmed.startsWith('[')) {
      const json = tryJson(trimmed);
      return json.ok ? json.value : trimmed;
    }
    return trimmed.split(/[\s,]+/).filter((part) => part !== '');
  } else if (key === 'levels.formula') {
    if (trimmed.startsWith('{')) {
      const json = tryJson(trimmed);
      return json.ok ? json.value : trimmed;
    }
    return parseLevelFormulaArg(trimmed);
  }

  const json = tryJson(trimmed);
  return json.ok ? json.value : trimmed;
}
