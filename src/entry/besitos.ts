/**
 * The `besitos` executable, composed: the CLI with the adapters it fronts but does not
 * import (simulate). Tests run this in-process; main.ts runs it on the real process.
 */
import { runCli, type CliIo } from '../cli/run-cli.js';
import type { Simulator } from '../cli/simulator.js';
import { defaultRegistry, simulate } from '../simulate/index.js';

const registry = defaultRegistry();

export const simulator: Simulator = {
  operationNames: () => registry.names(),
  run: (lines, economy, clock, write) => simulate(lines, economy, clock, write, registry),
};

export function runBesitos(argv: readonly string[], io: CliIo): Promise<number> {
  return runCli(argv, io, { simulator });
}
