/**
 * The workload both sides of a row share: which member and which amount op number `seq`
 * uses, and the funding every member starts with. Op numbers run on across the warm-up
 * and the measurement, so the engine and the baseline move exactly the same besitos.
 */
import type { MovementResult } from '../core/ledger/ledger-types.js';
import type { Ledger } from '../core/ledger/ledger.js';
import type { MovementValues } from '../core/ledger/movement-statements.js';
import type { BenchName } from './bench-types.js';

/** First member id (Telegram ids are positive); members are FIRST_MEMBER_ID … + members − 1. */
export const FIRST_MEMBER_ID = 10_000_001;

/**
 * Every member starts with one EARN_ADMIN credit of this much: 100 × 3162², the exact start
 * of level 3163 of the default sqrt formula. The next level starts 632,500 besitos later, so
 * bench credits (1–7 each) never reach a level-up (the slow path) and spends never run dry.
 * Within one movement's maximum (1,000,000,000).
 */
export const FUNDING = 100 * 3162 * 3162;

export const DEFAULT_MEMBERS = 1000;

export function memberIds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => FIRST_MEMBER_ID + i);
}

/** 1 to 7 besitos, the same sequence for engine and baseline. */
export function amountOf(seq: number): number {
  return 1 + (seq % 7);
}

/**
 * Round-robin over the members: with fewer callers than members, no two operations in
 * flight touch one profile, so row locks never queue callers behind each other (that would
 * measure contention on one member, not the hot path).
 */
export function memberOf(ids: readonly number[], seq: number): number {
  return ids[seq % ids.length]!;
}

/** One benchmark: the ledger call, and the movement that call writes. */
export interface BenchDefinition {
  readonly name: BenchName;
  /** +1 when the op adds its amount to the balance, −1 when it takes it. */
  readonly sign: 1 | -1;
  engine(ledger: Ledger, memberId: number, amount: number): Promise<MovementResult>;
  /** The values the ledger's hot path binds for that call; the baseline binds the same. */
  movement(memberId: number, amount: number, at: number): MovementValues;
}
