/**
 * An economy over a read-only database (a backup opened for inspection): reads work, and a
 * write is refused `READ_ONLY` with where and why, instead of the driver's "attempt to write a
 * readonly database". The database itself refuses the write, so nothing ever changes; this
 * only names the refusal, at the engine's face, the one place every adapter's call passes.
 */
import type { Storage } from '../storage/connect.js';
import { isReadOnlyViolation } from '../storage/write-transaction.js';
import type { ReadOnlyCause } from './error-details.js';
import { EconomyError } from './errors.js';

const WHY: Readonly<Record<ReadOnlyCause, string>> = {
  url: 'its URL asks for read-only',
  file: 'its file cannot be written',
  directory: 'its directory cannot be written',
  database: 'the database refused the write',
};

export function readOnlyRefusal(database: string, reason: ReadOnlyCause, pending: readonly string[] = []): EconomyError<'READ_ONLY'> {
  const needs = pending.length > 0 ? ` and needs the migrations ${pending.join(', ')}, which cannot be applied` : '';
  return new EconomyError(
    'READ_ONLY',
    `the database ${database} is read-only (${WHY[reason]})${needs}: nothing was changed` + (pending.length > 0 ? '; open a writable copy of it' : ''),
    { database, reason, ...(pending.length > 0 ? { pending: [...pending] } : {}) },
  );
}

export function readOnlyError(storage: Storage, pending: readonly string[] = []): EconomyError<'READ_ONLY'> {
  return readOnlyRefusal(storage.displayUrl, storage.readOnly ?? 'database', pending);
}

/** `err`, or READ_ONLY when it is the database refusing a write. */
export function asReadOnlyRefusal(err: unknown, storage: Storage): unknown {
  return isReadOnlyViolation(err) ? readOnlyError(storage) : err;
}

function translated(call: () => unknown, storage: Storage): unknown {
  let result: unknown;
  try {
    result = call();
  } catch (err) {
    throw asReadOnlyRefusal(err, storage);
  }
  if (result instanceof Promise) return result.catch((err: unknown) => Promise.reject(asReadOnlyRefusal(err, storage)));
  return result;
}

/**
 * `target` with every method's driver refusal named READ_ONLY, and (`depth` levels down)
 * the same for the objects it holds: the Economy's services. One wrapper per original value,
 * so `economy.ledger === economy.ledger` still holds.
 */
export function namingReadOnlyRefusals<T extends object>(target: T, storage: Storage, depth = 1): T {
  const made = new WeakMap<object, unknown>();
  return new Proxy(target, {
    get(obj, prop) {
      const value: unknown = Reflect.get(obj, prop, obj);
      const descriptor = Reflect.getOwnPropertyDescriptor(obj, prop);
      // A frozen own property must read as itself (a Proxy invariant): e.g. `economy.database`.
      if (descriptor && !descriptor.configurable && !descriptor.writable) return value;
      if (typeof value !== 'function' && (depth === 0 || value === null || typeof value !== 'object')) return value;
      const original = value as object;
      if (!made.has(original)) {
        made.set(
          original,
          typeof value === 'function'
            ? (...args: unknown[]) => translated(() => (value as (...a: unknown[]) => unknown).apply(obj, args), storage)
            : namingReadOnlyRefusals(original, storage, depth - 1),
        );
      }
      return made.get(original);
    },
  });
}
