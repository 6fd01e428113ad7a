/**
 * `besitos bench`: RESERVED. The benchmarks (bench/, SPEC §11) wire their command here;
 * `npm run bench` already calls `besitos bench`. Replace the action with the real one and
 * keep the registration in commands/index.ts as it is.
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

export function registerBench(program: Command, _ctx: CommandContext): void {
  program
    .command('bench')
    .description('Run the benchmarks (not wired yet)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new Error('besitos bench is not wired yet');
    });
}
