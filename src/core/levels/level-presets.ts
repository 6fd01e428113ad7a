/**
 * The preset level functions of SPEC §2, computed so that float rounding can never move a
 * level boundary: `sqrt` and `linear` use exact integer arithmetic (every intermediate is a
 * safe integer), `exponential` snaps near-integer thresholds before comparing.
 * Inputs are non-negative safe integers (checked by the caller).
 */
import type { LevelFunction } from './level-search.js';

const MAX = Number.MAX_SAFE_INTEGER;

/**
 * Exact floor(sqrt(n)) for any safe integer n. Math.sqrt is correctly rounded, but its
 * result can round up to the next integer just below a perfect square near 2^53, so the
 * estimate is corrected with exact products (r² <= 94906265² < 2^53; a larger (r+1)² may
 * round, but only upwards past n, so the comparison stays right).
 */
export function integerSqrt(n: number): number {
  let r = Math.floor(Math.sqrt(n));
  while (r * r > n) r -= 1;
  while ((r + 1) * (r + 1) <= n) r += 1;
  return r;
}

/** floor(a / b) for safe integers a >= 0, b >= 1 without a float division that may round up. */
function integerDivide(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** The level is an integer in [1, MAX_SAFE_INTEGER]; only linear step 1 at 2^53 − 1 needs the cap. */
function capLevel(level: number): number {
  return level > MAX ? MAX : level;
}

/** floor(sqrt(total_earned / 100)) + 1 = isqrt(floor(total_earned / 100)) + 1. */
export const sqrtLevel: LevelFunction = (total) => integerSqrt(integerDivide(total, 100)) + 1;

/** 1 + floor(total_earned / step). */
export function linearLevel(step: number): LevelFunction {
  return (total) => capLevel(1 + integerDivide(total, step));
}

/** Rounds values within 1e-9 (relative) of an integer to it: 99.99999999999999 is 100. */
export function snapToInteger(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(r)) ? r : x;
}

/**
 * Level n starts at base × (factor^(n−1) − 1) / (factor − 1); the level of a total is the
 * largest n whose threshold is <= total. A closed-form logarithm gives a guess, a few
 * steps correct it against the snapped thresholds (the only source of truth), and a
 * bisection covers the rare case where the guess is far off (factor very close to 1).
 */
export function exponentialLevel(base: number, factor: number): LevelFunction {
  const growth = factor - 1;
  const logFactor = Math.log(factor);
  const threshold = (n: number): number => snapToInteger((base * (Math.pow(factor, n - 1) - 1)) / growth);

  const bisect = (total: number): number => {
    // threshold(1) = 0 <= total; thresholds grow by at least `base` >= 1, so n = total + 2
    // is above; doubling guards against any float surprise.
    let lo = 1;
    let hi = total + 2;
    while (threshold(hi) <= total) hi *= 2;
    while (hi - lo > 1) {
      const mid = lo + Math.floor((hi - lo) / 2);
      if (threshold(mid) <= total) lo = mid;
      else hi = mid;
    }
    return lo;
  };

  return (total) => {
    const guess = Math.floor(Math.log1p((total * growth) / base) / logFactor) + 1;
    let n = Number.isFinite(guess) ? Math.min(Math.max(guess, 1), MAX) : 1;
    for (let i = 0; i < 4 && n > 1 && threshold(n) > total; i += 1) n -= 1;
    for (let i = 0; i < 4 && threshold(n + 1) <= total; i += 1) n += 1;
    const settled = threshold(n) <= total && threshold(n + 1) > total;
    return capLevel(settled ? n : bisect(total));
  };
}
