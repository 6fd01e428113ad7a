/**
 * Purchases of every member, the admin's refund (SPEC §5's refund: the whole price once;
 * refused for a purchase refunded already and for VIP days), and the audit log of roles
 * and admin movements (the settings' audit is /settings/audit).
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { MAX_REASON_LENGTH, type Economy } from '../../../core/index.js';
import type { ApiEnv } from '../auth.js';
import { plain } from '../json.js';
import { problemResponses } from '../problem.js';
import { body, idParam, json, PageQuerySchema, PurchaseSchema, PurchasesPageSchema, RoleChangeSchema, TransactionSchema } from '../schemas.js';

const digits = (what: string) => z.string().regex(/^[1-9]\d{0,15}$/, { message: `must be ${what} (digits only)` }).transform(Number);

export function purchasesAuditRoutes(api: OpenAPIHono<ApiEnv>, economy: Economy): void {
  api.openapi(
    createRoute({
      method: 'get',
      path: '/purchases',
      tags: ['Shop'],
      summary: "Every member's purchases (or one member's), newest first",
      request: {
        query: z.strictObject({
          memberId: digits('a Telegram user id').optional().openapi({ type: 'string' }),
          limit: z.string().regex(/^\d{1,3}$/, { message: 'a whole number from 1 to 100' }).transform(Number).optional().openapi({ type: 'integer' }),
          cursor: z.string().max(32).optional(),
        }),
      },
      responses: { 200: json(PurchasesPageSchema, 'One page'), ...problemResponses(403) },
    }),
    async (c) => {
      const { memberId, limit, cursor } = c.req.valid('query');
      const page = await economy.shop.allPurchases(c.get('principal').adminId, {
        ...(memberId !== undefined ? { memberId } : {}),
        ...(limit !== undefined ? { limit } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      return c.json(plain(page), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/purchases/{purchaseId}/refund',
      tags: ['Shop'],
      summary: 'Give a purchase back: the whole price once, stock restored (not VIP days)',
      request: {
        params: z.object({ purchaseId: idParam('purchaseId', 'Purchase id') }),
        body: body(z.strictObject({ reason: z.string().min(1).max(MAX_REASON_LENGTH) }).openapi('RefundRequest')),
      },
      responses: { 200: json(z.object({ purchase: PurchaseSchema, balance: z.number().int() }).openapi('Refund'), 'Refunded'), ...problemResponses(403, 404, 409, 413, 415) },
    }),
    async (c) => {
      const { purchaseId } = c.req.valid('param');
      const { reason } = c.req.valid('json');
      return c.json(plain(await economy.shop.refundPurchase({ adminId: c.get('principal').adminId, purchaseId, reason })), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit/roles',
      tags: ['Audit'],
      summary: 'Role changes of every member, newest first (VIP grants and expiries, admins named)',
      request: { query: PageQuerySchema },
      responses: { 200: json(z.object({ items: z.array(RoleChangeSchema) }), 'Role changes'), ...problemResponses() },
    }),
    async (c) => {
      const { limit, before } = c.req.valid('query');
      const items = await economy.membership.allRoleChanges({ ...(limit !== undefined ? { limit } : {}), ...(before !== undefined ? { beforeId: before } : {}) });
      return c.json({ items: plain(items) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/audit/movements',
      tags: ['Audit'],
      summary: "Admins' (and the operator's) credits and debits of every member, newest first",
      request: { query: PageQuerySchema },
      responses: { 200: json(z.object({ items: z.array(TransactionSchema) }), 'Movements'), ...problemResponses() },
    }),
    async (c) => {
      const { limit, before } = c.req.valid('query');
      const items = await economy.ledger.adminMovements({ ...(limit !== undefined ? { limit } : {}), ...(before !== undefined ? { beforeId: before } : {}) });
      return c.json({ items: plain(items) }, 200);
    },
  );
}
