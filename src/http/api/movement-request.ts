/**
 * The request of a credit or debit (`POST /members/{id}/credit|debit`, the API's hottest
 * write: bench row `http-credit`), validated in one synchronous pass by the very zod schemas
 * its route declares in the OpenAPI document: the path, then the Idempotency-Key header, then
 * the body, answering the first that fails as the other routes' validators do (400 problem,
 * INVALID_INPUT or INVALID_AMOUNT; a body that is not JSON, 400 INVALID_INPUT).
 *
 * Why not @hono/zod-openapi's validators: it adds one async middleware per part (path,
 * header, media type, body), each reading the Content-Type again, awaiting `safeParseAsync`
 * and a hook, and the header one copying every header into an object. Measured on the
 * credit route, those layers cost more than the rest of the route's HTTP handling.
 * Body size and type were already checked (body-rules.ts: 413/415) before the token.
 */
import type { Context } from 'hono';
import type { ApiEnv } from './auth.js';
import { problem } from './problem.js';
import { IdempotencyHeaders, MemberIdParams, MovementBodySchema } from './schemas.js';
import { validationProblem } from './validation-problem.js';

export interface MovementRequest {
  memberId: number;
  amount: number;
  reason: string;
  metadata: Record<string, unknown> | undefined;
  idempotencyKey: string | undefined;
}

export async function movementRequest(c: Context<ApiEnv>): Promise<MovementRequest | Response> {
  const params = MemberIdParams.safeParse({ memberId: c.req.param('memberId') });
  if (!params.success) return validationProblem(c, params.error);
  const headers = IdempotencyHeaders.safeParse({ 'idempotency-key': c.req.header('idempotency-key') });
  if (!headers.success) return validationProblem(c, headers.error);
  // No Content-Type: no body was sent (body-rules.ts refuses a body without one), so the
  // body's schema reports what is missing, as hono's validator does.
  let json: unknown = {};
  if (c.req.header('content-type') !== undefined) {
    try {
      json = await c.req.json();
    } catch {
      return problem(c, 400, 'INVALID_INPUT', 'the body is not valid JSON');
    }
  }
  const body = MovementBodySchema.safeParse(json);
  if (!body.success) return validationProblem(c, body.error);
  return {
    memberId: params.data.memberId,
    amount: body.data.amount,
    reason: body.data.reason,
    metadata: body.data.metadata,
    idempotencyKey: headers.data['idempotency-key'],
  };
}
