/**
 * Movements made by the trusted operator: whoever holds the database (the `besitos` CLI, a
 * simulation) rather than an admin identified by a Telegram id. The engine's admin
 * movements need an admin id to check and record, so operator movements record `by`
 * (`cli`, `simulate`) in the metadata instead. Shared so the CLI and simulate agree.
 */
import type { Economy } from '../core/engine.js';
import type { MovementResult } from '../core/ledger/ledger-types.js';
import { checkReason } from '../core/ledger/movement-input.js';
import type { EarnType } from '../core/ledger/transaction-types.js';

export interface OperatorMovement {
  memberId: number;
  amount: number;
  reason?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
  idempotencyKey?: string | undefined;
}

/** A credit of any earning type (default EARN_ADMIN). */
export function operatorCredit(
  economy: Economy,
  by: string,
  input: OperatorMovement & { type?: EarnType | undefined },
): Promise<MovementResult> {
  return economy.ledger.credit({
    memberId: input.memberId,
    amount: input.amount,
    type: input.type ?? 'EARN_ADMIN',
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    metadata: { ...input.metadata, by },
    ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
  });
}

/** A debit (SPEND_ADMIN): reason required like an admin's, and it obeys the balance. */
export function operatorDebit(economy: Economy, by: string, input: OperatorMovement): Promise<MovementResult> {
  return economy.ledger.spend({
    memberId: input.memberId,
    amount: input.amount,
    type: 'SPEND_ADMIN',
    reason: checkReason(input.reason, true),
    metadata: { ...input.metadata, by },
    ...(input.idempotencyKey !== undefined ? { idempotencyKey: input.idempotencyKey } : {}),
  });
}
