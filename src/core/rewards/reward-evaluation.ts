/**
 * Evaluation (SPEC §6): after every event that can change a condition, every active reward
 * is checked for the event's member; each one now eligible unlocks, and an auto reward is
 * granted in the same transaction as its unlock.
 *
 * - An unlock is one row of `member_rewards` per (member, reward, occurrence): the unique
 *   key decides, so concurrent evaluations (several events, several processes) unlock once.
 * - A manual reward waits UNLOCKED until claimed within its window (the reward's own, or
 *   `rewards.manual_claim_window_hours`).
 * - A repeatable reward unlocks again once the last occurrence was claimed (or expired)
 *   and its cooldown has run from then, while the occurrences stay below the maximum
 *   (an expired manual occurrence counts as one).
 * - `reward.unlocked` (and the grant's events) go out after the commit.
 */
import type { MemberRewardRow } from '../../storage/rewards-tables.js';
import { withReconnects } from '../../storage/connection-loss.js';
import { isUniqueViolation, writeTransaction } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import type { EventBus } from '../events.js';
import { IdempotentReplay, type AppliedMovement } from '../ledger/ledger-repository.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { ensureMember } from '../members/members-repository.js';
import type { EconomySettings } from '../settings/settings-schema.js';
import { HOUR_MS, insertOccurrence, nextOccurrence, readOccurrences, recordPurchase } from './member-rewards-repository.js';
import { conditionProgress, groupsHold, type MemberFacts, type RewardCondition } from './reward-conditions.js';
import { memberFacts } from './reward-facts.js';
import { besitosCredit, grantOf, type Committed, type RewardGrants } from './reward-grants.js';
import { unlockBesitosFast } from './reward-unlock-fast.js';
import { EVALUATED_AFTER, type RewardGrant, type RewardUnlock } from './reward-types.js';
import type { StoredReward } from './rewards-repository.js';
import type { ActiveRewardsCache } from './active-rewards-cache.js';
import { SpentRewards } from './spent-rewards.js';

/** Own events of an announce (see `#onEvent`): what identifies them among the member's events. */
interface Announcing {
  rewardId: number;
  at: number;
  transactionId: number | null;
}

/** One evaluation of a member, while it runs: whether another pass is due, and why. */
interface Run {
  /** Take another pass when this one ends. */
  again: boolean;
  /** The member's facts as this evaluation knows them may be out of date: read them again. */
  stale: boolean;
  /** Set while this evaluation announces an unlock (after its commit). */
  announcing: Announcing | null;
}

export class RewardEvaluation {
  readonly #ctx: EngineContext;
  readonly #grants: RewardGrants;
  readonly #rewards: ActiveRewardsCache;
  /** Members' non-repeating rewards already unlocked: no unlock tried again for them (spent-rewards.ts). */
  readonly #spent = new SpentRewards();
  /**
   * Per member, the evaluation currently announcing its events. An event of that member
   * heard meanwhile does not start an evaluation inside the running one (deep recursion,
   * events out of order): the running one takes another pass instead. Replaces an
   * AsyncLocalStorage (issue 14: with one in the process, async_hooks cost ~5 % of a burst's
   * CPU and more GC). Only the scheduling is in memory: the unique key decides every unlock.
   */
  readonly #running = new Map<number, Run>();

  constructor(ctx: EngineContext, grants: RewardGrants, rewards: ActiveRewardsCache) {
    this.#ctx = ctx;
    this.#grants = grants;
    this.#rewards = rewards;
  }

