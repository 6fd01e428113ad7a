/**
 * The optional JSON config file: one object whose keys are the camelCase names of
 * config-fields.ts (`{"adminIds": [1, 2], "freeChannelId": -100…}`). Reading problems and
 * unknown keys are named like every other problem; the values are checked by server-config.ts.
 */
import { readFileSync } from 'node:fs';
import { CONFIG_FIELDS, type ConfigKey } from './config-fields.js';

export interface ConfigFileContents {
  values: Partial<Record<ConfigKey, unknown>>;
  problems: string[];
}

const KEYS = new Map<string, ConfigKey>(CONFIG_FIELDS.map((f) => [f.key, f.key]));
const BY_ENV = new Map<string, ConfigKey>(CONFIG_FIELDS.map((f) => [f.env, f.key]));

export function readConfigFile(path: string): ConfigFileContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { values: {}, problems: [`${path}: cannot read the config file (${code === 'ENOENT' ? 'no such file' : code ?? String(err)})`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { values: {}, problems: [`${path}: not valid JSON (${(err as Error).message})`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { values: {}, problems: [`${path}: must hold one JSON object, e.g. {"adminIds": [12345]}`] };
  }
  const values: Partial<Record<ConfigKey, unknown>> = {};
  const problems: string[] = [];
  for (const [name, value] of Object.entries(json)) {
    const key = KEYS.get(name);
    if (key) {
      // null means "not set here", as an empty environment variable does.
      if (value !== null && value !== '') values[key] = value;
      continue;
    }
    const hint = BY_ENV.get(name);
    problems.push(
      hint
        ? `${path}: unknown key '${name}': the file uses '${hint}' (${name} is the environment variable)`
        : `${path}: unknown key '${name}' (known: ${CONFIG_FIELDS.map((f) => f.key).join(', ')})`,
    );
  }
  return { values, problems };
}
