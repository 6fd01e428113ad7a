/**
 * Which database a command works on: `--database`, else DATABASE_URL, else the embedded
 * default. The URL goes to the storage as given (it understands `postgres://…?schema=NAME`);
 * only its redacted form is ever printed.
 */
import { checkDatabaseUrl, DEFAULT_DATABASE_URL } from '../core/index.js';
import { redactUrl } from '../log/redact.js';
import { UsageError } from './exit-codes.js';

export interface DatabaseTarget {
  url: string;
  /** The URL without its password: the only form ever printed. */
  display: string;
}

export function chooseDatabaseUrl(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return option ?? (env.DATABASE_URL || undefined) ?? DEFAULT_DATABASE_URL;
}

/** Checks the URL's form up front, so a typo is a usage error (exit 2), not a crash. */
export function databaseTarget(url: string): DatabaseTarget {
  try {
    checkDatabaseUrl(url);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  return { url, display: redactUrl(url) };
}
