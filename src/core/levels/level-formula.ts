/**
 * Level formulas (SPEC §2): the validated spec stored in settings, compiled into an object
 * that answers level, next level and preview questions for every formula the same way.
 */
import { z } from 'zod';
import { EconomyError } from '../errors.js';
import { compileCustomLevel } from './custom-level.js';
import { MAX_FORMULA_LENGTH } from './formula-parser.js';
import { exponentialLevel, linearLevel, sqrtLevel } from './level-presets.js';
import { searchLevelStart, searchNextLevelAt, type LevelFunction } from './level-search.js';

export type LevelFormulaSpec =
  | { kind: 'sqrt' }
  | { kind: 'linear'; step: number }
  | { kind: 'exponential'; base: number; factor: number }
  | { kind: 'custom'; expression: string };

export const DEFAULT_LEVEL_FORMULA: LevelFormulaSpec = { kind: 'sqrt' };

const DEFAULT_STEP = 100;
const DEFAULT_BASE = 100;
const DEFAULT_FACTOR = 1.5;
/** A preview is for an admin's table; more rows than this is a caller bug. */
const MAX_PREVIEW = 10_000;

/**
 * Strict objects so a typo such as `stpe` is an error rather than a silent default.
 * Omitted preset parameters take their defaults. In zod 4, `.int()` means safe integer and
 * `z.number()` refuses NaN and ±Infinity.
 */
export const levelFormulaSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sqrt') }),
  z.strictObject({
    kind: z.literal('linear'),
    step: z.number().int().min(1).max(1e9).default(DEFAULT_STEP),
  }),
  z.strictObject({
    kind: z.literal('exponential'),
    base: z.number().int().min(1).max(1e9).default(DEFAULT_BASE),
    factor: z.number().gt(1).lte(10).default(DEFAULT_FACTOR),
  }),
  z.strictObject({
    kind: z.literal('custom'),
    expression: z
      .string()
      .min(1, 'the formula is empty')
      .max(MAX_FORMULA_LENGTH, `the formula is longer than ${MAX_FORMULA_LENGTH} characters`),
  }),
]);

// Compile-time guard: the schema's output is exactly LevelFormulaSpec.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesSpec: Same<z.output<typeof levelFormulaSpecSchema>, LevelFormulaSpec> = true;
void schemaMatchesSpec;

export interface LevelFormula {
  readonly spec: LevelFormulaSpec;
  /** integer >= 1 */
  level(totalEarned: number): number;
  /** smallest integer total > totalEarned whose level is higher, or null when there is none <= Number.MAX_SAFE_INTEGER */
  nextLevelAt(totalEarned: number): number | null;
  /** the first `count` levels with the lifetime total where each starts; stops early when no further level exists */
  preview(count: number): Array<{ level: number; from: number }>;
  /** human text: "sqrt", "linear (step 100)", "exponential (base 100, factor 1.5)", or the expression */
  describe(): string;
}

export interface LevelProgress {
  level: number;
  nextLevel: number | null;
  nextLevelAt: number | null;
  missing: number | null;
  /** 0..1 within the current level, 1 when there is no next level */
  progress: number;
}

/** Totals come from the ledger, so a bad one is a programming error, not member input. */
function checkTotal(totalEarned: number): void {
  if (!Number.isSafeInteger(totalEarned) || totalEarned < 0) {
    throw new RangeError(`totalEarned must be a non-negative safe integer, got ${String(totalEarned)}`);
  }
}

function validateSpec(spec: unknown): LevelFormulaSpec {
  const parsed = levelFormulaSpecSchema.safeParse(spec);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new EconomyError('INVALID_FORMULA', `Invalid level formula: ${problems}`, { spec });
}

function levelFunctionOf(spec: LevelFormulaSpec): LevelFunction {
  switch (spec.kind) {
    case 'sqrt':
      return sqrtLevel;
    case 'linear':
      return linearLevel(spec.step);
    case 'exponential':
      return exponentialLevel(spec.base, spec.factor);
    case 'custom':
      return compileCustomLevel(spec.expression);
  }
}

function describeSpec(spec: LevelFormulaSpec): string {
  switch (spec.kind) {
    case 'sqrt':
      return 'sqrt';
    case 'linear':
      return `linear (step ${spec.step})`;
    case 'exponential':
      return `exponential (base ${spec.base}, factor ${spec.factor})`;
    case 'custom':
      return spec.expression;
  }
}