  /** Subscribes the evaluation to the engine's events; returns the unsubscribe. */
  listen(events: EventBus | undefined = this.#ctx.events): () => void {
    if (!events) return () => {};
    const offs = EVALUATED_AFTER.map((name) =>
      name === 'purchase.completed'
        ? events.on(name, async (e) => void (await this.evaluate(e.memberId, { purchaseAt: e.at })))
        : name === 'movement.applied'
          ? // The operation may have handed over the member's facts after its commit (known-facts.ts).
            events.on(name, async (e) => void (await this.#onEvent(e, this.#ctx.knownFacts.take(e.transactionId))))
          : events.on(name, async (e) => void (await this.#onEvent(e))),
    );
    return () => offs.forEach((off) => off());
  }

  /**
   * An event of a member whose evaluation is announcing: that evaluation takes another pass
   * (it already does after each grant, with the facts it knows). Its own grant's
   * `reward.granted` and `movement.applied` are recognised and change nothing it does not
   * know; any other event (a level-up, a role change, another operation's movement that
   * landed meanwhile) makes it read the facts again.
   */
  async #onEvent(
    e: { memberId: number; at: number; rewardId?: number; claimMode?: string; transactionId?: number },
    known?: MemberFacts,
  ): Promise<void> {
    const run = this.#running.get(e.memberId);
    if (!run?.announcing) {
      await this.#evaluate(e.memberId, {}, known);
      return;
    }
    const own = run.announcing;
    const mine =
      e.at === own.at &&
      (e.rewardId !== undefined
        ? e.rewardId === own.rewardId && e.claimMode === 'auto'
        : e.transactionId !== undefined && e.transactionId === own.transactionId);
    run.again = true;
    if (!mine) run.stale = true;
  }

  /**
   * Evaluates every active reward for the member and unlocks (and, for auto rewards,
   * grants) each one now eligible. Idempotent; safe to run concurrently. `purchaseAt`
   * records a purchase first (FIRST_PURCHASE of a free claim, which moves no besitos).
   */
  evaluate(memberIdInput: number, options: { purchaseAt?: number } = {}): Promise<RewardUnlock[]> {
    return this.#evaluate(memberIdInput, options, undefined);
  }

  /** `known`: the member's facts as the event's operation left them at its commit (else read). */
  async #evaluate(memberIdInput: number, options: { purchaseAt?: number }, known: MemberFacts | undefined): Promise<RewardUnlock[]> {
    const memberId = checkMemberId(memberIdInput);
    if (options.purchaseAt !== undefined) {
      const purchaseAt = options.purchaseAt;
      await writeTransaction(this.#ctx.storage, async (trx) => {
        await ensureMember(trx, memberId, purchaseAt);
        await recordPurchase(trx, memberId, purchaseAt);
      });
    }
    const run: Run = { again: false, stale: false, announcing: null };
    const out: RewardUnlock[] = [];
    // The facts as this evaluation knows them: handed over by the event's operation or read
    // on the first pass, then moved forward by its own BESITOS grants (a chain: A's credit
    // makes B eligible), read again when stale.
    let facts: MemberFacts | undefined = known;
    do {
      run.again = false;
      if (run.stale) facts = undefined;
      run.stale = false;
      facts = await this.#evaluateOnce(memberId, run, facts, out);
    } while (run.again);
    return out;
  }

  /**
   * One pass (issue 14: it runs after every movement, so it reads little): the active rewards
   * from the cache, the member's facts once (or as the previous pass left them). A reward
   * that does not repeat is tried only when its conditions hold and this process has not
   * seen it unlocked: its occurrence is the first, and the unlock's insert decides (no read
   * of the occurrences). The occurrences are read only for a repeatable reward whose
   * conditions hold. The unlocks use these facts, read after the event's commit: what
   * decides each unlock under concurrency is the occurrence's unique key.
   * Returns the facts as they stand after this pass's grants (undefined: read them again).
   */
  async #evaluateOnce(memberId: number, run: Run, known: MemberFacts | undefined, out: RewardUnlock[]): Promise<MemberFacts | undefined> {
    const rewards = await this.#rewards.active();
    if (rewards.length === 0) return known;
    const settings = await this.#ctx.settings.all();
    const now = this.#ctx.clock.now();
    let facts = known ?? (await memberFacts(this.#ctx, this.#ctx.storage.db, memberId, now, settings));
    if (!facts) return undefined;
    let occurrences: Map<number, MemberRewardRow[]> | undefined;
    for (const reward of rewards) {
      const { row } = reward;
      let occurrence: number;
      if (row.repeatable !== 1) {
        // Once seen, a non-repeating reward never unlocks again (occurrences are never deleted).
        if (this.#spent.has(memberId, row.id) || !conditionsHold(reward, facts, false)) continue;
        occurrence = 1;
      } else {
        if (!conditionsHold(reward, facts, false) && !conditionsHold(reward, facts, true)) continue;
        occurrences ??= await readOccurrences(this.#ctx.storage.db, memberId);
        const list = occurrences.get(row.id) ?? [];
        if (!candidate(reward, facts, list, now)) continue;
        occurrence = nextOccurrence(row, list, now).occurrence!;
      }
      const result = await this.#unlock(memberId, reward, occurrence, settings, run);
      if (result === 'replay') continue;
      this.#spent.add(memberId, row.id);
      if (result === 'taken') continue;
      out.push(result.unlock);
      if (!result.unlock.grant) continue;
      // The next repeatable reward reads its occurrences as they are now.
      occurrences = undefined;
      // A grant that changes facts: another pass sees what it made eligible (a chain: A's
      // credit makes B eligible). A credit's facts are known exactly (total earned and level
      // as its statement left them); VIP days change the role, read again. A badge or a
      // content set changes no fact a condition reads: no pass, no read for it.
      if (result.applied) {
        run.again = true;
        facts = { ...facts, totalEarned: result.applied.totalEarned, level: result.applied.level };
      } else if (result.unlock.grant.kind === 'VIP_DAYS') {
        run.again = true;
        run.stale = true;
      }
    }
    return facts;
  }

  /**
   * One reward's unlock (and auto grant), atomic: an auto BESITOS reward in one statement
   * (PostgreSQL) or one synchronous transaction (SQLite) (reward-unlock-fast.ts), an auto
   * badge or content set in one insert (its grant moves nothing), anything else (or what
   * those cannot decide) in one write transaction. The occurrence's insert
   * decides: 'taken' when another evaluation has it, 'replay' when the grant's key was used.
   */
  async #unlock(
    memberId: number,
    reward: StoredReward,
    occurrence: number,
    settings: EconomySettings,
    run: Run,
  ): Promise<{ unlock: RewardUnlock; applied: AppliedMovement | undefined } | 'taken' | 'replay'> {
    const at = this.#ctx.clock.now();
    const { row } = reward;
    const manual = row.claim_mode === 'manual';
    const committed: Committed = {};
    let unlocked: { id: number; expiresAt: number | null } | undefined;
    let grant: RewardGrant | null = null;
    if (!manual && row.kind === 'BESITOS') {
      const credit = besitosCredit(memberId, row, occurrence, settings, at);
      if (credit.value > 0) {
        const fast = await unlockBesitosFast(this.#ctx.storage, { rewardId: row.id, occurrence, m: credit.m, capped: credit.capped });
        if (fast.kind === 'taken' || fast.kind === 'replay') return fast.kind;
        if (fast.kind === 'granted') {
          unlocked = { id: fast.memberRewardId, expiresAt: null };
          committed.movement = { m: credit.m, applied: fast.applied };
          const { value, capped } = credit;
          grant = grantOf(memberId, row, occurrence, { value, capped, transactionId: fast.applied.transactionId, balance: fast.applied.balance, vipExpiresAt: null }, at);
        }
      }
    }
    if (!manual && (row.kind === 'BADGE' || row.kind === 'CONTENT')) {
      // An auto grant that moves nothing is its occurrence, granted: one insert, whose
      // unique key decides as in the transaction below (nothing else to commit with it).
      // A lost connection: tried again only when nothing can have committed.
      const inserted = await withReconnects(
        () =>
          insertOccurrence(this.#ctx.storage.db, { memberId, rewardId: row.id, occurrence, status: 'CLAIMED', at, expiresAt: null, kind: row.kind, grant: { value: row.value } }),
        { repeatable: false },
      );
      if (!inserted) return 'taken';
      unlocked = { id: inserted.id, expiresAt: null };
      grant = grantOf(memberId, row, occurrence, { value: row.value, capped: false, transactionId: null, balance: null, vipExpiresAt: null }, at);
    }
    if (!unlocked) {
      let result: { unlocked: MemberRewardRow; grant: RewardGrant | null } | null;
      try {
        result = await writeTransaction(this.#ctx.storage, async (trx) => {
          const windowHours = row.claim_window_hours ?? settings['rewards.manual_claim_window_hours'];
          const inserted = await insertOccurrence(trx, {
            memberId,
            rewardId: row.id,
            occurrence,
            status: manual ? 'UNLOCKED' : 'CLAIMED',
            at,
            expiresAt: manual ? at + windowHours * HOUR_MS : null,
            kind: row.kind,
          });
          if (!inserted) return null; // another evaluation unlocked this occurrence
          const granted = manual ? null : await this.#grants.grantIn(trx, memberId, row, inserted, settings, at, committed);
          return { unlocked: inserted, grant: granted };
        });
      } catch (err) {
        // The grant's key was already used (rows edited by hand): nothing moved twice.
        if (err instanceof IdempotentReplay || isUniqueViolation(err, 'transactions_idempotency_idx')) return 'replay';
        throw err;
      }
      if (!result) return 'taken';
      unlocked = { id: result.unlocked.id, expiresAt: result.unlocked.expires_at };
      grant = result.grant;
    }
    // After the commit, in order; events of this member heard meanwhile make this
    // evaluation take another pass (`#onEvent`) instead of starting one inside it.
    const outer = this.#running.get(memberId);
    this.#running.set(memberId, run);
    run.announcing = { rewardId: row.id, at, transactionId: grant?.transactionId ?? null };
    try {
      await this.#ctx.events?.emit('reward.unlocked', {
        memberId,
        rewardId: row.id,
        name: row.name,
        secret: row.secret === 1,
        claimMode: row.claim_mode,
        expiresAt: unlocked.expiresAt,
        at,
      });
      if (grant) await this.#grants.announce(grant, committed, 'auto');
    } finally {
      run.announcing = null;
      // Another evaluation of this member may have started announcing meanwhile: its entry stays.
      if (this.#running.get(memberId) === run) {
        if (outer?.announcing) this.#running.set(memberId, outer);
        else this.#running.delete(memberId);
      }
    }
    if (grant) await this.#grants.deliverContent(grant, unlocked.id, { mayDefer: true });
    const unlock: RewardUnlock = {
      memberId,
      rewardId: row.id,
      name: row.name,
      occurrence,
      claimMode: row.claim_mode,
      expiresAt: unlocked.expiresAt === null ? null : new Date(unlocked.expiresAt),
      grant,
    };
    return { unlock, applied: committed.movement?.applied };
  }
}

function conditionsHold(reward: StoredReward, facts: MemberFacts, claimedBefore: boolean): boolean {
  return groupsHold(reward.conditions.map((c: RewardCondition) => conditionProgress(c, facts, claimedBefore)));
}

/** Eligible now and an occurrence is available. */
function candidate(reward: StoredReward, facts: MemberFacts, occurrences: readonly MemberRewardRow[], now: number): boolean {
  if (nextOccurrence(reward.row, occurrences, now).occurrence === null) return false;
  return conditionsHold(reward, facts, occurrences.some((o) => o.status === 'CLAIMED'));
}
