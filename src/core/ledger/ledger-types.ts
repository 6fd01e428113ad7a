import type { TransactionRow } from '../../storage/database.js';
import type { LevelProgress } from '../levels/level-formula.js';
import type { TransactionType } from './transaction-types.js';

export interface LedgerTransaction {
  id: number;
  memberId: number;
  /** Signed: positive credits, negative spends. */
  amount: number;
  type: TransactionType;
  reason: string;
  metadata: Record<string, unknown>;
  idempotencyKey: string | null;
  balanceAfter: number;
  createdAt: Date;
}

export interface ProfileView {
  memberId: number;
  /** False for an id with no profile: balance 0, level of 0 earned, empty history. */
  exists: boolean;
  balance: number;
  totalEarned: number;
  totalSpent: number;
  level: number;
  progress: LevelProgress;
}

export interface Balances {
  balance: number;
  totalEarned: number;
  totalSpent: number;
  level: number;
}

export interface MovementResult {
  transaction: LedgerTransaction;
  /** The member's numbers right after this movement (for a replay: as they are now). */
  balances: Balances;
  /** True when the idempotency key had been used: nothing moved, `transaction` is the first. */
  replayed: boolean;
  /** Set when this movement changed the cached level. */
  levelChange: { from: number; to: number } | null;
}

export function toLedgerTransaction(row: TransactionRow): LedgerTransaction {
  return {
    id: row.id,
    memberId: row.member_id,
    amount: row.amount,
    type: row.type as TransactionType,
    reason: row.reason,
    metadata: JSON.parse(row.metadata) as Record<string, unknown>,
    idempotencyKey: row.idempotency_key,
    balanceAfter: row.balance_after,
    createdAt: new Date(row.created_at),
  };
}