/** Validates `spec` (throws EconomyError('INVALID_FORMULA')) and compiles it. */
export function compileLevelFormula(spec: LevelFormulaSpec): LevelFormula {
  const valid = Object.freeze(validateSpec(spec));
  const levelOf = levelFunctionOf(valid);
  const nextLevelAt = (totalEarned: number): number | null => {
    checkTotal(totalEarned);
    return searchNextLevelAt(levelOf, totalEarned);
  };
  return Object.freeze({
    spec: valid,
    level(totalEarned: number): number {
      checkTotal(totalEarned);
      return levelOf(totalEarned);
    },
    nextLevelAt,
    preview(count: number): Array<{ level: number; from: number }> {
      if (!Number.isInteger(count) || count < 0 || count > MAX_PREVIEW) {
        throw new RangeError(`count must be an integer from 0 to ${MAX_PREVIEW}, got ${String(count)}`);
      }
      // Walks level starts with the same search members see, so the table an admin checks
      // is exactly what the bot will answer. A formula that skips levels shows the jump.
      const rows: Array<{ level: number; from: number }> = [];
      let from: number | null = 0;
      while (from !== null && rows.length < count) {
        rows.push({ level: levelOf(from), from });
        from = searchNextLevelAt(levelOf, from);
      }
      return rows;
    },
    describe: () => describeSpec(valid),
  });
}

const DECIMAL = /^\d+(\.\d+)?$/;

/** How each preset's parameters are written, with their ranges: said by every refusal of them. */
const PRESET_SHAPES: Readonly<Record<'linear' | 'exponential', string>> = {
  linear: 'linear:STEP (e.g. linear:250), STEP a whole number from 1 to 1,000,000,000',
  exponential:
    'exponential:BASE,FACTOR (e.g. exponential:100,1.5), both given, BASE a whole number from 1 to 1,000,000,000 and FACTOR above 1 and at most 10',
};

/**
 * Parses `linear:250` / `exponential:100,1.5` parameters; numbers only, checked by the
 * schema. Exponential takes both or neither: `exponential:100` used to mean base 100 with
 * the default factor, silently, when a factor of 100 may have been meant.
 */
function presetParameters(name: 'linear' | 'exponential', text: string): number[] {
  const parts = text.split(',').map((part) => part.trim());
  const count = name === 'linear' ? 1 : 2;
  if (parts.length !== count || parts.some((part) => !DECIMAL.test(part))) {
    throw new EconomyError('INVALID_FORMULA', `Invalid ${name} parameters '${text}': expected ${PRESET_SHAPES[name]}`, { formula: text });
  }
  return parts.map(Number);
}

/** The preset's spec, or its refusal completed with how the parameters are written. */
function validatePreset(name: 'linear' | 'exponential', spec: LevelFormulaSpec): LevelFormulaSpec {
  try {
    return validateSpec(spec);
  } catch (err) {
    if (!(err instanceof EconomyError)) throw err;
    throw new EconomyError('INVALID_FORMULA', `${err.message}; expected ${PRESET_SHAPES[name]}`, { spec });
  }
}

/**
 * The formula as an admin types it (CLI, bot command): 'sqrt' | 'linear' | 'linear:250' |
 * 'exponential' | 'exponential:100,1.5' are presets, anything else is a custom expression.
 * Only the spec's shape is checked here; compileLevelFormula samples custom formulas.
 */
export function parseLevelFormulaArg(text: string): LevelFormulaSpec {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  const colon = lower.indexOf(':');
  const name = colon === -1 ? lower : lower.slice(0, colon);
  const params = colon === -1 ? undefined : trimmed.slice(colon + 1);
  if (name === 'sqrt' && params === undefined) return { kind: 'sqrt' };
  if (name === 'linear') {
    const [step = DEFAULT_STEP] = params === undefined ? [] : presetParameters(name, params);
    return validatePreset(name, { kind: 'linear', step });
  }
  if (name === 'exponential') {
    const [base = DEFAULT_BASE, factor = DEFAULT_FACTOR] = params === undefined ? [] : presetParameters(name, params);
    return validatePreset(name, { kind: 'exponential', base, factor });
  }
  return validateSpec({ kind: 'custom', expression: trimmed });
}

/** Where a member stands: current level, the next one, what is missing, and how far along. */
export function levelProgress(formula: LevelFormula, totalEarned: number): LevelProgress {
  const level = formula.level(totalEarned);
  const nextLevelAt = formula.nextLevelAt(totalEarned);
  if (nextLevelAt === null) {
    return { level, nextLevel: null, nextLevelAt: null, missing: null, progress: 1 };
  }
  const from = searchLevelStart((total) => formula.level(total), totalEarned);
  return {
    level,
    nextLevel: formula.level(nextLevelAt),
    nextLevelAt,
    missing: nextLevelAt - totalEarned,
    progress: (totalEarned - from) / (nextLevelAt - from),
  };
}
