/** An economy on a fresh database per test, with a ManualClock, and a way to run scenario lines. */
import { afterAll, afterEach, beforeEach } from 'vitest';
import { ManualClock } from '../../src/core/clock.js';
import { createEconomy, type Economy } from '../../src/core/engine.js';
import type { Storage } from '../../src/storage/connect.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import type { OperationRegistry } from '../../src/simulate/registry.js';
import { simulate, type SimulateSummary } from '../../src/simulate/simulate.js';
import type { TestDialect, TestLocation } from '../helpers/dialects.js';
import { dropAll } from '../cli/cli-harness.js';

export const ADMIN = 7;

export type Line = string | Record<string, unknown>;

export interface SimulationRun {
  /** The outcome lines, parsed. */
  outcomes: any[];
  /** The outcome lines as written. */
  written: string[];
  summary: SimulateSummary;
}

export interface SimulationContext {
  economy: Economy;
  /** The database under the economy, for assertions and direct setup. */
  storage: Storage;
  clock: ManualClock;
  location: TestLocation;
  run(lines: Line[], registry?: OperationRegistry): Promise<SimulationRun>;
}

export async function* linesOf(lines: Line[]): AsyncIterable<string> {
  for (const line of lines) yield typeof line === 'string' ? line : JSON.stringify(line);
}

/** A fresh economy per test; databases are dropped after the file. */
export function useSimulation(dialect: TestDialect): SimulationContext {
  const ctx = {} as SimulationContext;
  const locations: TestLocation[] = [];
  beforeEach(async () => {
    const location = dialect.newLocation();
    ctx.location = location;
    locations.push(location);
    ctx.clock = new ManualClock(0);
    ctx.storage = await location.open();
    await migrateToLatest(ctx.storage);
    // The economy closes the storage it is given here (it owns it, as openEconomy's would).
    ctx.economy = createEconomy({ storage: ctx.storage, clock: ctx.clock, adminIds: [ADMIN] }, true);
    ctx.run = async (lines, registry) => {
      const written: string[] = [];
      const summary = await simulate(linesOf(lines), ctx.economy, ctx.clock, (line) => written.push(line), registry);
      return { outcomes: written.map((line) => JSON.parse(line)), written, summary };
    };
  });
  afterEach(async () => {
    await ctx.economy.close();
  });
  afterAll(async () => {
    await dropAll(locations.splice(0));
  });
  return ctx;
}
