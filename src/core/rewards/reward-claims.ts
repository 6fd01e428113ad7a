/**
 * What a member asks of a reward (SPEC §6): the claim of a manual reward's pending
 * occurrence (a guarded UPDATE of that row, then the grant in the same transaction), and
 * the redelivery of a CONTENT grant's set. Apart from the grants because a claim evaluates
 * first, and the evaluation itself grants.
 */
import { isUniqueViolation, writeTransaction, type Executor } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { IdempotentReplay } from '../ledger/ledger-repository.js';
import { checkMemberId } from '../ledger/movement-input.js';
import type { EconomySettings } from '../settings/settings-schema.js';
import { claimPending, nextOccurrence, readLatestContentGrant, readOccurrences } from './member-rewards-repository.js';
import { conditionProgress } from './reward-conditions.js';
import type { RewardEvaluation } from './reward-evaluation.js';
import { memberFacts, NO_FACTS } from './reward-facts.js';
import type { Committed, RewardGrants } from './reward-grants.js';
import { checkRewardId, rewardNotFound } from './reward-input.js';
import type { RewardGrant, RewardRedeliverResult } from './reward-types.js';
import { loadRewards, readRewardName, type StoredReward } from './rewards-repository.js';

function rewardInactive(rewardId: number): EconomyError {
  return new EconomyError('INACTIVE', `reward ${rewardId} was switched off and cannot be claimed`, { rewardId });
}

async function isRewardActive(trx: Executor, rewardId: number): Promise<boolean> {
  const row = await trx.selectFrom('rewards').select('active').where('id', '=', rewardId).where('deleted_at', 'is', null).executeTakeFirst();
  return row !== undefined && Number(row.active) === 1;
}

export interface ClaimInput {
  memberId: number;
  rewardId: number;
  /**
   * Called once the grant committed, before a CONTENT reward's set is sent (which may take
   * long): an adapter answers the member here. `delivered` is still null then. Its failure
   * is ignored.
   */
  onGranted?: (grant: RewardGrant) => void | Promise<void>;
}

export class RewardClaims {
  readonly #ctx: EngineContext;
  readonly #evaluation: RewardEvaluation;
  readonly #grants: RewardGrants;

  constructor(ctx: EngineContext, evaluation: RewardEvaluation, grants: RewardGrants) {
    this.#ctx = ctx;
    this.#evaluation = evaluation;
    this.#grants = grants;
  }

  /**
   * Claims a manual reward's pending occurrence within its window. Refusals: NOT_FOUND,
   * REWARD_LOCKED (never unlocked, with the progress), REWARD_EXPIRED (the window closed),
   * ALREADY_CLAIMED (the last occurrence was claimed; auto rewards are granted on unlock),
   * INACTIVE (an admin switched the reward off, even after it unlocked).
   * Rewards are evaluated first, so a reward the member already qualifies for unlocks now.
   */
  async claim(input: ClaimInput): Promise<RewardGrant> {
    const memberId = checkMemberId(input?.memberId);
    const rewardId = checkRewardId(input.rewardId);
    const stored = (await loadRewards(this.#ctx.storage.db, { ids: [rewardId] }))[0];
    if (!stored) throw rewardNotFound(rewardId);
    // SPEC §6: a reward switched off is not claimed any more, even an occurrence that
    // unlocked before (it used to pay). Checked again in the transaction below.
    if (Number(stored.row.active) !== 1) throw rewardInactive(rewardId);
    const justUnlocked = (await this.#evaluation.evaluate(memberId)).find((u) => u.rewardId === rewardId);
    if (justUnlocked?.grant) {
      await this.#told(input, justUnlocked.grant);
      return justUnlocked.grant;
    }
    const settings = await this.#ctx.settings.all();
    const at = this.#ctx.clock.now();
    const committed: Committed = {};
    let grant: RewardGrant;
    let memberRewardId = 0;
    try {
      grant = await writeTransaction(this.#ctx.storage, async (trx) => {
        if (!(await isRewardActive(trx, rewardId))) throw rewardInactive(rewardId);
        const pending = await claimPending(trx, memberId, rewardId, at);
        if (!pending) throw await this.#whyNotClaimable(trx, stored, memberId, at, settings);
        memberRewardId = pending.id;
        return this.#grants.grantIn(trx, memberId, stored.row, pending, settings, at, committed);
      });
    } catch (err) {
      if (err instanceof IdempotentReplay || isUniqueViolation(err, 'transactions_idempotency_idx')) {
        throw new EconomyError('ALREADY_CLAIMED', `reward ${rewardId} was already claimed`, { what: 'reward', rewardId });
      }
      throw err;
    }
    await this.#grants.announce(grant, committed, 'manual');
    await this.#told(input, grant);
    await this.#grants.deliverContent(grant, memberRewardId);
    return grant;
  }

  async #told(input: ClaimInput, grant: RewardGrant): Promise<void> {
    try {
      await input.onGranted?.(grant);
    } catch {
      // The adapter's answer failed (it logs its own): the grant stands, the content goes out.
    }
  }

  /**
   * Sends the content of the member's latest granted occurrence of a CONTENT reward again
   * (the set granted then, even if the reward now names another). NOT_FOUND when the member
   * holds no granted CONTENT reward of that id.
   */
  async redeliver(input: { memberId: number; rewardId: number }): Promise<RewardRedeliverResult> {
    const memberId = checkMemberId(input?.memberId);
    const rewardId = checkRewardId(input.rewardId);
    const db = this.#ctx.storage.db;
    const granted = await readLatestContentGrant(db, memberId, rewardId);
    if (!granted) throw new EconomyError('NOT_FOUND', `member ${memberId} holds no content from reward ${rewardId}`, { rewardId });
    const name = await readRewardName(db, rewardId);
    const { contentSetId, occurrence } = granted;
    const delivered = await this.#grants.resend(memberId, contentSetId, { rewardId, memberRewardId: granted.id, occurrence, name: name ?? '' });
    return { rewardId, contentSetId, occurrence, delivered };
  }

  async #whyNotClaimable(trx: Executor, reward: StoredReward, memberId: number, at: number, settings: EconomySettings): Promise<EconomyError> {
    const rewardId = reward.row.id;
    const occurrences = (await readOccurrences(trx, memberId, rewardId)).get(rewardId) ?? [];
    const last = occurrences[occurrences.length - 1];
    if (last && last.status === 'UNLOCKED') {
      return new EconomyError('REWARD_EXPIRED', `the time to claim reward ${rewardId} ended`, {
        rewardId,
        expiredAt: last.expires_at,
      });
    }
    if (last) {
      const next = nextOccurrence(reward.row, occurrences, at);
      return new EconomyError('ALREADY_CLAIMED', `reward ${rewardId} was already claimed`, {
        what: 'reward',
        rewardId,
        claimedAt: last.granted_at,
        nextAvailableAt: next.availableAt,
      });
    }
    const facts = await memberFacts(this.#ctx, trx, memberId, at, settings);
    const progress = reward.conditions.map((c) => conditionProgress(c, facts ?? NO_FACTS, false));
    return new EconomyError('REWARD_LOCKED', `reward ${rewardId} is not unlocked yet`, {
      rewardId,
      progress: progress.map((p) => ({ type: p.type, group: p.group, text: p.text, met: p.met })),
    });
  }
}
