/**
 * Content sets, products and rewards (SPEC §5, §6): list, create, update, switch off (and
 * on). The engine validates every field and checks the admin on every call; the request
 * schemas refuse unknown fields and wrong types before it is asked.
 */
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CONDITION_TYPES, CLAIM_MODES, REWARD_KINDS, type Economy, type RewardInput } from '../../../core/index.js';
import type { ApiEnv } from '../auth.js';
import { plain } from '../json.js';
import { problemResponses } from '../problem.js';
import { body, ContentItemSchema, ContentSetSchema, idParam, json, ProductSchema, RewardSchema } from '../schemas.js';

const int = () => z.number().int();

const ContentSetBody = z.strictObject({ name: z.string().min(1).max(100), items: z.array(ContentItemSchema).min(1) }).openapi('ContentSetRequest');
const ContentSetPatch = ContentSetBody.partial().openapi('ContentSetUpdate');

const ProductFields = {
  name: z.string().min(1),
  description: z.string(),
  kind: z.enum(['CONTENT', 'VIP_DAYS']),
  contentSetId: int().positive().nullable(),
  days: int().positive().nullable(),
  price: int().min(0),
  vipPrice: int().min(0).nullable(),
  vipDiscountPct: int().min(0).max(100).nullable(),
  tier: z.enum(['FREE', 'VIP']),
  active: z.boolean(),
  sortOrder: int(),
  stock: int().min(0).nullable(),
  perMemberLimit: int().positive().nullable(),
};
const ProductBody = z
  .strictObject({ ...ProductFields, description: ProductFields.description.optional() })
  .partial({ contentSetId: true, days: true, vipPrice: true, vipDiscountPct: true, tier: true, active: true, sortOrder: true, stock: true, perMemberLimit: true })
  .openapi('ProductRequest');
const ProductPatch = z.strictObject(ProductFields).partial().openapi('ProductUpdate');

const ConditionSchema = z.strictObject({ type: z.enum(CONDITION_TYPES), value: int().nullable().optional(), group: int().min(0).optional() });
const RewardFields = {
  name: z.string().min(1),
  description: z.string(),
  kind: z.enum(REWARD_KINDS),
  amount: int().positive(),
  days: int().positive(),
  contentSetId: int().positive(),
  badgeName: z.string().min(1),
  badgeEmoji: z.string().min(1),
  repeatable: z.boolean(),
  cooldownHours: int().positive(),
  maxClaims: int().positive().nullable(),
  secret: z.boolean(),
  claimMode: z.enum(CLAIM_MODES),
  claimWindowHours: int().positive().nullable(),
  active: z.boolean(),
  conditions: z.array(ConditionSchema),
};
const RewardBody = z
  .strictObject(RewardFields)
  .partial()
  .required({ name: true, kind: true, conditions: true })
  .openapi('RewardRequest');
const RewardPatch = z.strictObject(RewardFields).partial().openapi('RewardUpdate');

const SetParams = z.object({ contentSetId: idParam('contentSetId', 'Content set id') });
const ProductParams = z.object({ productId: idParam('productId', 'Product id') });
const RewardParams = z.object({ rewardId: idParam('rewardId', 'Reward id') });
const writes = problemResponses(403, 404, 413, 415);

