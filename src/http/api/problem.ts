/**
 * Errors of the admin API as RFC 9457 problem details (`application/problem+json`): the
 * stable code of SPEC §12 in `code`, the engine's message in `detail`, its typed details
 * in `details`. The HTTP status of every engine code is decided here, once; the compiler
 * fails when a code is added to core without a status. Codes the HTTP layer adds for what
 * never reaches the engine: UNAUTHORIZED (no, unknown or revoked token), TOO_MANY_ATTEMPTS
 * (failed tokens from one address), PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE,
 * ROUTE_NOT_FOUND and INTERNAL (never with the error's own text).
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from '@hono/zod-openapi';
import type { ErrorCode, EconomyError } from '../../core/index.js';

export const ENGINE_STATUS: Readonly<Record<ErrorCode, ContentfulStatusCode>> = {
  INVALID_INPUT: 400,
  INVALID_AMOUNT: 400,
  INVALID_FORMULA: 400,
  INVALID_CONFIG: 400,
  FORBIDDEN: 403,
  NO_ACCESS: 403,
  VIP_ONLY: 403,
  UNKNOWN_MEMBER: 404,
  NOT_FOUND: 404,
  INSUFFICIENT_FUNDS: 409,
  COOLDOWN: 409,
  DAILY_LIMIT: 409,
  ALREADY_REACTED: 409,
  ALREADY_CLAIMED: 409,
  INACTIVE: 409,
  OUT_OF_STOCK: 409,
  LIMIT_REACHED: 409,
  REWARD_LOCKED: 409,
  REWARD_EXPIRED: 409,
  BALANCE_OVERFLOW: 409,
  NOT_REFUNDABLE: 409,
  CONFIRMATION_REQUIRED: 409,
  // The IETF Idempotency-Key draft: a key reused for another request is 422.
  IDEMPOTENCY_CONFLICT: 422,
  // The database cannot take the request now (read-only file, newer schema, held by a restore):
  // the server's state, not the request's fault.
  READ_ONLY: 503,
  DATABASE_TOO_NEW: 503,
  DATABASE_IN_USE: 503,
  // Retryable: the database could not be reached or the connection was lost (details.outcome).
  STORAGE_UNAVAILABLE: 503,
};

export const HTTP_CODES = ['UNAUTHORIZED', 'TOO_MANY_ATTEMPTS', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'ROUTE_NOT_FOUND', 'INTERNAL'] as const;
export type HttpCode = (typeof HTTP_CODES)[number];

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:besitos:error:INSUFFICIENT_FUNDS' }),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: 'Stable code (SPEC §12, or one of the HTTP codes)', example: 'INSUFFICIENT_FUNDS' }),
    detail: z.string(),
    details: z.record(z.string(), z.unknown()).optional().openapi({ description: 'What the code carries (balance and amount, the field, …)' }),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .openapi({ description: 'Each problem of a request that did not match its schema' }),
  })
  .openapi('Problem');

export type Problem = z.infer<typeof ProblemSchema>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  code: ErrorCode | HttpCode,
  detail: string,
  extra: { details?: Record<string, unknown>; errors?: Problem['errors'] } = {},
): Response {
  const body: Problem = { type: `urn:besitos:error:${code}`, title: TITLES[status] ?? 'Error', status, code, detail, ...extra };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
}

export function engineProblem(c: Context, err: EconomyError): Response {
  return problem(c, ENGINE_STATUS[err.code], err.code, err.message, { details: { ...(err.details as Record<string, unknown>) } });
}

/** The problem responses every route may answer, for the OpenAPI document. */
export function problemResponses(...statuses: number[]) {
  const out: Record<number, { description: string; content: { 'application/problem+json': { schema: typeof ProblemSchema } } }> = {};
  for (const status of [400, 401, 429, ...statuses]) {
    out[status] = { description: TITLES[status] ?? 'Error', content: { 'application/problem+json': { schema: ProblemSchema } } };
  }
  return out;
}
