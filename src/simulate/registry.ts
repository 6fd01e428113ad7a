/**
 * The operations `besitos simulate` understands. Each area of the economy declares its own
 * in `operations/<area>-ops.ts`; `operations/index.ts` lists the areas, so adding an area is
 * one new file and one line there, and no area's file is touched by another's change.
 */
import type { z } from 'zod';
import { type Economy, EconomyError, type ManualClock } from '../core/index.js';

export interface OperationContext {
  readonly economy: Economy;
  readonly clock: ManualClock;
}

/** The work of one line, ready to run once the line's time is set. */
export type PreparedOperation = (ctx: OperationContext) => Promise<unknown>;

export interface Operation {
  readonly name: string;
  /**
   * Checks the line's arguments (everything but `at` and `op`) and throws INVALID_INPUT
   * naming the field. Split from running so a refused line never moves the clock.
   */
  prepare(args: Record<string, unknown>): PreparedOperation;
}

/**
 * An operation whose arguments a zod schema checks. Use strict objects, so a misspelt
 * field (`ammount`) is named in the refusal rather than silently ignored.
 */
export function defineOperation<S extends z.ZodType>(
  name: string,
  args: S,
  run: (args: z.output<S>, ctx: OperationContext) => Promise<unknown>,
): Operation {
  return {
    name,
    prepare(raw) {
      const parsed = args.safeParse(raw);
      if (!parsed.success) throw invalidArguments(name, parsed.error);
      return (ctx) => run(parsed.data, ctx);
    },
  };
}

function invalidArguments(op: string, error: z.ZodError): EconomyError {
  const problems = error.issues.map((issue) => {
    const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
    return { field, text: field === '' ? issue.message : `${field}: ${issue.message}` };
  });
  const field = problems[0]?.field ?? '';
  return new EconomyError('INVALID_INPUT', `${op}: ${problems.map((p) => p.text).join('; ')}`, field === '' ? {} : { field });
}

export class OperationRegistry {
  readonly #operations = new Map<string, Operation>();

  constructor(operations: Iterable<Operation> = []) {
    for (const op of operations) this.register(op);
  }

  register(op: Operation): this {
    // Two areas claiming one name is a wiring bug: fail at start, not on some line later.
    if (this.#operations.has(op.name)) throw new Error(`simulate operation "${op.name}" is registered twice`);
    this.#operations.set(op.name, op);
    return this;
  }

  get(name: string): Operation | undefined {
    return this.#operations.get(name);
  }

  names(): string[] {
    return [...this.#operations.keys()].sort();
  }
}
