/**
 * The daily gift and its streak (SPEC §4).
 *
 * A claim is one write transaction: the guarded upsert of the member's daily_state row
 * (the one-claim-per-economy-day rule, decided by the database), then the base as
 * EARN_DAILY (key `daily:<day>`) and the streak bonus as EARN_STREAK (key `streak:<day>`,
 * no row when the bonus is 0) through the ledger repository. A refusal or a failure
 * anywhere rolls all of it back. Events go out after the commit.
 *
 * Days are economy days: day numbers in the `economy.timezone` zone (economy-day.ts), so
 * "yesterday" is `day - 1` even across a 23- or 25-hour day.
 */
import { isUniqueViolation, writeTransaction } from '../../storage/write-transaction.js';
import { dayLabel, dayNumber, dayStart } from '../economy-day.js';
import type { ErrorDetailsMap } from '../error-details.js';
import { EconomyError } from '../errors.js';
import { applyMovementIn, IdempotentReplay, type AppliedMovement, type Movement } from '../ledger/ledger-repository.js';
import { emitMovement } from '../ledger/movement-events.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { ensureMember } from '../members/members-repository.js';
import { readDailyState, recordClaim } from './daily-repository.js';
import { effectiveStreak, giftFor, streakAfterClaim } from './daily-rules.js';
import { formatWait } from './format-wait.js';
import type { EngineContext } from '../engine-context.js';

export interface DailyClaim {
  memberId: number;
  /** Economy day number of the claim (days since 1970-01-01 in the economy's zone). */
  day: number;
  /** The same day as `YYYY-MM-DD` in the economy's zone. */
  date: string;
  /** The streak this claim reached (1 after a missed day). */
  streak: number;
  longest: number;
  /** Paid as EARN_DAILY. */
  base: number;
  /** Paid as EARN_STREAK (no movement when 0). */
  bonus: number;
  total: number;
  /** [EARN_DAILY id] or [EARN_DAILY id, EARN_STREAK id]. */
  transactionIds: number[];
  /** Balance after the claim. */
  balance: number;
  /** When the next claim opens: the start of the next economy day (ms). */
  nextClaimAt: number;
}

export interface DailyStatus {
  memberId: number;
  canClaim: boolean;
  /** The current streak: 0 once a whole economy day was missed, whether a job ran or not. */
  streak: number;
  longest: number;
  /** Economy day of the last claim, or null. */
  lastDay: number | null;
  /** When the next claim opens (ms): now when it is open. */
  nextClaimAt: number;
  /** What the next claim pays, with today's settings, if made when it opens. */
  nextGift: { base: number; bonus: number };
}

/** Details of ALREADY_CLAIMED. */
/**
 * ALREADY_CLAIMED of the daily gift: `nextClaimAt` the next economy day's start (ms),
 * `secondsLeft` until then (rounded up), `streak` the streak of today's claim.
 */
export type AlreadyClaimedDetails = Extract<ErrorDetailsMap['ALREADY_CLAIMED'], { what: 'daily' }>;

