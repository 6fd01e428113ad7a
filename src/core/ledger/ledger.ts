/**
 * The ledger service (SPEC §1): validates, applies movements through the repository,
 * turns idempotent replays into results. Everything that moves besitos goes through here.
 */
import { readAdminMovements, type AdminMovementsQuery } from './admin-movements.js';
import { checkStorableText } from '../storable-text.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { emitMovement } from './movement-events.js';
import { idempotencyConflict, keyedDifferences } from './idempotency-conflict.js';
import { levelProgress } from '../levels/level-formula.js';
import {
  applyMovement,
  findTransaction,
  IdempotentReplay,
  type AppliedMovement,
  type Movement,
} from './ledger-repository.js';
import { toLedgerTransaction, type LedgerTransaction, type MovementResult, type ProfileView } from './ledger-types.js';
import {
  checkAmount,
  checkIdempotencyKey,
  checkMemberId,
  checkMetadata,
  checkReason,
} from './movement-input.js';
import { isEarn, isSpend, isTransactionType, type EarnType, type SpendType, type TransactionType } from './transaction-types.js';
import { readTotalsByType } from './totals-by-type.js';
import type { TypeTally } from '../metrics/metrics-types.js';

export interface CreditInput {
  memberId: number;
  amount: number;
  /** An earning type; default EARN_ADMIN. */
  type?: EarnType;
  reason?: string;
  metadata?: Record<string, unknown>;
  idempotencyKey?: string;
}

export interface SpendInput {
  memberId: number;
  amount: number;
  /** A spending type; default SPEND_SHOP. */
  type?: SpendType;
  reason?: string;
  metadata?: Record<string, unknown>;
  idempotencyKey?: string;
}

export interface AdminMovementInput {
  adminId: number;
  memberId: number;
  amount: number;
  reason: string;
  metadata?: Record<string, unknown>;
  idempotencyKey?: string;
}

/**
 * A movement by the trusted operator: whoever holds the database (the `besitos` CLI, a
 * simulation) rather than an admin identified by a Telegram id. `by` (`cli`, `simulate`) is
 * recorded in the metadata where an admin movement records `admin_id`.
 */
export interface OperatorMovementInput {
  by: string;
  memberId: number;
  amount: number;
  reason?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  idempotencyKey?: string | undefined;
}

export interface RefundInput {
  memberId: number;
  /** The SPEND_SHOP transaction to give back. */
  transactionId: number;
  reason?: string;
  metadata?: Record<string, unknown>;
}

