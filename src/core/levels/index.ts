/** Levels (SPEC §2): the public API of the module; internals stay importable by path for tests. */
export {
  DEFAULT_LEVEL_FORMULA,
  compileLevelFormula,
  levelFormulaSpecSchema,
  levelProgress,
  parseLevelFormulaArg,
  type LevelFormula,
  type LevelFormulaSpec,
  type LevelProgress,
} from './level-formula.js';
export {
  MAX_FORMULA_DEPTH,
  MAX_FORMULA_LENGTH,
  evaluateFormula,
  parseFormula,
  type BinaryOperator,
  type FormulaFunction,
  type FormulaNode,
} from './formula-parser.js';
