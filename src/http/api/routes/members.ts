/**
 * Members (SPEC §8 "member lookup by id or @username"): the profile with streaks, the
 * history with cursor paging and filters, purchases, rewards, role changes; and the
 * admin's writes: credit and debit with a reason and an Idempotency-Key, a VIP grant.
 * Every write acts as the token's admin (`admin_id` in the movement's metadata, `admin:<id>`
 * in the role audit), with `via: "api"` and the token's id beside it.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { EconomyError, isTransactionType, MAX_VIP_DAYS, MIN_VIP_DAYS, type Economy, type HistoryQuery, type TransactionType } from '../../../core/index.js';
import type { ApiEnv } from '../auth.js';
import { plain } from '../json.js';
import { movementRequest } from '../movement-request.js';
import { problemResponses } from '../problem.js';
import { body, HistoryPageSchema, HistoryQuerySchema, IdempotencyHeaders, json, MemberIdParams, MemberSchema, MovementBodySchema, MovementResultSchema, PageQuerySchema, PurchasesPageSchema, RewardSchema, RoleChangeSchema } from '../schemas.js';


const MemberRefParams = z.object({
  ref: z
    .string()
    .regex(/^(?:[1-9]\d{0,15}|@?[A-Za-z][A-Za-z0-9_]{3,31})$/, { message: 'a Telegram user id (digits) or an @username' })
    .openapi({ param: { name: 'ref', in: 'path' }, description: 'Telegram user id, or @username', example: '@ana' }),
});

/** Idempotency keys of the API live apart from the engine's own (`reaction:…`, `refund:…`). */
const apiKey = (key: string | undefined) => (key === undefined ? {} : { idempotencyKey: `api:${key}` });

