import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LEVEL_FORMULA,
  compileLevelFormula,
  levelFormulaSpecSchema,
  parseLevelFormulaArg,
  type LevelFormulaSpec,
} from '../../../src/core/levels/index.js';

const invalidFormula = expect.objectContaining({ code: 'INVALID_FORMULA' });

describe('levelFormulaSpecSchema', () => {
  it('defaults to sqrt and fills omitted preset parameters', () => {
    expect(DEFAULT_LEVEL_FORMULA).toEqual({ kind: 'sqrt' });
    expect(levelFormulaSpecSchema.parse({ kind: 'linear' })).toEqual({ kind: 'linear', step: 100 });
    expect(levelFormulaSpecSchema.parse({ kind: 'exponential' })).toEqual({ kind: 'exponential', base: 100, factor: 1.5 });
    expect(levelFormulaSpecSchema.parse({ kind: 'exponential', factor: 2 })).toEqual({
      kind: 'exponential',
      base: 100,
      factor: 2,
    });
  });

  it.each([
    { kind: 'linear', step: 0 },
    { kind: 'linear', step: 2.5 },
    { kind: 'linear', step: 1e9 + 1 },
    { kind: 'exponential', base: 0, factor: 1.5 },
    { kind: 'exponential', base: 1.5, factor: 1.5 },
    { kind: 'exponential', base: 100, factor: 1 },
    { kind: 'exponential', base: 100, factor: 10.01 },
    { kind: 'exponential', base: 100, factor: Number.NaN },
    { kind: 'custom', expression: '' },
    { kind: 'custom', expression: 'x'.repeat(501) },
    { kind: 'cubic' },
    { kind: 'linear', stpe: 5 },
  ])('refuses %j', (spec) => {
    expect(levelFormulaSpecSchema.safeParse(spec).success).toBe(false);
    expect(() => compileLevelFormula(spec as LevelFormulaSpec)).toThrow(invalidFormula);
  });

  it('accepts the bounds', () => {
    for (const spec of [
      { kind: 'linear', step: 1 },
      { kind: 'linear', step: 1e9 },
      { kind: 'exponential', base: 1, factor: 10 },
      { kind: 'exponential', base: 1e9, factor: 1.0001 },
    ]) {
      expect(levelFormulaSpecSchema.safeParse(spec).success).toBe(true);
    }
  });
});

describe('compileLevelFormula', () => {
  it('names the problem of an invalid spec', () => {
    expect(() => compileLevelFormula({ kind: 'linear', step: 0 })).toThrow(
      'Invalid level formula: step: Too small: expected number to be >=1',
    );
    expect(() => compileLevelFormula({ kind: 'custom', expression: '' })).toThrow(
      'Invalid level formula: expression: the formula is empty',
    );
  });

  it('keeps the normalized spec and describes it', () => {
    expect(compileLevelFormula({ kind: 'sqrt' }).describe()).toBe('sqrt');
    expect(compileLevelFormula({ kind: 'linear', step: 100 }).describe()).toBe('linear (step 100)');
    expect(compileLevelFormula({ kind: 'exponential', base: 100, factor: 1.5 }).describe()).toBe(
      'exponential (base 100, factor 1.5)',
    );
    const custom = compileLevelFormula({ kind: 'custom', expression: 'floor(total_earned / 50) + 1' });
    expect(custom.describe()).toBe('floor(total_earned / 50) + 1');
    expect(custom.spec).toEqual({ kind: 'custom', expression: 'floor(total_earned / 50) + 1' });
    expect(Object.isFrozen(custom.spec)).toBe(true);
  });
});

