/** Who the token is, the ledger's invariants (SPEC §1 verify) and the economy's metrics as JSON (SPEC §8). */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { MAX_METRICS_DAYS, type Economy } from '../../../core/index.js';
import type { ApiEnv } from '../auth.js';
import { plain } from '../json.js';
import { problemResponses } from '../problem.js';
import { json } from '../schemas.js';


export function systemRoutes(api: OpenAPIHono<ApiEnv>, economy: Economy): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/me',
      tags: ['System'],
      summary: 'The admin this token acts for',
      responses: { 200: json(z.object({ adminId: z.number().int(), tokenId: z.number().int() }).openapi('Me'), 'The token\'s admin'), ...problemResponses() },
    }),
    (c) => c.json({ ...c.get('principal') }, 200),
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/verify',
      tags: ['System'],
      summary: 'Checks every ledger invariant (SPEC §1)',
      responses: {
        200: json(
          z.object({ ok: z.boolean(), members: z.number().int(), transactions: z.number().int(), violations: z.array(z.record(z.string(), z.unknown())) }).openapi('VerifyReport'),
          'The report',
        ),
        ...problemResponses(),
      },
    }),
    async (c) => c.json(plain(await economy.verify()) as { ok: boolean; members: number; transactions: number; violations: Array<Record<string, unknown>> }, 200),
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['System'],
      summary: "The economy's health: circulation, activity, faucets and sinks per day, distribution, Gini (SPEC §8)",
      request: {
        query: z.strictObject({
          days: z
            .string()
            .regex(/^\d{1,3}$/, { message: `a whole number from 1 to ${MAX_METRICS_DAYS}` })
            .transform(Number)
            .optional()
            .openapi({ type: 'integer', example: 14, description: 'Economy days of movements per day' }),
        }),
      },
      responses: { 200: json(z.record(z.string(), z.unknown()).openapi('Metrics'), 'The metrics'), ...problemResponses() },
    }),
    async (c) => {
      const { days } = c.req.valid('query');
      return c.json(plain(await economy.metrics(days === undefined ? {} : { days })) as Record<string, unknown>, 200);
    },
  );
}
