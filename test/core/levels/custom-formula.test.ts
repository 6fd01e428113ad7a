import { describe, expect, it } from 'vitest';
import { compileLevelFormula, type LevelFormula } from '../../../src/core/levels/index.js';
import { sampleGrid } from '../../../src/core/levels/custom-level.js';

const MAX = Number.MAX_SAFE_INTEGER;

function custom(expression: string): LevelFormula {
  return compileLevelFormula({ kind: 'custom', expression });
}

function refusal(expression: string): string {
  try {
    custom(expression);
  } catch (err) {
    expect(err).toMatchObject({ code: 'INVALID_FORMULA' });
    return (err as Error).message;
  }
  throw new Error(`expected '${expression}' to be refused`);
}

describe('custom formula validation', () => {
  it('refuses a formula below 1 at 0', () => {
    expect(refusal('total_earned - 5')).toBe(
      "Formula 'total_earned - 5' is refused: it is below 1 at total_earned = 0 (got -5); levels start at 1",
    );
    expect(refusal('0.5 + total_earned')).toContain('below 1 at total_earned = 0 (got 0.5)');
  });

  it('refuses a formula that is not finite on the grid', () => {
    expect(refusal('1/0')).toBe("Formula '1/0' is refused: it is not finite at total_earned = 0 (got Infinity)");
    expect(refusal('log(total_earned)')).toBe(
      "Formula 'log(total_earned)' is refused: it is not finite at total_earned = 0 (got -Infinity)",
    );
    expect(refusal('1 + sqrt(total_earned - 5)')).toContain('not finite at total_earned = 0 (got NaN)');
    expect(refusal('2 + 1 / (1500 - total_earned)')).toContain('not finite at total_earned = 1500 (got Infinity)');
    expect(refusal('log(total_earned + 1, 1)')).toContain('not finite at total_earned = 0 (got NaN)');
  });

  it('refuses a formula that decreases anywhere on the grid', () => {
    expect(refusal('100 - total_earned')).toBe(
      "Formula '100 - total_earned' is refused: it decreases: level 100 at total_earned = 0 but 99 at 1",
    );
    // Rises, then falls far beyond the integer part of the grid.
    expect(refusal('1 + min(total_earned, 1000000 - total_earned / 2)')).toMatch(/it decreases: level \d+ at total_earned = \d+/);
    // Compares floored levels: a small dip inside one level is not a decrease.
    expect(custom('1.9 - min(total_earned, 1) * 0.5').level(1)).toBe(1);
  });

  it('refuses a level above Number.MAX_SAFE_INTEGER', () => {
    expect(refusal('1 + total_earned * 1000')).toContain(`level at total_earned = ${MAX} is above ${MAX}`);
    // 2^53 at the last grid point: refused, although the linear preset with step 1 caps it.
    expect(refusal('total_earned + 1')).toContain(`level at total_earned = ${MAX} is above ${MAX}`);
    expect(custom('max(1, total_earned)').level(MAX)).toBe(MAX);
  });

  it('refuses parse errors with the parser message', () => {
    expect(refusal('floor(total_earned / 100) +')).toBe(
      "Unexpected end of formula at column 28 (expected a number, total_earned, a function or '(')",
    );
  });

  it('accepts well-behaved formulas and computes floor(f(total_earned))', () => {
    const log = custom('floor(log(total_earned + 1)) + 1');
    expect([0, 1, 2, 6, 7, 19, 20, 1_000_000].map((t) => log.level(t))).toEqual([1, 1, 2, 2, 3, 3, 4, 14]);
    expect(log.nextLevelAt(0)).toBe(2); // log(3) >= 1 first at 2
    expect(log.nextLevelAt(2)).toBe(7); // e² − 1 ≈ 6.39
    const sqrtLike = custom('sqrt(total_earned / 100) + 1');
    expect(sqrtLike.level(399)).toBe(2);
    expect(sqrtLike.level(400)).toBe(3);
  });

  it('clamps to [1, MAX_SAFE_INTEGER] between grid points, where sampling cannot see', () => {
    // Infinite only at 2001, which the grid skips (2000 → 2200): accepted, yet never an
    // unstorable level.
    const spike = custom('max(2, 1 + 1 / (2001 - total_earned))');
    expect(spike.level(2000)).toBe(2);
    expect(spike.level(2001)).toBe(MAX);
    expect(spike.level(2002)).toBe(2);
  });
});

describe('sample grid', () => {
  it('is every integer 0..2000, then ×1.1 steps to 1e12, then MAX_SAFE_INTEGER', () => {
    const grid = sampleGrid();
    expect(grid.slice(0, 2001)).toEqual(Array.from({ length: 2001 }, (_, i) => i));
    expect(grid[2001]).toBe(2200);
    expect(grid.at(-2)).toBe(1e12);
    expect(grid.at(-1)).toBe(MAX);
    for (let i = 1; i < grid.length; i += 1) expect(grid[i]).toBeGreaterThan(grid[i - 1] as number);
    for (let i = 2002; i < grid.length - 2; i += 1) {
      expect((grid[i] as number) / (grid[i - 1] as number)).toBeCloseTo(1.1, 3);
    }
  });
});
