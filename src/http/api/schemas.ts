/**
 * The zod schemas of the API's requests and responses: the same schema validates a
 * request (unknown fields refused: strict objects) and describes it in the OpenAPI document.
 */
import { z } from '@hono/zod-openapi';
import { MAX_AMOUNT, MAX_HISTORY_PAGE, MAX_REASON_LENGTH, MAX_KEY_LENGTH, TRANSACTION_TYPES } from '../../core/index.js';

/** A JSON response of a route, for createRoute's `responses`. */
export const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
/** A required JSON request body, for createRoute's `request.body`. */
export const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });

const isoTime = z.string().openapi({ format: 'date-time', example: '2026-01-01T10:00:00.000Z' });
const role = z.enum(['FREE', 'VIP', 'ADMIN']);

/** A path id: digits only (a member id `1e3` is not member 1000). */
export const idParam = (name: string, description: string) =>
  z
    .string()
    .regex(/^[1-9]\d{0,15}$/, { message: 'must be a positive whole number (digits only)' })
    .transform(Number)
    .refine(Number.isSafeInteger, { message: 'too large' })
    .openapi({ param: { name, in: 'path' }, description, example: '123456789', type: 'string' });

export const MemberIdParams = z.object({ memberId: idParam('memberId', 'Telegram user id') });

export const TransactionSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    amount: z.number().int().openapi({ description: 'Signed: positive credits, negative spends' }),
    type: z.enum(TRANSACTION_TYPES),
    reason: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    idempotencyKey: z.string().nullable(),
    balanceAfter: z.number().int(),
    createdAt: isoTime,
  })
  .openapi('Transaction');

export const BalancesSchema = z
  .object({ balance: z.number().int(), totalEarned: z.number().int(), totalSpent: z.number().int(), level: z.number().int() })
  .openapi('Balances');

export const MovementResultSchema = z
  .object({
    transaction: TransactionSchema,
    balances: BalancesSchema,
    replayed: z.boolean().openapi({ description: 'The Idempotency-Key was used already: nothing moved, this is the first result' }),
    levelChange: z.object({ from: z.number().int(), to: z.number().int() }).nullable(),
  })
  .openapi('MovementResult');

export const MovementBodySchema = z
  .strictObject({
    amount: z.number().int().min(1).max(MAX_AMOUNT).openapi({ example: 50 }),
    reason: z.string().min(1).max(MAX_REASON_LENGTH).openapi({ example: 'welcome gift' }),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('MovementRequest');

export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(MAX_KEY_LENGTH)
    .optional()
    .openapi({ description: 'The same key again returns the first result and moves nothing', example: 'crm-4711' }),
});

export const HistoryQuerySchema = z.strictObject({
  types: z
    .string()
    .optional()
    .openapi({ description: `Comma-separated transaction types (${TRANSACTION_TYPES.join(', ')})`, example: 'EARN_ADMIN,SPEND_ADMIN' }),
  from: isoTime.optional().openapi({ description: 'Inclusive lower bound' }),
  to: isoTime.optional().openapi({ description: 'Exclusive upper bound' }),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, { message: `must be a whole number from 1 to ${MAX_HISTORY_PAGE}` })
    .transform(Number)
    .optional()
    .openapi({ type: 'integer', example: 20 }),
  cursor: z.string().max(64).optional().openapi({ description: 'nextCursor of the previous page (older rows)' }),
  after: z.string().max(64).optional().openapi({ description: 'prevCursor of a page (newer rows)' }),
});

export const HistoryPageSchema = z
  .object({
    items: z.array(TransactionSchema),
    nextCursor: z.string().nullable(),
    prevCursor: z.string().optional(),
    total: z.number().int(),
  })
  .openapi('HistoryPage');

export const LevelProgressSchema = z.object({
  level: z.number().int(),
  nextLevel: z.number().int().nullable(),
  nextLevelAt: z.number().int().nullable(),
  missing: z.number().int().nullable(),
  progress: z.number(),
});

