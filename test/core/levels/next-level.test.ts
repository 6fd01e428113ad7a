import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compileLevelFormula,
  levelProgress,
  type LevelFormula,
  type LevelFormulaSpec,
} from '../../../src/core/levels/index.js';

const MAX = Number.MAX_SAFE_INTEGER;
const SCAN = 20_000;

/** Reference: the first total in (t, t + SCAN] with a higher level, by plain scanning. */
function bruteNextLevelAt(formula: LevelFormula, total: number): number | undefined {
  const level = formula.level(total);
  for (let x = total + 1; x <= total + SCAN; x += 1) if (formula.level(x) > level) return x;
  return undefined;
}

/** Reference: where the current level starts, scanning down. */
function bruteLevelStart(formula: LevelFormula, total: number): number {
  const level = formula.level(total);
  let x = total;
  while (x > 0 && formula.level(x - 1) === level) x -= 1;
  return x;
}

function agreesWithScan(formula: LevelFormula, total: number): boolean {
  const next = formula.nextLevelAt(total);
  const reference = bruteNextLevelAt(formula, total);
  return reference === undefined ? next === null || next > total + SCAN : next === reference;
}

const presetSpec: fc.Arbitrary<LevelFormulaSpec> = fc.oneof(
  fc.constant<LevelFormulaSpec>({ kind: 'sqrt' }),
  fc.integer({ min: 1, max: 1000 }).map((step): LevelFormulaSpec => ({ kind: 'linear', step })),
  fc
    .tuple(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 1.01, max: 3, noNaN: true }))
    .map(([base, factor]): LevelFormulaSpec => ({ kind: 'exponential', base, factor })),
);

/**
 * Random custom formulas built only from non-decreasing pieces over non-negative values,
 * so every one passes validation; capped so the level stays far below 2^53.
 */
const monotoneExpression: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant('total_earned'),
    fc.integer({ min: 1, max: 500 }).map(String),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(${a} + ${b})`),
    fc.tuple(tie('node'), fc.integer({ min: 1, max: 300 })).map(([a, c]) => `(${a}) / ${c}`),
    fc.tuple(tie('node'), fc.constantFrom('0.5', '2', '3.25')).map(([a, c]) => `(${a}) * ${c}`),
    tie('node').map((a) => `sqrt(${a})`),
    tie('node').map((a) => `floor(${a})`),
    tie('node').map((a) => `ceil(${a})`),
    tie('node').map((a) => `log(${a} + 1)`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `min(${a}, ${b})`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `max(${a}, ${b})`),
  ),
})).node;

const customSpec: fc.Arbitrary<LevelFormulaSpec> = monotoneExpression
  .map((e) => `1 + min(${e}, 1000000000)`)
  .filter((expression) => expression.length <= 500)
  .map((expression): LevelFormulaSpec => ({ kind: 'custom', expression }));

describe('nextLevelAt equals a brute-force scan', () => {
  it('for presets with random parameters and totals up to 100,000', () => {
    fc.assert(
      fc.property(presetSpec, fc.integer({ min: 0, max: 100_000 }), (spec, total) =>
        agreesWithScan(compileLevelFormula(spec), total),
      ),
      { numRuns: 300 },
    );
  });

  it('for random custom formulas and totals up to 100,000', () => {
    fc.assert(
      fc.property(customSpec, fc.integer({ min: 0, max: 100_000 }), (spec, total) =>
        agreesWithScan(compileLevelFormula(spec), total),
      ),
      { numRuns: 200 },
    );
  });

  it('for a formula with a last level (null once it is reached)', () => {
    const capped = compileLevelFormula({ kind: 'custom', expression: '1 + min(floor(total_earned / 10), 3)' });
    expect([0, 9, 10, 29, 30].map((t) => capped.nextLevelAt(t))).toEqual([10, 10, 20, 30, null]);
    expect(capped.nextLevelAt(MAX)).toBeNull();
  });
});

describe('nextLevelAt over the whole safe range', () => {
  it('returns the first total where the level rises, or null when it never does', () => {
    fc.assert(
      fc.property(fc.oneof(presetSpec, customSpec), fc.integer({ min: 0, max: MAX }), (spec, total) => {
        const formula = compileLevelFormula(spec);
        const level = formula.level(total);
        const next = formula.nextLevelAt(total);
        if (next === null) return formula.level(MAX) === level;
        return next > total && formula.level(next) > level && formula.level(next - 1) === level;
      }),
      { numRuns: 300 },
    );
  });
});

describe('levelProgress', () => {
  const sqrt = compileLevelFormula({ kind: 'sqrt' });

  it('reports level, next level, what is missing and progress within the level', () => {
    expect(levelProgress(sqrt, 0)).toEqual({ level: 1, nextLevel: 2, nextLevelAt: 100, missing: 100, progress: 0 });
    expect(levelProgress(sqrt, 50)).toEqual({ level: 1, nextLevel: 2, nextLevelAt: 100, missing: 50, progress: 0.5 });
    expect(levelProgress(sqrt, 250)).toEqual({ level: 2, nextLevel: 3, nextLevelAt: 400, missing: 150, progress: 0.5 });
    expect(levelProgress(sqrt, 399)).toEqual({
      level: 2,
      nextLevel: 3,
      nextLevelAt: 400,
      missing: 1,
      progress: 299 / 300,
    });
    expect(levelProgress(sqrt, 400)).toEqual({ level: 3, nextLevel: 4, nextLevelAt: 900, missing: 500, progress: 0 });
    const linear = compileLevelFormula({ kind: 'linear', step: 250 });
    expect(levelProgress(linear, 300)).toEqual({ level: 2, nextLevel: 3, nextLevelAt: 500, missing: 200, progress: 0.2 });
    const exp = compileLevelFormula({ kind: 'exponential', base: 100, factor: 1.5 });
    expect(levelProgress(exp, 300)).toEqual({ level: 3, nextLevel: 4, nextLevelAt: 475, missing: 175, progress: 50 / 225 });
  });

  it('reports progress 1 and nulls when there is no next level', () => {
    const capped = compileLevelFormula({ kind: 'custom', expression: '1 + min(floor(total_earned / 10), 3)' });
    expect(levelProgress(capped, 35)).toEqual({ level: 4, nextLevel: null, nextLevelAt: null, missing: null, progress: 1 });
    expect(levelProgress(sqrt, MAX)).toEqual({
      level: 9_490_627, // isqrt(floor(MAX / 100)) + 1
      nextLevel: null,
      nextLevelAt: null,
      missing: null,
      progress: 1,
    });
  });

  it('shows a skipped level as the next level reached', () => {
    const jumpy = compileLevelFormula({ kind: 'custom', expression: '1 + floor(total_earned / 10) * 2' });
    expect(levelProgress(jumpy, 15)).toEqual({ level: 3, nextLevel: 5, nextLevelAt: 20, missing: 5, progress: 0.5 });
  });

  it('matches brute-force level starts for random formulas', () => {
    fc.assert(
      fc.property(fc.oneof(presetSpec, customSpec), fc.integer({ min: 0, max: 20_000 }), (spec, total) => {
        const formula = compileLevelFormula(spec);
        const progress = levelProgress(formula, total);
        if (progress.nextLevelAt === null) return progress.progress === 1;
        const from = bruteLevelStart(formula, total);
        return progress.progress === (total - from) / (progress.nextLevelAt - from);
      }),
      { numRuns: 200 },
    );
  });
});
