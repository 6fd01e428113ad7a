/**
 * What a committed movement tells listeners. Called by every operation that applied a
 * movement, only after its transaction committed.
 */
import type { EventBus } from '../events.js';
import type { AppliedMovement, Movement } from './ledger-repository.js';

export async function emitMovement(events: EventBus | undefined, m: Movement, applied: AppliedMovement): Promise<void> {
  if (!events) return;
  await events.emit('movement.applied', {
    memberId: m.memberId,
    transactionId: applied.transactionId,
    type: m.type,
    amount: m.amount,
    balance: applied.balance,
    totalEarned: applied.totalEarned,
    totalSpent: applied.totalSpent,
    at: m.at,
  });
  if (applied.level !== applied.previousLevel) {
    await events.emit('level.changed', { memberId: m.memberId, from: applied.previousLevel, to: applied.level, at: m.at });
  }
}