describe('preview', () => {
  it('lists where each of the first levels starts', () => {
    expect(compileLevelFormula({ kind: 'sqrt' }).preview(6)).toEqual([
      { level: 1, from: 0 },
      { level: 2, from: 100 },
      { level: 3, from: 400 },
      { level: 4, from: 900 },
      { level: 5, from: 1600 },
      { level: 6, from: 2500 },
    ]);
    expect(compileLevelFormula({ kind: 'linear', step: 250 }).preview(4)).toEqual([
      { level: 1, from: 0 },
      { level: 2, from: 250 },
      { level: 3, from: 500 },
      { level: 4, from: 750 },
    ]);
    expect(compileLevelFormula({ kind: 'exponential', base: 100, factor: 1.5 }).preview(7)).toEqual([
      { level: 1, from: 0 },
      { level: 2, from: 100 },
      { level: 3, from: 250 },
      { level: 4, from: 475 },
      { level: 5, from: 813 },
      { level: 6, from: 1319 },
      { level: 7, from: 2079 },
    ]);
    expect(compileLevelFormula({ kind: 'sqrt' }).preview(0)).toEqual([]);
  });

  it('stops early when no further level exists, and shows skipped levels', () => {
    expect(compileLevelFormula({ kind: 'custom', expression: '1 + min(total_earned, 2)' }).preview(10)).toEqual([
      { level: 1, from: 0 },
      { level: 2, from: 1 },
      { level: 3, from: 2 },
    ]);
    expect(compileLevelFormula({ kind: 'custom', expression: '1 + floor(total_earned / 10) * 2' }).preview(3)).toEqual([
      { level: 1, from: 0 },
      { level: 3, from: 10 },
      { level: 5, from: 20 },
    ]);
    // Exponential base 1, factor 2 has exactly 54 levels up to 2^53 − 1.
    const doubling = compileLevelFormula({ kind: 'exponential', base: 1, factor: 2 }).preview(100);
    expect(doubling).toHaveLength(54);
    expect(doubling.at(-1)).toEqual({ level: 54, from: Number.MAX_SAFE_INTEGER });
  });

  it('refuses a bad count', () => {
    const sqrt = compileLevelFormula({ kind: 'sqrt' });
    for (const bad of [-1, 1.5, Number.NaN, 10_001]) expect(() => sqrt.preview(bad)).toThrow(RangeError);
  });
});

describe('parseLevelFormulaArg', () => {
  it.each<[string, LevelFormulaSpec]>([
    ['sqrt', { kind: 'sqrt' }],
    ['  SQRT ', { kind: 'sqrt' }],
    ['linear', { kind: 'linear', step: 100 }],
    ['linear:250', { kind: 'linear', step: 250 }],
    ['Linear: 50', { kind: 'linear', step: 50 }],
    ['exponential', { kind: 'exponential', base: 100, factor: 1.5 }],
    ['exponential:100,1.5', { kind: 'exponential', base: 100, factor: 1.5 }],
    ['exponential: 50 , 2', { kind: 'exponential', base: 50, factor: 2 }],
    ['floor(total_earned / 10) + 1', { kind: 'custom', expression: 'floor(total_earned / 10) + 1' }],
    ['  sqrt(total_earned) + 1 ', { kind: 'custom', expression: 'sqrt(total_earned) + 1' }],
  ])('%j', (text, spec) => {
    expect(parseLevelFormulaArg(text)).toEqual(spec);
  });

  it.each([
    ['linear:', "Invalid linear parameters '': expected linear:STEP (e.g. linear:250)"],
    ['linear:abc', "Invalid linear parameters 'abc': expected linear:STEP (e.g. linear:250)"],
    ['linear:100,2', "Invalid linear parameters '100,2': expected linear:STEP (e.g. linear:250)"],
    ['linear:-5', "Invalid linear parameters '-5'"],
    ['linear:0', 'Invalid level formula: step: Too small: expected number to be >=1'],
    ['linear:2.5', 'Invalid level formula: step: Invalid input: expected int, received number'],
    ['exponential:100,1', 'Invalid level formula: factor: Too small: expected number to be >1'],
    ['exponential:1,2,3', "Invalid exponential parameters '1,2,3': expected exponential:BASE,FACTOR"],
    ['exponential:1e3', "Invalid exponential parameters '1e3'"],
    // Issue 11, failure 7: a lone parameter used to become the base with factor 1.5, silently.
    ['exponential:100', "Invalid exponential parameters '100': expected exponential:BASE,FACTOR (e.g. exponential:100,1.5), both given, BASE a whole number from 1 to 1,000,000,000 and FACTOR above 1 and at most 10"],
    ['exponential:100,100', 'factor: Too big: expected number to be <=10; expected exponential:BASE,FACTOR (e.g. exponential:100,1.5), both given'],
    ['linear:0', 'step: Too small: expected number to be >=1; expected linear:STEP (e.g. linear:250), STEP a whole number from 1 to 1,000,000,000'],
    ['', 'Invalid level formula: expression: the formula is empty'],
    ['   ', 'Invalid level formula: expression: the formula is empty'],
  ])('refuses %j', (text, message) => {
    expect(() => parseLevelFormulaArg(text)).toThrow(invalidFormula);
    expect(() => parseLevelFormulaArg(text)).toThrow(message);
  });

  it('leaves deep checks of custom formulas to compileLevelFormula', () => {
    const spec = parseLevelFormulaArg('100 - total_earned');
    expect(spec).toEqual({ kind: 'custom', expression: '100 - total_earned' });
    expect(() => compileLevelFormula(spec)).toThrow(invalidFormula);
  });
});
