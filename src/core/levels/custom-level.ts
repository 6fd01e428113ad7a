/**
 * Custom level formulas (SPEC §2): level = floor(f(total_earned)). An admin's formula is
 * parsed, then sampled on a grid and refused when it would break what the rest of the
 * economy relies on: level >= 1, finite, never decreasing as total_earned grows.
 */
import type { ErrorDetailsMap } from '../error-details.js';
import { EconomyError } from '../errors.js';
import { evaluateFormula, parseFormula } from './formula-parser.js';
import type { LevelFunction } from './level-search.js';

const MAX = Number.MAX_SAFE_INTEGER;

let grid: readonly number[] | undefined;

/**
 * Every integer 0..2000 (where the first levels and most members are), then points
 * growing by ×1.1 up to 1e12, then Number.MAX_SAFE_INTEGER: about 2,200 evaluations.
 * Built once, on first use.
 */
export function sampleGrid(): readonly number[] {
  if (grid !== undefined) return grid;
  const points: number[] = [];
  for (let x = 0; x <= 2000; x += 1) points.push(x);
  for (let x = Math.floor(2000 * 1.1); x < 1e12; x = Math.floor(x * 1.1)) points.push(x);
  points.push(1e12, MAX);
  grid = points;
  return grid;
}

function refuse(expression: string, reason: string, details: Omit<ErrorDetailsMap['INVALID_FORMULA'], 'formula'>): EconomyError {
  return new EconomyError('INVALID_FORMULA', `Formula '${expression}' is refused: ${reason}`, {
    formula: expression,
    ...details,
  });
}

/**
 * Parses and validates `expression`; returns its level function. Between grid points the
 * formula is trusted, so the level function still clamps to [1, MAX_SAFE_INTEGER] (NaN
 * counts as 1): a hot path never sees a level the ledger could not store.
 */
export function compileCustomLevel(expression: string): LevelFunction {
  const ast = parseFormula(expression);
  let previous: { at: number; level: number } | undefined;
  for (const at of sampleGrid()) {
    const value = evaluateFormula(ast, at);
    if (!Number.isFinite(value)) {
      throw refuse(expression, `it is not finite at total_earned = ${at} (got ${value})`, { at, value: String(value) });
    }
    if (at === 0 && value < 1) {
      throw refuse(expression, `it is below 1 at total_earned = 0 (got ${value}); levels start at 1`, { at, value });
    }
    const level = Math.floor(value);
    if (level > MAX) {
      throw refuse(expression, `its level at total_earned = ${at} is above ${MAX}`, { at, value });
    }
    if (previous !== undefined && level < previous.level) {
      throw refuse(
        expression,
        `it decreases: level ${previous.level} at total_earned = ${previous.at} but ${level} at ${at}`,
        { at, level, previousAt: previous.at, previousLevel: previous.level },
      );
    }
    previous = { at, level };
  }
  return (total) => {
    const level = Math.floor(evaluateFormula(ast, total));
    if (!(level >= 1)) return 1;
    return level > MAX ? MAX : level;
  };
}
