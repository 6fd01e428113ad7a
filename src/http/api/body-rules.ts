/**
 * What every request body of the API must be before a route sees it: JSON (anything else
 * is 415) and at most MAX_BODY_BYTES (413, read no further: hono's bodyLimit counts the
 * stream, not the Content-Length it was told). Unknown fields and wrong types are the
 * routes' zod schemas' to refuse (400).
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem } from './problem.js';

export const MAX_BODY_BYTES = 64 * 1024;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

export const limitBody: MiddlewareHandler = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: (c) => problem(c, 413, 'PAYLOAD_TOO_LARGE', `a request body is at most ${MAX_BODY_BYTES} bytes`),
});

export const jsonBodiesOnly: MiddlewareHandler = async (c, next) => {
  if (!WITH_BODY.has(c.req.method)) return next();
  const type = c.req.header('content-type');
  const length = c.req.header('content-length');
  const hasBody = type !== undefined || (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
  if (hasBody && !JSON_TYPE.test(type ?? '')) {
    return problem(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'request bodies are JSON: Content-Type: application/json');
  }
  return next();
};
