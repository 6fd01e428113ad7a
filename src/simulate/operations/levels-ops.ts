/** The level formula (SPEC §2): changing it recomputes every cached level at once. */
import { z } from 'zod';
import { type LevelFormulaSpec, plainSettingChange } from '../../core/index.js';
import { defineOperation, type Operation } from '../registry.js';
import { SIMULATE_CHANGED_BY } from './settings-ops.js';

const setLevelFormula = defineOperation(
  'set_level_formula',
  z.strictObject({
    // The text an admin types (`sqrt`, `linear:250`, an expression) or a stored spec object;
    // the levels service validates either (INVALID_FORMULA).
    formula: z.union([z.string(), z.looseObject({ kind: z.string() })]),
    by: z.string().optional(),
  }),
  async (a, { economy }) => {
    const formula = typeof a.formula === 'string' ? a.formula : (a.formula as LevelFormulaSpec);
    const result = await economy.levels.setFormula(formula, a.by ?? SIMULATE_CHANGED_BY);
    return { ...result, change: plainSettingChange(result.change) };
  },
);

export const levelsOperations: readonly Operation[] = [setLevelFormula];
