import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileLevelFormula } from '../../../src/core/levels/index.js';
import { integerSqrt, snapToInteger } from '../../../src/core/levels/level-presets.js';

const MAX = Number.MAX_SAFE_INTEGER;

/** Reference floor(sqrt(n)) in BigInt (Newton's method), independent of floats. */
function bigIntSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}

/** SPEC §2 sqrt level computed with BigInt only. */
function referenceSqrtLevel(total: number): number {
  return Number(bigIntSqrt(BigInt(total) / 100n) + 1n);
}

describe('sqrt preset', () => {
  const sqrt = compileLevelFormula({ kind: 'sqrt' });

  it('starts levels 2, 3, 4, 5 at exactly 100, 400, 900, 1600', () => {
    expect(sqrt.level(0)).toBe(1);
    for (const [level, from] of [
      [2, 100],
      [3, 400],
      [4, 900],
      [5, 1600],
    ] as const) {
      expect(sqrt.level(from - 1)).toBe(level - 1);
      expect(sqrt.level(from)).toBe(level);
      expect(sqrt.nextLevelAt(from - 1)).toBe(from);
    }
    expect(sqrt.nextLevelAt(0)).toBe(100);
    expect(sqrt.nextLevelAt(100)).toBe(400);
    expect(sqrt.level(10_000)).toBe(11);
  });

  it('is exact near 2^53, where floor(Math.sqrt(total / 100)) is off by one', () => {
    // total = 100k² − 1 has level k, but total / 100 rounds up to k² in floating point.
    const k = 9_490_000;
    const total = 100 * k * k - 1;
    expect(Number.isSafeInteger(total)).toBe(true);
    expect(Math.floor(Math.sqrt(total / 100)) + 1).toBe(k + 1); // the naive formula is wrong
    expect(sqrt.level(total)).toBe(referenceSqrtLevel(total));
    expect(sqrt.level(total)).toBe(k);
    expect(sqrt.level(total + 1)).toBe(k + 1);
    expect(sqrt.nextLevelAt(total - 5)).toBe(total + 1);
  });

  it('matches a BigInt reference at the top of the safe range', () => {
    const kTop = Number(bigIntSqrt(BigInt(MAX) / 100n));
    const samples = [MAX, MAX - 1, MAX - 99, MAX - 100, 100 * kTop * kTop, 100 * kTop * kTop - 1];
    for (let k = kTop - 50; k <= kTop; k += 1) samples.push(100 * k * k, 100 * k * k - 1, 100 * k * k + 99);
    for (const total of samples) expect(sqrt.level(total)).toBe(referenceSqrtLevel(total));
    expect(sqrt.level(MAX)).toBe(kTop + 1);
    expect(sqrt.nextLevelAt(MAX)).toBeNull();
    expect(sqrt.nextLevelAt(100 * kTop * kTop - 1)).toBe(100 * kTop * kTop);
    expect(sqrt.nextLevelAt(100 * kTop * kTop)).toBeNull();
  });

  it('matches a BigInt reference for random safe integers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), (total) => sqrt.level(total) === referenceSqrtLevel(total)),
      { numRuns: 2000 },
    );
  });

  it('integerSqrt is exact for every safe integer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX }), (n) => integerSqrt(n) === Number(bigIntSqrt(BigInt(n)))),
      { numRuns: 2000 },
    );
    for (const n of [0, 1, 2, 3, 4, 15, 16, 17, MAX, MAX - 1, 94_906_265 ** 2, 94_906_265 ** 2 - 1]) {
      expect(integerSqrt(n)).toBe(Number(bigIntSqrt(BigInt(n))));
    }
  });
});

describe('linear preset', () => {
  it('step 100: a level every 100', () => {
    const linear = compileLevelFormula({ kind: 'linear', step: 100 });
    expect([0, 99, 100, 199, 200, 1000].map((t) => linear.level(t))).toEqual([1, 1, 2, 2, 3, 11]);
    expect(linear.nextLevelAt(0)).toBe(100);
    expect(linear.nextLevelAt(100)).toBe(200);
    expect(linear.nextLevelAt(150)).toBe(200);
  });

  it('step 250', () => {
    const linear = compileLevelFormula({ kind: 'linear', step: 250 });
    expect([0, 249, 250, 499, 500, 749, 750].map((t) => linear.level(t))).toEqual([1, 1, 2, 2, 3, 3, 4]);
    expect(linear.nextLevelAt(0)).toBe(250);
    expect(linear.nextLevelAt(250)).toBe(500);
    expect(linear.nextLevelAt(499)).toBe(500);
  });

  it('is exact at the top of the safe range', () => {
    const linear = compileLevelFormula({ kind: 'linear', step: 100 });
    expect(linear.level(MAX)).toBe(Number(BigInt(MAX) / 100n + 1n));
    expect(linear.level(9_007_199_254_740_899)).toBe(90_071_992_547_409); // 100·q − 1 must not round up
    expect(linear.level(9_007_199_254_740_900)).toBe(90_071_992_547_410);
    expect(linear.nextLevelAt(MAX - 100)).toBe(9_007_199_254_740_900);
    expect(linear.nextLevelAt(9_007_199_254_740_900)).toBeNull();
  });

  it('step 1 caps the level at Number.MAX_SAFE_INTEGER', () => {
    const linear = compileLevelFormula({ kind: 'linear', step: 1 });
    expect(linear.level(5)).toBe(6);
    expect(linear.nextLevelAt(MAX - 2)).toBe(MAX - 1);
    expect(linear.level(MAX - 1)).toBe(MAX);
    expect(linear.level(MAX)).toBe(MAX);
    expect(linear.nextLevelAt(MAX - 1)).toBeNull();
  });
});

