/**
 * The grant of one occurrence (SPEC §6), inside the transaction that unlocks or claims it:
 * BESITOS as an EARN_REWARD movement with the key `reward:<id>:<occurrence>` (capped at
 * `rewards.besitos_cap`), VIP_DAYS through the membership extension (capped at
 * `rewards.vip_days_cap`), BADGE and CONTENT stored. The value granted and whether the cap
 * lowered it are recorded on the member's row in the same transaction.
 *
 * After the commit: `reward.granted` and the movement / role events of the grant, then a
 * CONTENT grant's set goes out (never inside the transaction) through the shop's Deliverer
 * port and its retries. A failed delivery is logged by the shop and leaves the grant as it
 * is (nothing was paid); `redeliver` (reward-claims.ts) sends it again.
 */
import type { MemberRewardRow, RewardClaimMode, RewardRow } from '../../storage/rewards-tables.js';
import type { Executor } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { applyMovementIn, type AppliedMovement, type Movement } from '../ledger/ledger-repository.js';
import { emitMovement } from '../ledger/movement-events.js';
import type { RoleChange } from '../membership/membership-repository.js';
import { VipGrants } from '../membership/vip-grants.js';
import type { EconomySettings } from '../settings/settings-schema.js';
import type { RewardDelivery } from '../shop/shop-types.js';
import { readVipExpiry, recordGrant } from './member-rewards-repository.js';
import { badgeOf, type ContentDelivery, type RewardGrant } from './reward-types.js';

/** What a grant's transaction moved, announced once it committed. */
export interface Committed {
  movement?: { m: Movement; applied: AppliedMovement };
  roleChange?: RoleChange | null;
}

export class RewardGrants {
  readonly #ctx: EngineContext;
  readonly #vip: VipGrants;
  readonly #content: ContentDelivery | undefined;

  constructor(ctx: EngineContext, content: ContentDelivery | undefined) {
    this.#ctx = ctx;
    this.#vip = new VipGrants(ctx);
    this.#content = content;
  }

  /** Grants an occurrence inside the caller's transaction and records what was granted. */
  async grantIn(
    trx: Executor,
    memberId: number,
    row: RewardRow,
    occurrence: MemberRewardRow,
    settings: EconomySettings,
    at: number,
    committed: Committed,
  ): Promise<RewardGrant> {
    // A transaction run again after a lost connection starts from nothing.
    delete committed.movement;
    delete committed.roleChange;
    let value: number | null = row.value;
    let capped = false;
    let transactionId: number | null = null;
    let balance: number | null = null;
    let vipExpiresAt: Date | null = null;
    if (row.kind === 'VIP_DAYS') {
      const cap = settings['rewards.vip_days_cap'];
      const asked = row.value ?? 0;
      value = Math.min(asked, cap);
      capped = asked > cap;
    }
    if (row.kind === 'BESITOS') {
      const credit = besitosCredit(memberId, row, occurrence.occurrence, settings, at);
      ({ value, capped } = credit);
      const applied = await applyMovementIn(trx, this.#ctx.storage.dialect, credit.m, this.#ctx.formula);
      committed.movement = { m: credit.m, applied };
      transactionId = applied.transactionId;
      balance = applied.balance;
    } else if (row.kind === 'VIP_DAYS') {
      const result = await this.#vip.grantVipIn(trx, { memberId, days: value!, by: `reward:${row.id}`, reason: row.name });
      committed.roleChange = result.change;
      vipExpiresAt = await readVipExpiry(trx, memberId);
    }
    await recordGrant(trx, occurrence.id, { value, capped, transactionId });
    return grantOf(memberId, row, occurrence.occurrence, { value, capped, transactionId, balance, vipExpiresAt }, at);
  }

  /** reward.granted first, then what the grant moved (listeners may evaluate again in between). */
  async announce(grant: RewardGrant, committed: Committed, claimMode: RewardClaimMode): Promise<void> {
    await this.#ctx.events?.emit('reward.granted', {
      memberId: grant.memberId,
      rewardId: grant.rewardId,
      name: grant.name,
      kind: grant.kind,
      value: grant.value,
      capped: grant.capped,
      badge: grant.badge,
      claimMode,
      at: grant.at.getTime(),
    });
    if (committed.movement) await emitMovement(this.#ctx.events, committed.movement.m, committed.movement.applied);
    if (committed.roleChange) await this.#vip.announce([committed.roleChange]);
  }

  /**
   * After the commit and the grant's events: sends a CONTENT grant's set, records the outcome
   * on the grant. With `mayDefer` (an evaluation's auto grant) and a port that defers, it
   * returns at once and the outcome lands on the grant when the delivery settles (issue 14:
   * the press is answered first); `delivered` reads false until then.
   */
  async deliverContent(grant: RewardGrant, memberRewardId: number, options: { mayDefer?: boolean } = {}): Promise<void> {
    if (grant.kind !== 'CONTENT' || grant.value === null || !this.#content) return;
    const content = this.#content;
    const delivering = content
      .deliverReward(grant.memberId, grant.value, { rewardId: grant.rewardId, memberRewardId, occurrence: grant.occurrence, name: grant.name })
      .then((delivered) => {
        grant.delivered = delivered;
      })
      // deliverReward never throws (it reports its failures); nothing may escape a deferred one.
      .catch(() => {});
    if (options.mayDefer && content.defersRewardDelivery?.()) return;
    await delivering;
  }

  /** Sends a content set again through the shop's port; false (nothing sent) when the engine has none. */
  async resend(memberId: number, contentSetId: number, reward: RewardDelivery): Promise<boolean> {
    return this.#content ? await this.#content.deliverReward(memberId, contentSetId, reward) : false;
  }
}

/**
 * A BESITOS grant's credit: EARN_REWARD with the key `reward:<id>:<occurrence>`, the amount
 * capped at `rewards.besitos_cap` (the cap applied recorded in the metadata). Also the
 * credit of the one-statement auto unlock (reward-unlock-fast.ts).
 */
export function besitosCredit(
  memberId: number,
  row: RewardRow,
  occurrence: number,
  settings: EconomySettings,
  at: number,
): { m: Movement; value: number; capped: boolean } {
  const cap = settings['rewards.besitos_cap'];
  const asked = row.value ?? 0;
  const value = Math.min(asked, cap);
  const capped = asked > cap;
  const m: Movement = {
    memberId,
    amount: value,
    earned: value,
    spent: 0,
    type: 'EARN_REWARD',
    reason: row.name,
    metadata: JSON.stringify({ rewardId: row.id, occurrence, ...(capped ? { capped: true, asked: row.value } : {}) }),
    idempotencyKey: `reward:${row.id}:${occurrence}`,
    createIfMissing: true,
    at,
  };
  return { m, value, capped };
}

/** What a grant gave, as its callers and events see it. */
export function grantOf(
  memberId: number,
  row: RewardRow,
  occurrence: number,
  given: { value: number | null; capped: boolean; transactionId: number | null; balance: number | null; vipExpiresAt: Date | null },
  at: number,
): RewardGrant {
  return {
    memberId,
    rewardId: row.id,
    name: row.name,
    kind: row.kind,
    occurrence,
    value: given.value,
    capped: given.capped,
    badge: badgeOf(row),
    transactionId: given.transactionId,
    balance: given.balance,
    vipExpiresAt: given.vipExpiresAt,
    delivered: row.kind === 'CONTENT' ? false : null,
    at: new Date(at),
  };
}