export const MemberSchema = z
  .object({
    id: z.number().int(),
    username: z.string().nullable(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    language: z.string().nullable(),
    role,
    vipExpiresAt: isoTime.nullable(),
    reachable: z.boolean(),
    known: z.boolean().openapi({ description: 'The bot has met this member (a member row exists)' }),
    profile: z.object({
      exists: z.boolean(),
      balance: z.number().int(),
      totalEarned: z.number().int(),
      totalSpent: z.number().int(),
      level: z.number().int(),
      progress: LevelProgressSchema,
    }),
    dailyStreak: z.object({ current: z.number().int(), longest: z.number().int(), canClaim: z.boolean(), nextClaimAt: isoTime }),
    reactionStreak: z.object({ current: z.number().int(), longest: z.number().int(), total: z.number().int() }),
  })
  .openapi('Member');

export const RoleChangeSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    from: role,
    to: role,
    vipExpiresAt: isoTime.nullable(),
    changedBy: z.string(),
    reason: z.string(),
    changedAt: isoTime,
  })
  .openapi('RoleChange');

export const SettingAuditSchema = z
  .object({ id: z.number().int(), key: z.string(), oldValue: z.unknown(), newValue: z.unknown(), changedBy: z.string(), changedAt: isoTime })
  .openapi('SettingAuditEntry');

export const ContentItemSchema = z.union([
  z.strictObject({ kind: z.enum(['photo', 'video', 'document', 'audio', 'animation']), fileId: z.string().min(1) }),
  z.strictObject({ kind: z.literal('copy'), chatId: z.number().int(), messageId: z.number().int().positive() }),
]);

export const ContentSetSchema = z
  .object({ id: z.number().int(), name: z.string(), items: z.array(ContentItemSchema), createdAt: isoTime, updatedAt: isoTime })
  .openapi('ContentSet');

export const ProductSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    description: z.string(),
    kind: z.enum(['CONTENT', 'VIP_DAYS']),
    contentSetId: z.number().int().nullable(),
    days: z.number().int().nullable(),
    price: z.number().int(),
    vipPrice: z.number().int().nullable(),
    vipDiscountPct: z.number().int().nullable(),
    effectiveVipPrice: z.number().int(),
    tier: z.enum(['FREE', 'VIP']),
    active: z.boolean(),
    sortOrder: z.number().int(),
    stock: z.number().int().nullable(),
    perMemberLimit: z.number().int().nullable(),
    purchaseCount: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .openapi('Product');

export const PurchaseSchema = z
  .object({
    id: z.number().int(),
    memberId: z.number().int(),
    productId: z.number().int(),
    productName: z.string(),
    productKind: z.enum(['CONTENT', 'VIP_DAYS']),
    confirmationKey: z.string(),
    price: z.number().int(),
    transactionId: z.number().int().nullable(),
    status: z.string(),
    refundTransactionId: z.number().int().nullable(),
    deliveredAt: isoTime.nullable(),
    refundedAt: isoTime.nullable(),
    createdAt: isoTime,
  })
  .openapi('Purchase');

export const PurchasesPageSchema = z.object({ items: z.array(PurchaseSchema), nextCursor: z.string().nullable() }).openapi('PurchasesPage');

/** Rewards carry conditions and states the engine defines; described loosely here. */
export const RewardSchema = z.record(z.string(), z.unknown()).openapi('Reward', { description: "A reward as the engine returns it (RewardView): name, kind, value, conditions, mode, active…" });

export const PageQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, { message: 'must be a whole number from 1 to 100' })
    .transform(Number)
    .optional()
    .openapi({ type: 'integer', example: 20 }),
  before: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, { message: 'must be an id' })
    .transform(Number)
    .optional()
    .openapi({ type: 'integer', description: 'Entries older than this id (the last id of the previous page)' }),
});
