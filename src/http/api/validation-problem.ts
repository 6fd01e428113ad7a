/**
 * A request that does not match its route's zod schema: 400 with every problem, nothing
 * changed. INVALID_AMOUNT when the amount is among the problems (SPEC §12), else
 * INVALID_INPUT. The API's default hook (every route validated by @hono/zod-openapi) and the
 * one-pass movement routes (movement-request.ts) answer with this same problem.
 */
import type { Context } from 'hono';
import type { z } from '@hono/zod-openapi';
import { problem } from './problem.js';

export function validationProblem(c: Context, error: z.ZodError): Response {
  const errors = error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message }));
  const amount = error.issues.some((i) => i.path[0] === 'amount');
  return problem(c, 400, amount ? 'INVALID_AMOUNT' : 'INVALID_INPUT', errors.map((e) => `${e.path}: ${e.message}`).join('; '), { errors });
}
