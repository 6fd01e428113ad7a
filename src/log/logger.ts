/**
 * The process's pino logger. Secrets never reach a log line, twice over: known field
 * names are redacted by pino, and every written line is scrubbed of the configured secret
 * values (the token could hide in an error message or a URL no field name predicts).
 */
import { pino, type Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REDACTED_PATHS = [
  'token',
  'botToken',
  'secret',
  'webhookSecret',
  'secret_token',
  'password',
  '*.token',
  '*.botToken',
  '*.secret',
  '*.webhookSecret',
  '*.secret_token',
  '*.password',
  'config.botToken',
  'config.webhook.secret',
];

/** Admin API tokens and login links (`bst_…`, `bsl_…`): whatever field or URL they hide in. */
const ADMIN_TOKEN = /\b(bs[tl]_)[A-Za-z0-9_-]{43}/g;

export interface LineSink {
  write(line: string): unknown;
}

export function createLogger(level: LogLevel, destination: LineSink, secrets: readonly string[]): Logger {
  const values = secrets.filter((s) => s.length >= 8);
  const scrub = (line: string): string =>
    values.reduce((out, secret) => out.split(secret).join('[redacted]'), line).replace(ADMIN_TOKEN, '$1[redacted]');
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } },
    { write: (line: string) => void destination.write(scrub(line)) },
  );
}