export function catalogueRoutes(api: OpenAPIHono<ApiEnv>, economy: Economy): void {
  const admin = (c: { get(key: 'principal'): { adminId: number } }) => c.get('principal').adminId;

  // ------------------------------------------------------------ content sets
  api.openapi(
    createRoute({ method: 'get', path: '/content-sets', tags: ['Shop'], summary: 'Every content set', responses: { 200: json(z.object({ items: z.array(ContentSetSchema) }), 'Content sets'), ...problemResponses(403) } }),
    async (c) => c.json({ items: plain(await economy.shop.contentSets(admin(c))) }, 200),
  );
  api.openapi(
    createRoute({ method: 'post', path: '/content-sets', tags: ['Shop'], summary: 'Create a content set (files by Telegram file id, or messages to copy)', request: { body: body(ContentSetBody) }, responses: { 201: json(ContentSetSchema, 'Created'), ...writes } }),
    async (c) => c.json(plain(await economy.shop.createContentSet({ adminId: admin(c), ...c.req.valid('json') })), 201),
  );
  api.openapi(
    createRoute({ method: 'patch', path: '/content-sets/{contentSetId}', tags: ['Shop'], summary: 'Rename a content set or replace its items', request: { params: SetParams, body: body(ContentSetPatch) }, responses: { 200: json(ContentSetSchema, 'Updated'), ...writes } }),
    async (c) => c.json(plain(await economy.shop.updateContentSet({ adminId: admin(c), contentSetId: c.req.valid('param').contentSetId, ...c.req.valid('json') })), 200),
  );

  // ------------------------------------------------------------ products
  api.openapi(
    createRoute({ method: 'get', path: '/products', tags: ['Shop'], summary: 'Every product, inactive ones included', responses: { 200: json(z.object({ items: z.array(ProductSchema) }), 'Products'), ...problemResponses(403) } }),
    async (c) => c.json({ items: plain(await economy.shop.products(admin(c))) }, 200),
  );
  api.openapi(
    createRoute({ method: 'post', path: '/products', tags: ['Shop'], summary: 'Create a product (CONTENT needs contentSetId, VIP_DAYS needs days)', request: { body: body(ProductBody) }, responses: { 201: json(ProductSchema, 'Created'), ...writes } }),
    async (c) => c.json(plain(await economy.shop.createProduct({ adminId: admin(c), ...c.req.valid('json') })), 201),
  );
  api.openapi(
    createRoute({ method: 'patch', path: '/products/{productId}', tags: ['Shop'], summary: 'Change the given fields (null clears vipPrice, vipDiscountPct, stock, perMemberLimit)', request: { params: ProductParams, body: body(ProductPatch) }, responses: { 200: json(ProductSchema, 'Updated'), ...writes } }),
    async (c) => c.json(plain(await economy.shop.updateProduct({ adminId: admin(c), productId: c.req.valid('param').productId, ...c.req.valid('json') })), 200),
  );
  for (const [verb, on] of [['deactivate', false], ['activate', true]] as const) {
    api.openapi(
      createRoute({ method: 'post', path: `/products/{productId}/${verb}`, tags: ['Shop'], summary: on ? 'Put a product on sale again' : 'Switch a product off (kept, not sold)', request: { params: ProductParams }, responses: { 200: json(ProductSchema, 'The product'), ...problemResponses(403, 404) } }),
      async (c) => {
        const { productId } = c.req.valid('param');
        return c.json(plain(on ? await economy.shop.activate(admin(c), productId) : await economy.shop.deactivate(admin(c), productId)), 200);
      },
    );
  }

  // ------------------------------------------------------------ rewards
  api.openapi(
    createRoute({ method: 'get', path: '/rewards', tags: ['Rewards'], summary: 'Every reward with its conditions', responses: { 200: json(z.object({ items: z.array(RewardSchema) }), 'Rewards'), ...problemResponses(403) } }),
    async (c) => c.json({ items: plain(await economy.rewards.listRewards(admin(c))) as Array<Record<string, unknown>> }, 200),
  );
  api.openapi(
    createRoute({ method: 'post', path: '/rewards', tags: ['Rewards'], summary: 'Create a reward with its conditions (SPEC §6)', request: { body: body(RewardBody) }, responses: { 201: json(RewardSchema, 'Created'), ...writes } }),
    async (c) => c.json(plain(await economy.rewards.createReward(admin(c), c.req.valid('json') as RewardInput)) as Record<string, unknown>, 201),
  );
  api.openapi(
    createRoute({ method: 'patch', path: '/rewards/{rewardId}', tags: ['Rewards'], summary: 'Change the given fields of a reward', request: { params: RewardParams, body: body(RewardPatch) }, responses: { 200: json(RewardSchema, 'Updated'), ...writes } }),
    async (c) => c.json(plain(await economy.rewards.updateReward(admin(c), c.req.valid('param').rewardId, c.req.valid('json') as Partial<RewardInput>)) as Record<string, unknown>, 200),
  );
  for (const [verb, on] of [['deactivate', false], ['activate', true]] as const) {
    api.openapi(
      createRoute({ method: 'post', path: `/rewards/{rewardId}/${verb}`, tags: ['Rewards'], summary: on ? 'Switch a reward on again' : 'Switch a reward off (not unlocked, not claimable)', request: { params: RewardParams }, responses: { 200: json(RewardSchema, 'The reward'), ...problemResponses(403, 404) } }),
      async (c) => c.json(plain(await economy.rewards.setActive(admin(c), c.req.valid('param').rewardId, on)) as Record<string, unknown>, 200),
    );
  }
}
