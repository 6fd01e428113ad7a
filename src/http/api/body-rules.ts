/**
 * What every request body of the API must be before a route sees it: JSON (anything else
 * is 415) and at most MAX_BODY_BYTES (413, refused before the body is read). Unknown fields and wrong types are the
 * routes' zod schemas' to refuse (400).
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem } from './problem.js';

export const MAX_BODY_BYTES = 64 * 1024;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

const tooLarge = (c: Context) => problem(c, 413, 'PAYLOAD_TOO_LARGE', `a request body is at most ${MAX_BODY_BYTES} bytes`);
const countingLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge });
const unsupported = (c: Context) => problem(c, 415, 'UNSUPPORTED_MEDIA_TYPE', 'request bodies are JSON: Content-Type: application/json');

/**
 * One middleware for both rules (each async layer costs every request). A declared
 * Content-Length is checked as a number (Node's parser never reads past it); only a body
 * without one (chunked) is counted as it streams, by hono's bodyLimit. hono's middleware
 * alone reads `c.req.raw.body`, which makes @hono/node-server build a web stream for every
 * request: measured, it cut the API's credit rate by more than half.
 */
export const checkBody: MiddlewareHandler = async (c, next) => {
  if (!WITH_BODY.has(c.req.method)) return next();
  const type = c.req.header('content-type');
  const length = c.req.header('content-length');
  const chunked = c.req.header('transfer-encoding') !== undefined;
  const declared = length !== undefined && !chunked;
  if (declared && !(/^\d+$/.test(length) && Number(length) <= MAX_BODY_BYTES)) return tooLarge(c);
  const sendsBody = chunked || (length !== undefined && length !== '0');
  if ((sendsBody || type !== undefined) && !JSON_TYPE.test(type ?? '')) return unsupported(c);
  return declared ? next() : countingLimit(c, next);
};