/** Validates every input, checks admins on every admin movement, and moves through the repository. */
export class Ledger {
  readonly #ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /** Earns besitos. Crediting an id never seen creates the member and the profile. */
  async credit(input: CreditInput): Promise<MovementResult> {
    const type = input.type ?? 'EARN_ADMIN';
    if (!isTransactionType(type) || !isEarn(type)) {
      throw new EconomyError('INVALID_INPUT', `a credit needs an earning type (EARN_…), got ${String(type)}`, { field: 'type' });
    }
    const amount = checkAmount(input.amount);
    return this.#move({
      memberId: checkMemberId(input.memberId),
      amount,
      earned: amount,
      spent: 0,
      type,
      reason: checkReason(input.reason, false),
      metadata: checkMetadata(input.metadata),
      idempotencyKey: checkIdempotencyKey(input.idempotencyKey),
      createIfMissing: true,
      at: this.#ctx.clock.now(),
    });
  }

  /** Spends besitos: refused with the balance when it is not enough; nothing changes. */
  async spend(input: SpendInput): Promise<MovementResult> {
    const type = input.type ?? 'SPEND_SHOP';
    if (!isTransactionType(type) || !isSpend(type)) {
      throw new EconomyError('INVALID_INPUT', `a spend needs a spending type (SPEND_…), got ${String(type)}`, { field: 'type' });
    }
    const amount = checkAmount(input.amount);
    return this.#move({
      memberId: checkMemberId(input.memberId),
      amount: -amount,
      earned: 0,
      spent: amount,
      type,
      reason: checkReason(input.reason, false),
      metadata: checkMetadata(input.metadata),
      idempotencyKey: checkIdempotencyKey(input.idempotencyKey),
      createIfMissing: false,
      at: this.#ctx.clock.now(),
    });
  }

  /** An admin gives besitos (EARN_ADMIN): reason required, the admin's id in metadata. */
  async adminCredit(input: AdminMovementInput): Promise<MovementResult> {
    const adminId = await this.#ctx.admins.require(input.adminId);
    return this.#told(this.credit({
      memberId: input.memberId,
      amount: input.amount,
      type: 'EARN_ADMIN',
      reason: checkReason(input.reason, true),
      metadata: { ...input.metadata, admin_id: adminId },
      ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
    }));
  }

  /** An admin takes besitos (SPEND_ADMIN): obeys the balance like any spend. */
  async adminDebit(input: AdminMovementInput): Promise<MovementResult> {
    const adminId = await this.#ctx.admins.require(input.adminId);
    return this.#told(this.spend({
      memberId: input.memberId,
      amount: input.amount,
      type: 'SPEND_ADMIN',
      reason: checkReason(input.reason, true),
      metadata: { ...input.metadata, admin_id: adminId },
      ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
    }));
  }

  /** The operator gives besitos, of any earning type (default EARN_ADMIN). */
  async operatorCredit(input: OperatorMovementInput & { type?: EarnType | undefined }): Promise<MovementResult> {
    return this.#told(this.credit({
      memberId: input.memberId,
      amount: input.amount,
      type: input.type ?? 'EARN_ADMIN',
      ...(input.reason !== undefined ? { reason: input.reason } : {}),
      metadata: { ...input.metadata, by: checkOperator(input.by) },
      ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
    }));
  }

  /** The operator takes besitos (SPEND_ADMIN): reason required like an admin's; obeys the balance. */
  async operatorDebit(input: OperatorMovementInput): Promise<MovementResult> {
    return this.#told(this.spend({
      memberId: input.memberId,
      amount: input.amount,
      type: 'SPEND_ADMIN',
      reason: checkReason(input.reason, true),
      metadata: { ...input.metadata, by: checkOperator(input.by) },
      ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
    }));
  }

  /**
   * Gives a shop spend back (REFUND_SHOP): the whole amount, at most once per spend (the
   * key `refund:<id>` makes a second refund a replay of the first).
   */
  async refund(input: RefundInput): Promise<MovementResult> {
    const memberId = checkMemberId(input.memberId);
    if (typeof input.transactionId !== 'number' || !Number.isSafeInteger(input.transactionId) || input.transactionId <= 0) {
      throw new EconomyError('INVALID_INPUT', 'transactionId must be a positive integer', { field: 'transactionId' });
    }
    const original = await findTransaction(this.#ctx.storage.db, input.transactionId);
    if (!original || original.member_id !== memberId) {
      throw new EconomyError('NOT_FOUND', `member ${memberId} has no transaction ${input.transactionId}`, {
        transactionId: input.transactionId,
      });
    }
    if (original.type !== 'SPEND_SHOP') {
      throw new EconomyError('NOT_REFUNDABLE', `only shop purchases (SPEND_SHOP) can be refunded, not ${original.type}`, {
        transactionId: original.id,
        type: original.type,
      });
    }
    const amount = -original.amount;
    return this.#move({
      memberId,
      amount,
      earned: 0,
      spent: -amount,
      type: 'REFUND_SHOP',
      reason: checkReason(input.reason, false),
      metadata: checkMetadata({ ...input.metadata, refund_of: original.id }),
      idempotencyKey: `refund:${original.id}`,
      createIfMissing: false,
      at: this.#ctx.clock.now(),
    });
  }

  /** The member's numbers; an id with no profile reads as balance 0 at the first level. */
  async profile(memberIdInput: number): Promise<ProfileView> {
    const memberId = checkMemberId(memberIdInput);
    const row = await this.#ctx.storage.db
      .selectFrom('profiles')
      .select(['balance', 'total_earned', 'total_spent', 'level'])
      .where('member_id', '=', memberId)
      .executeTakeFirst();
    const formula = await this.#ctx.formula(this.#ctx.storage.db);
    if (!row) {
      return { memberId, exists: false, balance: 0, totalEarned: 0, totalSpent: 0, level: formula.level(0), progress: levelProgress(formula, 0) };
    }
    return {
      memberId,
      exists: true,
      balance: row.balance,
      totalEarned: row.total_earned,
      totalSpent: row.total_spent,
      level: row.level,
      progress: levelProgress(formula, row.total_earned),
    };
  }

  /** Every movement ever, by type: count and besitos (positive; a spend of −30 counts 30). Types never used count 0. */
  totalsByType(): Promise<Record<TransactionType, TypeTally>> {
    return readTotalsByType(this.#ctx.storage.db);
  }

  /** Admin and operator credits and debits of every member, newest first (the audit log). */
  adminMovements(query: AdminMovementsQuery = {}): Promise<LedgerTransaction[]> {
    return readAdminMovements(this.#ctx.storage.db, query);
  }

  async balance(memberId: number): Promise<number> {
    return (await this.profile(memberId)).balance;
  }

  /**
   * An admin's or the operator's movement, once committed (not a replay): `movement.admin`
   * tells the member what moved and why (issue 10).
   */
  async #told(moving: Promise<MovementResult>): Promise<MovementResult> {
    const result = await moving;
    const t = result.transaction;
    if (!result.replayed && this.#ctx.events) {
      await this.#ctx.events.emit('movement.admin', {
        memberId: t.memberId,
        transactionId: t.id,
        amount: t.amount,
        reason: t.reason,
        balance: result.balances.balance,
        at: t.createdAt.getTime(),
      });
    }
    return result;
  }

  async #move(m: Movement): Promise<MovementResult> {
    let applied: AppliedMovement;
    try {
      applied = await applyMovement(this.#ctx.storage, m, this.#ctx.formula);
    } catch (err) {
      if (err instanceof IdempotentReplay) {
        const differences = keyedDifferences({ type: err.first.type as TransactionType, amount: err.first.amount }, m);
        if (differences.length > 0) throw idempotencyConflict(m.idempotencyKey!, differences);
        const now = await this.profile(m.memberId);
        const { balance, totalEarned, totalSpent, level } = now;
        return { transaction: toLedgerTransaction(err.first), balances: { balance, totalEarned, totalSpent, level }, replayed: true, levelChange: null };
      }
      throw err;
    }
    await emitMovement(this.#ctx.events, m, applied);
    return {
      transaction: writtenTransaction(m, applied),
      balances: {
        balance: applied.balance,
        totalEarned: applied.totalEarned,
        totalSpent: applied.totalSpent,
        level: applied.level,
      },
      replayed: false,
      levelChange: applied.level !== applied.previousLevel ? { from: applied.previousLevel, to: applied.level } : null,
    };
  }
}

function checkOperator(by: unknown): string {
  if (typeof by !== 'string' || by.trim() === '' || by.length > 64) {
    throw new EconomyError('INVALID_INPUT', 'an operator movement needs `by`: who made it (1 to 64 characters)', { field: 'by' });
  }
  return checkStorableText(by, 'by');
}

/** The movement's own row, built from what was written (no second read on the hot path). */
function writtenTransaction(m: Movement, applied: AppliedMovement): LedgerTransaction {
  return {
    id: applied.transactionId,
    memberId: m.memberId,
    amount: m.amount,
    type: m.type,
    reason: m.reason,
    metadata: JSON.parse(m.metadata) as Record<string, unknown>,
    idempotencyKey: m.idempotencyKey,
    balanceAfter: applied.balance,
    createdAt: new Date(m.at),
  };
}
