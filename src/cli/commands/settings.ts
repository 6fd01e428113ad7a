/** `besitos settings get [key] | set <key> <value> | audit`: economy settings (SPEC §8). */
import type { Command } from 'commander';
import { assertSettingKey, parseSettingValue, plainSettingChange } from '../../core/index.js';
import { numberArg } from '../arguments.js';
import { CLI_OPERATOR, type CommandContext } from '../context.js';
import { iso, table } from '../format.js';

const show = (value: unknown) => JSON.stringify(value);

export function registerSettings(program: Command, ctx: CommandContext): void {
  const settings = program.command('settings').description('Read, change and audit the economy settings');

  settings
    .command('get')
    .description('Show every setting, or one')
    .argument('[key]', 'a setting key, e.g. reactions.amount')
    .action(async (key: string | undefined, _opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        if (key === undefined) {
          const all = await economy.settings.all();
          out.result({ settings: all }, () => table(['KEY', 'VALUE'], Object.entries(all).map(([k, v]) => [k, show(v)])));
          return;
        }
        assertSettingKey(key); // INVALID_CONFIG naming the known keys
        const value = await economy.settings.get(key);
        out.result({ key, value }, () => show(value));
      }),
    );

  settings
    .command('set')
    .description('Change a setting (validated and audited)')
    .argument('<key>', 'a setting key, e.g. reactions.amount')
    .argument('<value...>', 'the value: 30, 1_000, ["❤️","🔥"] or ❤️,🔥, Europe/Madrid, linear:250, …')
    .addHelpText('after', '\nlevels.formula also recomputes every cached level (see besitos level-formula).')
    .action(async (key: string, words: string[], _opts: unknown, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        // Words are joined so an unquoted emoji list or expression still arrives whole.
        const value = parseSettingValue(key, words.join(' '));
        const change = plainSettingChange(await economy.settings.set(key, value, CLI_OPERATOR));
        const unchanged = show(change.oldValue) === show(change.newValue);
        out.result({ ...change, changed: !unchanged }, () =>
          unchanged
            ? `${key} is already ${show(change.newValue)}; nothing changed.`
            : `${key}: ${show(change.oldValue)} → ${show(change.newValue)}`,
        );
      }),
    );

  settings
    .command('audit')
    .description('List setting changes, newest first')
    .option('--key <key>', 'only changes of this key')
    .option('--limit <n>', 'how many, 1 to 100 (default 20)', numberArg)
    .action(async (opts: { key?: string; limit?: number }, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        const entries = (
          await economy.settings.audit({
            ...(opts.key !== undefined ? { key: opts.key } : {}),
            ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
          })
        ).map((e) => ({ ...e, changedAt: iso(e.changedAt) }));
        out.result({ entries }, () =>
          entries.length === 0
            ? 'No setting changes yet.'
            : table(
                ['ID', 'TIME', 'KEY', 'CHANGE', 'BY'],
                entries.map((e) => [`#${e.id}`, e.changedAt, e.key, `${show(e.oldValue)} → ${show(e.newValue)}`, e.changedBy]),
                [0],
              ),
        );
      }),
    );
}
