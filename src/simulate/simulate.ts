/**
 * `besitos simulate` as a library (SPEC §10): JSON lines of operations in, one JSON line of
 * outcome per operation out. Each line is `{"at":"<ISO>","op":"<name>",...arguments}`;
 * `at` moves the clock (forward only), a line without it runs at the time of the line
 * before. A bad line is answered and skipped; the run goes on.
 */
import { type Economy, EconomyError, ISO_TIME_HINT, type ManualClock, parseIsoTime, toIso } from '../core/index.js';
import { defaultRegistry } from './operations/index.js';
import type { OperationRegistry, PreparedOperation } from './registry.js';

export type Outcome =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; message: string } & Record<string, unknown> };

export interface SimulateSummary {
  /** Non-blank lines read; each got exactly one outcome line. */
  operations: number;
  ok: number;
  failed: number;
}

/**
 * Runs every line against `economy`, whose clock must be `clock`. Refusals (EconomyError)
 * become `{"ok":false,...}` outcomes; anything else (a lost database, a bug) stops the run
 * and is thrown, since carrying on would report outcomes of a broken run as if they counted.
 */
export async function simulate(
  lines: AsyncIterable<string>,
  economy: Economy,
  clock: ManualClock,
  write: (line: string) => void,
  registry: OperationRegistry = defaultRegistry(),
): Promise<SimulateSummary> {
  const summary: SimulateSummary = { operations: 0, ok: 0, failed: 0 };
  const ctx = { economy, clock };
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    summary.operations++;
    let outcome: Outcome;
    try {
      const run = prepareLine(line, lineNumber, registry, clock);
      outcome = { ok: true, result: (await run(ctx)) ?? {} };
      summary.ok++;
    } catch (err) {
      if (!(err instanceof EconomyError)) throw err;
      outcome = { ok: false, error: err.toJSON() };
      summary.failed++;
    }
    // Dates in results print as ISO text through Date#toJSON.
    write(JSON.stringify(outcome));
  }
  return summary;
}

function invalid(message: string, details: Record<string, unknown> = {}): EconomyError {
  return new EconomyError('INVALID_INPUT', message, details);
}

/** Everything about the line is checked before the clock moves; then its time is set. */
function prepareLine(line: string, lineNumber: number, registry: OperationRegistry, clock: ManualClock): PreparedOperation {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (err) {
    throw invalid(`line ${lineNumber} is not JSON: ${(err as Error).message}`, { line: lineNumber });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw invalid(`line ${lineNumber} is not a JSON object like {"at":"…","op":"…",…}`, { line: lineNumber });
  }
  const { at, op, ...args } = parsed as Record<string, unknown>;
  if (typeof op !== 'string') {
    throw invalid(`line ${lineNumber} has no "op" (one of ${registry.names().join(', ')})`, { field: 'op' });
  }
  const operation = registry.get(op);
  if (!operation) throw invalid(`unknown op "${op}"; known: ${registry.names().join(', ')}`, { field: 'op' });

  let time: number | undefined;
  if (at !== undefined) {
    time = typeof at === 'string' ? (parseIsoTime(at) ?? undefined) : undefined;
    if (time === undefined) throw invalid(`"at" must be ${ISO_TIME_HINT}, got ${JSON.stringify(at)}`, { field: 'at' });
  }
  const run = operation.prepare(args);
  if (time !== undefined && !clock.set(time)) {
    throw invalid(`time only moves forward: ${toIso(time)} is before ${toIso(clock.now())}`, { field: 'at' });
  }
  return run;
}