export function memberRoutes(api: OpenAPIHono<ApiEnv>, economy: Economy): void {
  const profileOf = async (id: number) => {
    const [member, profile, daily, reactions] = await Promise.all([
      economy.membership.get(id),
      economy.ledger.profile(id),
      economy.daily.status(id),
      economy.reactions.streak(id),
    ]);
    if (!member && !profile.exists) throw new EconomyError('NOT_FOUND', `no member ${id}`, { memberId: id });
    return {
      id,
      username: member?.username ?? null,
      firstName: member?.firstName ?? null,
      lastName: member?.lastName ?? null,
      language: member?.language ?? null,
      role: member?.role ?? ((await economy.admins.isAdmin(id)) ? 'ADMIN' : 'FREE'),
      vipExpiresAt: member?.vipExpiresAt?.toISOString() ?? null,
      reachable: member?.reachable ?? false,
      known: member !== null,
      profile: plain(profile),
      dailyStreak: { current: daily.streak, longest: daily.longest, canClaim: daily.canClaim, nextClaimAt: new Date(daily.nextClaimAt).toISOString() },
      reactionStreak: { current: reactions.current, longest: reactions.longest, total: reactions.total },
    } as const;
  };

  api.openapi(
    createRoute({
      method: 'get',
      path: '/members/{ref}',
      tags: ['Members'],
      summary: 'Look a member up by id or @username: profile, level progress, streaks',
      request: { params: MemberRefParams },
      responses: { 200: json(MemberSchema, 'The member'), ...problemResponses(404) },
    }),
    async (c) => {
      const { ref } = c.req.valid('param');
      let id: number;
      if (/^\d+$/.test(ref)) id = Number(ref);
      else {
        const found = await economy.membership.findByUsername(ref);
        if (!found) throw new EconomyError('NOT_FOUND', `no member @${ref.replace(/^@/, '')}`, { username: ref.replace(/^@/, '') });
        id = found.id;
      }
      return c.json(await profileOf(id), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/members/{memberId}/history',
      tags: ['Members'],
      summary: "A member's movements, newest first, with keyset paging and filters (SPEC §1)",
      request: { params: MemberIdParams, query: HistoryQuerySchema },
      responses: { 200: json(HistoryPageSchema, 'One page'), ...problemResponses() },
    }),
    async (c) => {
      const { memberId } = c.req.valid('param');
      const q = c.req.valid('query');
      const query: HistoryQuery = {};
      if (q.types !== undefined) {
        const types = q.types.split(',').map((t) => t.trim());
        const bad = types.find((t) => !isTransactionType(t));
        if (bad !== undefined) throw new EconomyError('INVALID_INPUT', `types: '${bad}' is not a transaction type`, { field: 'types' });
        query.types = types as TransactionType[];
      }
      if (q.from !== undefined) query.from = isoMillis(q.from, 'from');
      if (q.to !== undefined) query.to = isoMillis(q.to, 'to');
      if (q.limit !== undefined) query.limit = q.limit;
      if (q.cursor !== undefined) query.cursor = q.cursor;
      if (q.after !== undefined) query.after = q.after;
      return c.json(plain(await economy.history(memberId, query)), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/members/{memberId}/purchases',
      tags: ['Members'],
      summary: "A member's purchases, newest first (refunded ones included)",
      request: { params: MemberIdParams, query: z.strictObject({ cursor: z.string().max(64).optional() }) },
      responses: { 200: json(PurchasesPageSchema, 'One page'), ...problemResponses() },
    }),
    async (c) => {
      const { memberId } = c.req.valid('param');
      const { cursor } = c.req.valid('query');
      return c.json(plain(await economy.shop.purchases(memberId, cursor === undefined ? {} : { cursor })), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/members/{memberId}/rewards',
      tags: ['Members'],
      summary: "A member's rewards with their state and progress (SPEC §6)",
      request: { params: MemberIdParams },
      responses: { 200: json(z.object({ items: z.array(RewardSchema) }), 'Every reward the member can see'), ...problemResponses() },
    }),
    async (c) => {
      const { memberId } = c.req.valid('param');
      return c.json({ items: plain(await economy.rewards.rewards(memberId)) as Array<Record<string, unknown>> }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/members/{memberId}/role-changes',
      tags: ['Members'],
      summary: "A member's role changes, newest first (the roles audit)",
      request: { params: MemberIdParams, query: PageQuerySchema },
      responses: { 200: json(z.object({ items: z.array(RoleChangeSchema) }), 'Role changes'), ...problemResponses() },
    }),
    async (c) => {
      const { memberId } = c.req.valid('param');
      const { limit, before } = c.req.valid('query');
      const items = await economy.membership.roleChanges(memberId, { ...(limit !== undefined ? { limit } : {}), ...(before !== undefined ? { beforeId: before } : {}) });
      return c.json({ items: plain(items) }, 200);
    },
  );

  for (const direction of ['credit', 'debit'] as const) {
    const route = createRoute({
      method: 'post',
      path: `/members/{memberId}/${direction}`,
      tags: ['Members'],
      summary:
        direction === 'credit'
          ? 'Give besitos (EARN_ADMIN) with a reason; a member never seen is created'
          : 'Take besitos (SPEND_ADMIN) with a reason; refused beyond the balance',
      request: { params: MemberIdParams, headers: IdempotencyHeaders, body: body(MovementBodySchema) },
      responses: {
        201: json(MovementResultSchema, 'Moved'),
        200: json(MovementResultSchema, 'A replay of the Idempotency-Key: nothing moved'),
        ...problemResponses(403, 404, 409, 413, 415, 422),
      },
    });
    // Documented from the route, validated by the same schemas in one pass (movement-request.ts).
    api.openAPIRegistry.registerPath(route);
    api.post(`/members/:memberId/${direction}`, async (c) => {
      const request = await movementRequest(c);
      if (request instanceof Response) return request;
      const { memberId, amount, reason, metadata, idempotencyKey } = request;
      const { adminId, tokenId } = c.get('principal');
      const input = { adminId, memberId, amount, reason, metadata: { ...metadata, via: 'api', token_id: tokenId }, ...apiKey(idempotencyKey) };
      const result = direction === 'credit' ? await economy.ledger.adminCredit(input) : await economy.ledger.adminDebit(input);
      return c.json(plain(result), result.replayed ? 200 : 201);
    });
  }

  api.openapi(
    createRoute({
      method: 'post',
      path: '/members/{memberId}/vip',
      tags: ['Members'],
      summary: 'Grant VIP days (added from the later of now and the current expiry, SPEC §7)',
      request: {
        params: MemberIdParams,
        body: body(
          z
            .strictObject({
              days: z.number().int().min(MIN_VIP_DAYS).max(MAX_VIP_DAYS).openapi({ example: 30 }),
              reason: z.string().min(1).max(255).optional(),
            })
            .openapi('VipGrantRequest'),
        ),
      },
      responses: {
        200: json(z.object({ memberId: z.number().int(), role: z.string(), vipExpiresAt: z.string().nullable(), change: RoleChangeSchema.nullable() }), 'Granted'),
        ...problemResponses(403, 413, 415),
      },
    }),
    async (c) => {
      const { memberId } = c.req.valid('param');
      const { days, reason } = c.req.valid('json');
      const { adminId } = c.get('principal');
      const result = await economy.membership.grantVip({ memberId, days, adminId, ...(reason !== undefined ? { reason } : {}) });
      return c.json(
        { memberId, role: result.member.role, vipExpiresAt: result.member.vipExpiresAt?.toISOString() ?? null, change: result.change ? plain(result.change) : null },
        200,
      );
    },
  );
}

function isoMillis(text: string, field: string): number {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new EconomyError('INVALID_INPUT', `${field} is not an ISO time`, { field });
  return ms;
}