describe('exponential preset', () => {
  it('base 100, factor 1.5: levels start at 0, 100, 250, 475, 813 (812.5), 1319 (1318.75)', () => {
    const exp = compileLevelFormula({ kind: 'exponential', base: 100, factor: 1.5 });
    const starts = [0, 100, 250, 475, 813, 1319];
    starts.forEach((from, i) => {
      expect(exp.level(from)).toBe(i + 1);
      if (from > 0) expect(exp.level(from - 1)).toBe(i);
    });
    expect(exp.nextLevelAt(0)).toBe(100);
    expect(exp.nextLevelAt(100)).toBe(250);
    expect(exp.nextLevelAt(474)).toBe(475);
    expect(exp.nextLevelAt(475)).toBe(813);
  });

  /**
   * Where level n starts, from the exact rational threshold base·(f^(n−1) − 1)/(f − 1) with
   * f = num/den in BigInt, snapped like the spec says (within 1e-9 relative → that integer).
   */
  function exactStart(base: number, num: bigint, den: bigint, n: number): bigint {
    const m = BigInt(n - 1);
    const p = BigInt(base) * den * (num ** m - den ** m);
    const q = den ** m * (num - den);
    const nearest = (2n * p + q) / (2n * q);
    const distance = p > nearest * q ? p - nearest * q : nearest * q - p;
    const tolerance = (nearest > 1n ? nearest : 1n) * q;
    return distance * 1_000_000_000n <= tolerance ? nearest : (p + q - 1n) / q;
  }

  it('matches exact rational thresholds for several bases and factors', () => {
    // Factors that are exact binary fractions are compared up to 1e12. A decimal factor such
    // as 1.1 is not 11/10 in floating point, so its float thresholds drift from the rational
    // ones far out; it is compared where that drift is far below the snapping tolerance.
    for (const [base, num, den, limit] of [
      [100, 3n, 2n, 1e12],
      [1, 2n, 1n, 1e12],
      [50, 3n, 1n, 1e12],
      [7, 10n, 1n, 1e12],
      [1, 5n, 4n, 1e12],
      [3, 9n, 8n, 1e12],
      [1000, 11n, 10n, 1e7],
      [100, 101n, 100n, 1e7],
    ] as const) {
      const exp = compileLevelFormula({ kind: 'exponential', base, factor: Number(num) / Number(den) });
      for (let n = 1; ; n += 1) {
        const from = exactStart(base, num, den, n);
        if (from > BigInt(limit)) break;
        expect(exp.level(Number(from))).toBe(n);
        if (from > 0n) expect(exp.level(Number(from) - 1)).toBe(n - 1);
      }
    }
  });

  it('powers of two: base 1, factor 2 starts level n at 2^(n−1) − 1, up to 2^53 − 1', () => {
    const exp = compileLevelFormula({ kind: 'exponential', base: 1, factor: 2 });
    for (let n = 2; n <= 54; n += 1) {
      const from = 2 ** (n - 1) - 1;
      expect(exp.level(from)).toBe(n);
      expect(exp.level(from - 1)).toBe(n - 1);
    }
    expect(exp.level(MAX)).toBe(54);
    expect(exp.nextLevelAt(2 ** 52)).toBe(MAX);
    expect(exp.nextLevelAt(MAX)).toBeNull();
  });

  it('stays exact and monotone for a factor very close to 1', () => {
    const exp = compileLevelFormula({ kind: 'exponential', base: 1, factor: 1 + 1e-12 });
    expect([0, 1, 2, 3, 1000].map((t) => exp.level(t))).toEqual([1, 2, 3, 4, 1001]);
    let previous = 0;
    for (let t = 0; t < MAX; t = Math.floor(t * 1.7) + 1) {
      const level = exp.level(t);
      expect(level).toBeGreaterThanOrEqual(previous);
      previous = level;
    }
  });

  it('snapToInteger only removes float noise', () => {
    expect(snapToInteger(99.99999999999999)).toBe(100);
    expect(snapToInteger(812.5)).toBe(812.5);
    expect(snapToInteger(0)).toBe(0);
    expect(snapToInteger(1e-10)).toBe(0);
    expect(snapToInteger(100.0001)).toBe(100.0001);
  });
});

describe('totalEarned arguments', () => {
  it.each([-1, 1.5, Number.NaN, Infinity, MAX + 1, -0.5])('refuses %s with a RangeError', (bad) => {
    const formula = compileLevelFormula({ kind: 'sqrt' });
    expect(() => formula.level(bad)).toThrow(RangeError);
    expect(() => formula.nextLevelAt(bad)).toThrow(RangeError);
  });
});
