/**
 * A loggable description of an error without request payloads (they may carry the bot
 * token in URLs). grammY's errors are recognised by their shape, not by class, so this
 * module stays below every adapter: a GrammyError carries the Bot API `method`,
 * `error_code` and `description`; an HttpError is named so and wraps the network failure
 * (its message is enough, its cause may hold the request).
 */
import { redact } from './redact.js';

interface ApiErrorShape {
  method: string;
  error_code: number;
  description: string;
}

function isApiError(err: Error): err is Error & ApiErrorShape {
  const e = err as Error & Partial<ApiErrorShape>;
  return typeof e.method === 'string' && typeof e.error_code === 'number' && typeof e.description === 'string';
}

export function describe(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    if (isApiError(err)) return { type: 'GrammyError', method: err.method, code: err.error_code, description: err.description };
    if (err.name === 'HttpError') return { type: 'HttpError', message: redact(err.message) };
    return { type: err.name, message: redact(err.message), stack: err.stack ? redact(err.stack) : undefined };
  }
  return { type: typeof err, value: redact(String(err)) };
}
