/**
 * What every request body of the API must be before a route sees it: JSON (anything else
 * is 415) and at most MAX_BODY_BYTES (413, refused before the body is read). Unknown fields and wrong types are the
 * routes' zod schemas' to refuse (400).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodySizeLimit, declaredLength } from '../body-size.js';
import { problem } from './problem.js';

export const MAX_BODY_BYTES = 64 * 1024;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

const tooLarge = (c: Context) => problem(c, 413, 'PAYLOAD_TOO_LARGE', `a request body is at most ${MAX_BODY_BYTES} bytes`);
const sizeLimit = bodySizeLimit(MAX_BODY_BYTES, tooLarge);
const unsupported = (c: Context) => problem(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'request bodies are JSON: Content-Type: application/json');

/**
 * One middleware for both rules (each async layer costs every request); the size is
 * checked first (413 before 415), from the declared Content-Length where there is one
 * (body-size.ts: hono's own limit would build a web stream for every request).
 */
export const checkBody: MiddlewareHandler = async (c, next) => {
  if (!WITH_BODY.has(c.req.method)) return next();
  if (declaredLength(c, MAX_BODY_BYTES) === 'over') return tooLarge(c);
  const type = c.req.header('content-type');
  const length = c.req.header('content-length');
  const sendsBody = c.req.header('transfer-encoding') !== undefined || (length !== undefined && length !== '0');
  if ((sendsBody || type !== undefined) && !JSON_TYPE.test(type ?? '')) return unsupported(c);
  return sizeLimit(c, next);
};
