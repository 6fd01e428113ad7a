/**
 * Membership's writes inside another module's transaction: a shop purchase of VIP days and
 * a VIP_DAYS reward extend VIP in the transaction that pays for it, the day-boundary job
 * expires VIPs in its own. Engine-internal: adapters reach membership through
 * `MembershipService`, which has no method taking a transaction. Each caller announces the
 * returned changes (`role.changed`) after its commit.
 */
import type { Executor } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { checkMemberId, checkReason } from '../ledger/movement-input.js';
import { checkActor, checkDays } from './membership-input.js';
import { expireVipsIn, updateRoleIn, type RoleChange, type RoleUpdateResult, type VipGranter } from './membership-repository.js';

export class VipGrants implements VipGranter {
  readonly #ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /** Whole days from max(now, expiry), role VIP unless ADMIN, audited as `by`. */
  async grantVipIn(trx: Executor, input: { memberId: number; days: number; by: string; reason?: string }): Promise<RoleUpdateResult> {
    const memberId = checkMemberId(input?.memberId);
    const days = checkDays(input.days);
    const reason = checkReason(input.reason, false);
    const by = checkActor(input.by);
    return updateRoleIn(trx, this.#ctx.storage.dialect, {
      memberId,
      update: { kind: 'extend', days, keepAdmin: true },
      changedBy: by,
      reason,
      at: this.#ctx.clock.now(),
      configuredAdmin: this.#ctx.admins.isConfiguredAdmin(memberId),
    });
  }

  /** Every VIP whose expiry is ≤ `at` becomes FREE (idempotent). */
  expireVipsIn(trx: Executor, at: number): Promise<RoleChange[]> {
    return expireVipsIn(trx, at, (id) => this.#ctx.admins.isConfiguredAdmin(id));
  }

  /** Emits `role.changed` for committed changes, in order. */
  async announce(changes: Iterable<RoleChange | null>): Promise<void> {
    for (const c of changes) {
      if (!c) continue;
      await this.#ctx.events.emit('role.changed', {
        memberId: c.memberId,
        from: c.from,
        to: c.to,
        vipExpiresAt: c.vipExpiresAt === null ? null : c.vipExpiresAt.getTime(),
        changedBy: c.changedBy,
        reason: c.reason,
        at: c.changedAt.getTime(),
      });
    }
  }
}
