/**
 * Changing the level formula (SPEC §2): validate, store it (audited through the settings
 * store) and recompute every cached level and next-level start in the same transaction,
 * so no reader ever sees the new formula beside old cached levels.
 */
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import type { SettingChange } from '../settings/settings.js';
import { LEVEL_FORMULA_KEY, nextLevelCache } from './formula-source.js';
import { compileLevelFormula, parseLevelFormulaArg, type LevelFormula, type LevelFormulaSpec } from './level-formula.js';
import type { EngineContext } from '../engine-context.js';

export interface FormulaChange {
  change: SettingChange;
  formula: string;
  /** Profiles whose cached level was rewritten. */
  profiles: number;
  /** Profiles whose level is now different. */
  levelsChanged: number;
  preview: Array<{ level: number; from: number }>;
}

const BATCH = 500;

export class LevelsService {
  readonly #ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  current(): Promise<LevelFormula> {
    return this.#ctx.formula(this.#ctx.storage.db);
  }

  /** Accepts a spec or the CLI's text: `sqrt`, `linear:250`, `exponential:100,1.5`, or an expression. */
  async setFormula(input: LevelFormulaSpec | string, changedBy: string): Promise<FormulaChange> {
    const spec = typeof input === 'string' ? parseLevelFormulaArg(input) : input;
    const formula = compileLevelFormula(spec); // throws INVALID_FORMULA before anything is written
    const result = await writeTransaction(this.#ctx.storage, async (trx) => {
      const change = await this.#ctx.settings.setInTransaction(trx, LEVEL_FORMULA_KEY, formula.spec, changedBy);
      const { profiles, levelsChanged } = await recomputeLevels(trx, this.#ctx.storage.dialect === 'postgres', formula);
      return { change, formula: formula.describe(), profiles, levelsChanged, preview: formula.preview(10) };
    });
    // This process must not serve the old formula until its own NOTIFY comes back.
    this.#ctx.settings.invalidate();
    return result;
  }
}

/** Rewrites level and next_level_at of every profile from total_earned, in batches. */
export async function recomputeLevels(
  trx: Executor,
  lockRows: boolean,
  formula: LevelFormula,
): Promise<{ profiles: number; levelsChanged: number }> {
  let q = trx.selectFrom('profiles').select(['member_id', 'total_earned', 'level', 'next_level_at']).orderBy('member_id');
  // Lock every profile: a movement in flight finishes first, the next ones wait for the
  // new formula (the ledger's slow path reads it after locking its row).
  if (lockRows) q = q.forUpdate();
  const rows = await q.execute();
  const groups = new Map<string, { level: number; next: number; ids: number[] }>();
  let levelsChanged = 0;
  for (const row of rows) {
    const level = formula.level(row.total_earned);
    const next = nextLevelCache(formula, row.total_earned);
    if (level === row.level && next === row.next_level_at) continue;
    if (level !== row.level) levelsChanged++;
    const key = `${level}:${next}`;
    const group = groups.get(key) ?? { level, next, ids: [] };
    group.ids.push(row.member_id);
    groups.set(key, group);
  }
  let profiles = 0;
  for (const { level, next, ids } of groups.values()) {
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      await trx.updateTable('profiles').set({ level, next_level_at: next }).where('member_id', 'in', chunk).execute();
      profiles += chunk.length;
    }
  }
  return { profiles, levelsChanged };
}
