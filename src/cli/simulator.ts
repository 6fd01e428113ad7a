/**
 * What the `simulate` command needs of the simulate adapter (src/simulate): the operation
 * names for its help, and a run of JSON lines against an economy. A port, wired by the
 * executable (src/entry/besitos.ts), so the CLI never imports simulate: both are adapters
 * over the engine, and what they share lives below them in core.
 */
import type { Economy, ManualClock } from '../core/index.js';

export interface Simulator {
  operationNames(): string[];
  /** Writes one outcome line per non-blank input line; throws only for failures that are not refusals. */
  run(lines: AsyncIterable<string>, economy: Economy, clock: ManualClock, write: (line: string) => void): Promise<unknown>;
}

/** The adapters the CLI fronts without importing them. */
export interface CliAdapters {
  /** Without it, `besitos simulate` is not offered. */
  simulator?: Simulator;
}
