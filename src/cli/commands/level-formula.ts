/** `besitos level-formula show | set <preset|expression>` (SPEC §2). */
import type { Command } from 'commander';
import { plainSettingChange } from '../../core/index.js';
import { CLI_OPERATOR, type CommandContext } from '../context.js';
import { besitos, levelPreviewTable } from '../format.js';

const PREVIEW_LEVELS = 10;

export function registerLevelFormula(program: Command, ctx: CommandContext): void {
  const levelFormula = program.command('level-formula').description('Show or change the level formula');

  levelFormula
    .command('show')
    .description(`The formula in force and where its first ${PREVIEW_LEVELS} levels start`)
    .action(async (_opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const formula = await economy.levels.current();
        const preview = formula.preview(PREVIEW_LEVELS);
        out.result({ formula: formula.describe(), spec: formula.spec, preview }, () =>
          [`Level formula: ${formula.describe()}`, levelPreviewTable(preview)].join('\n'),
        );
      }),
    );

  levelFormula
    .command('set')
    .description('Change the formula and recompute every cached level')
    .argument('<formula...>', 'sqrt | linear[:STEP] | exponential[:BASE,FACTOR] | an expression over total_earned')
    .addHelpText(
      'after',
      `
Examples:
  besitos level-formula set linear:250
  besitos level-formula set exponential:100,1.5
  besitos level-formula set "floor(sqrt(total_earned / 50)) + 1"`,
    )
    .action(async (words: string[], _opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const before = (await economy.levels.current()).describe();
        const result = await economy.levels.setFormula(words.join(' '), CLI_OPERATOR);
        out.result({ ...result, change: plainSettingChange(result.change) }, () =>
          [
            `Level formula: ${before} → ${result.formula}`,
            `Recomputed ${besitos(result.profiles)} profile(s); ${besitos(result.levelsChanged)} changed level.`,
            levelPreviewTable(result.preview),
          ].join('\n'),
        );
      }),
    );
}
