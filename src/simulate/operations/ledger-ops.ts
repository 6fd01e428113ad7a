/**
 * Ledger operations (SPEC §1): movements, a member's numbers and history, and the
 * invariant check. Results are the engine's own objects; their Dates print as ISO text.
 */
import { z } from 'zod';
import { EARN_TYPES, EconomyError, TRANSACTION_TYPES } from '../../core/index.js';
import { amountField, isoTime, keyField, memberField, metadataField } from '../fields.js';
import { defineOperation, type Operation } from '../registry.js';

/** Recorded as `by` in the metadata of operator movements made by a simulation. */
export const SIMULATE_OPERATOR = 'simulate';

const adminField = z.number().optional();

const credit = defineOperation(
  'credit',
  z.strictObject({
    member: memberField,
    amount: amountField,
    type: z.enum(EARN_TYPES).optional(),
    reason: z.string().optional(),
    key: keyField,
    metadata: metadataField,
    // With `admin`: an admin's credit through the bot (checked, FORBIDDEN for a non-admin).
    admin: adminField,
  }),
  async (a, { economy }) => {
    if (a.admin === undefined) {
      return economy.ledger.operatorCredit({
        by: SIMULATE_OPERATOR,
        memberId: a.member,
        amount: a.amount,
        type: a.type,
        reason: a.reason,
        metadata: a.metadata,
        idempotencyKey: a.key,
      });
    }
    if (a.type !== undefined && a.type !== 'EARN_ADMIN') {
      throw new EconomyError('INVALID_INPUT', `credit: an admin's credit is always EARN_ADMIN, not ${a.type}`, { field: 'type' });
    }
    return economy.ledger.adminCredit({
      adminId: a.admin,
      memberId: a.member,
      amount: a.amount,
      reason: a.reason as string, // the engine refuses a missing reason (INVALID_INPUT)
      ...(a.metadata !== undefined ? { metadata: a.metadata } : {}),
      ...(a.key !== undefined ? { idempotencyKey: a.key } : {}),
    });
  },
);

const debit = defineOperation(
  'debit',
  z.strictObject({ member: memberField, amount: amountField, reason: z.string(), key: keyField, admin: adminField }),
  async (a, { economy }) =>
    a.admin === undefined
      ? economy.ledger.operatorDebit({ by: SIMULATE_OPERATOR, memberId: a.member, amount: a.amount, reason: a.reason, idempotencyKey: a.key })
      : economy.ledger.adminDebit({
          adminId: a.admin,
          memberId: a.member,
          amount: a.amount,
          reason: a.reason,
          ...(a.key !== undefined ? { idempotencyKey: a.key } : {}),
        }),
);

const spend = defineOperation(
  'spend',
  z.strictObject({ member: memberField, amount: amountField, reason: z.string().optional(), key: keyField }),
  async (a, { economy }) =>
    economy.ledger.spend({
      memberId: a.member,
      amount: a.amount,
      type: 'SPEND_SHOP',
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
      ...(a.key !== undefined ? { idempotencyKey: a.key } : {}),
    }),
);

const refund = defineOperation(
  'refund',
  z.strictObject({ member: memberField, transaction: z.number().int().positive(), reason: z.string().optional() }),
  async (a, { economy }) =>
    economy.ledger.refund({
      memberId: a.member,
      transactionId: a.transaction,
      ...(a.reason !== undefined ? { reason: a.reason } : {}),
    }),
);

const profile = defineOperation('profile', z.strictObject({ member: memberField }), async (a, { economy }) =>
  economy.ledger.profile(a.member),
);

const history = defineOperation(
  'history',
  z.strictObject({
    member: memberField,
    types: z.array(z.enum(TRANSACTION_TYPES)).min(1).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    limit: z.number().optional(), // the engine checks the range (1 to 100)
    cursor: z.string().optional(),
  }),
  async (a, { economy }) =>
    economy.history(a.member, {
      ...(a.types !== undefined ? { types: a.types } : {}),
      ...(a.from !== undefined ? { from: a.from } : {}),
      ...(a.to !== undefined ? { to: a.to } : {}),
      ...(a.limit !== undefined ? { limit: a.limit } : {}),
      ...(a.cursor !== undefined ? { cursor: a.cursor } : {}),
    }),
);

const verify = defineOperation('verify', z.strictObject({}), async (_a, { economy }) => economy.verify());

export const ledgerOperations: readonly Operation[] = [credit, debit, spend, refund, profile, history, verify];