export class DailyGiftService {
  readonly #ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /**
   * Claims today's gift. Refused with ALREADY_CLAIMED ({ nextClaimAt, secondsLeft, streak })
   * when the member already claimed this economy day; a member never seen is created.
   */
  async claim(memberIdInput: number): Promise<DailyClaim> {
    const memberId = checkMemberId(memberIdInput);
    const settings = await this.#ctx.settings.all();
    const timeZone = settings['economy.timezone'];
    const at = this.#ctx.clock.now();
    const day = dayNumber(at, timeZone);
    const nextClaimAt = dayStart(day + 1, timeZone);

    const movements: Array<{ m: Movement; applied: AppliedMovement }> = [];
    let state: { streak: number; longest: number };
    let gift: { base: number; bonus: number };
    try {
      ({ state, gift } = await writeTransaction(this.#ctx.storage, async (trx) => {
        movements.length = 0; // a try that lost its connection was rolled back: only this one counts
        // daily_state references members: the row must exist before the state row.
        await ensureMember(trx, memberId, at);
        const recorded = await recordClaim(trx, this.#ctx.storage.dialect, memberId, day, at);
        if (!recorded) {
          const row = await readDailyState(trx, memberId);
          throw alreadyClaimed(at, row?.last_day ?? day, row?.streak ?? 0, timeZone);
        }
        const g = giftFor(recorded.streak, settings);
        const metadata = JSON.stringify({ day: dayLabel(day), streak: recorded.streak });
        const pay = async (type: 'EARN_DAILY' | 'EARN_STREAK', amount: number, key: string) => {
          const m: Movement = {
            memberId,
            amount,
            earned: amount,
            spent: 0,
            type,
            reason: '',
            metadata,
            idempotencyKey: key,
            createIfMissing: true,
            at,
          };
          movements.push({ m, applied: await applyMovementIn(trx, this.#ctx.storage.dialect, m, this.#ctx.formula) });
        };
        await pay('EARN_DAILY', g.base, `daily:${day}`);
        if (g.bonus > 0) await pay('EARN_STREAK', g.bonus, `streak:${day}`);
        return { state: recorded, gift: g };
      }));
    } catch (err) {
      // The state row said "not yet claimed" but a payment for this day exists (the row was
      // edited or removed by hand): the key wins, nothing moved twice, and the answer is the
      // same refusal (its `streak` detail is 0: the row that held it is gone).
      if (err instanceof IdempotentReplay || isUniqueViolation(err, 'transactions_idempotency_idx')) {
        throw alreadyClaimed(at, day, 0, timeZone);
      }
      throw err;
    }

    for (const { m, applied } of movements) await emitMovement(this.#ctx.events, m, applied);
    await this.#ctx.events?.emit('daily.claimed', { memberId, day, streak: state.streak, base: gift.base, bonus: gift.bonus, at });
    return {
      memberId,
      day,
      date: dayLabel(day),
      streak: state.streak,
      longest: state.longest,
      base: gift.base,
      bonus: gift.bonus,
      total: gift.base + gift.bonus,
      transactionIds: movements.map((x) => x.applied.transactionId),
      balance: movements[movements.length - 1]!.applied.balance,
      nextClaimAt,
    };
  }

  /** The member's daily-gift state as of now; reads only (a member never seen reads as new). */
  async status(memberIdInput: number): Promise<DailyStatus> {
    const memberId = checkMemberId(memberIdInput);
    const settings = await this.#ctx.settings.all();
    const timeZone = settings['economy.timezone'];
    const now = this.#ctx.clock.now();
    const today = dayNumber(now, timeZone);
    const row = await readDailyState(this.#ctx.storage.db, memberId);
    const lastDay = row?.last_day ?? null;
    const stored = row?.streak ?? 0;
    const canClaim = lastDay === null || lastDay < today;
    const streak = effectiveStreak(lastDay, stored, today);
    // The next claim is today's when open, otherwise the one the day after the last claim.
    const nextStreak = canClaim ? streakAfterClaim(lastDay, stored, today) : stored + 1;
    return {
      memberId,
      canClaim,
      streak,
      longest: row?.longest ?? 0,
      lastDay,
      nextClaimAt: canClaim ? now : dayStart(Math.max(lastDay ?? today, today) + 1, timeZone),
      nextGift: giftFor(nextStreak, settings),
    };
  }
}

function alreadyClaimed(at: number, lastDay: number, streak: number, timeZone: string): EconomyError {
  const nextClaimAt = dayStart(lastDay + 1, timeZone);
  const waitMs = Math.max(0, nextClaimAt - at);
  const details: AlreadyClaimedDetails = { what: 'daily', nextClaimAt, secondsLeft: Math.ceil(waitMs / 1000), streak };
  return new EconomyError('ALREADY_CLAIMED', `the daily gift was already claimed today; the next one opens in ${formatWait(waitMs, 'en')}`, {
    ...details,
  });
}
