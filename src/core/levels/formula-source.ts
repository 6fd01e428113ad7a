/**
 * The level formula in force, read from the settings table inside the caller's
 * transaction. The ledger reads it only on its slow path (a credit that reaches the next
 * level, a new profile), after locking the profile row, so a formula change (which locks
 * every profile while it recomputes) is never half-seen.
 */
import type { Executor } from '../../storage/write-transaction.js';
import { compileLevelFormula, DEFAULT_LEVEL_FORMULA, levelFormulaSpecSchema, type LevelFormula } from './level-formula.js';

export const LEVEL_FORMULA_KEY = 'levels.formula';

export type FormulaSource = (db: Executor) => Promise<LevelFormula>;

// Compiling validates a custom formula on a grid of points: do it once per distinct text.
const compiled = new Map<string, LevelFormula>();

export function formulaFromJson(json: string | undefined): LevelFormula {
  const key = json ?? '';
  let formula = compiled.get(key);
  if (!formula) {
    const parsed = json === undefined ? undefined : levelFormulaSpecSchema.safeParse(JSON.parse(json));
    formula = compileLevelFormula(parsed?.success ? parsed.data : DEFAULT_LEVEL_FORMULA);
    if (compiled.size > 100) compiled.clear();
    compiled.set(key, formula);
  }
  return formula;
}

export const storedFormula: FormulaSource = async (db) => {
  const row = await db.selectFrom('settings').select('value').where('key', '=', LEVEL_FORMULA_KEY).executeTakeFirst();
  return formulaFromJson(row?.value);
};

/** Cached profile value meaning "there is no next level". */
export const NO_NEXT_LEVEL = 2 ** 53;

export function nextLevelCache(formula: LevelFormula, totalEarned: number): number {
  return formula.nextLevelAt(totalEarned) ?? NO_NEXT_LEVEL;
}
