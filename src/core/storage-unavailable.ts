/**
 * A lost database connection, as adapters see it: `STORAGE_UNAVAILABLE`, a refusal with a
 * stable code, never a driver error. Storage already ran the work again where that is safe
 * (connection-loss.ts); what reaches here could not be, or failed again. The conversion
 * happens once, at the engine's face (`Economy`), so every service, read or write, answers
 * a lost connection the same way and no adapter needs to know pg's error codes.
 */
import { lossOutcome } from '../storage/connection-loss.js';
import { EconomyError } from './errors.js';

/** The refusal a lost connection becomes, or `err` itself when it is anything else. */
export function refusalOfLostConnection(err: unknown): unknown {
  const outcome = lossOutcome(err);
  if (outcome === undefined) return err;
  const message =
    outcome === 'not-applied'
      ? 'the database cannot be reached just now; nothing was changed, try again'
      : 'the database connection was lost while the change was being saved; it may have been applied: check before repeating it';
  const refusal = new EconomyError('STORAGE_UNAVAILABLE', message, { outcome, retryable: true });
  (refusal as { cause?: unknown }).cause = err;
  return refusal;
}

/**
 * `target` with every method's lost connections turned into `STORAGE_UNAVAILABLE`. Methods
 * run on the target itself (private fields work); other properties pass through.
 */
export function refusingLostConnections<T extends object>(target: T): T {
  const wrappers = new WeakMap<(...args: unknown[]) => unknown, (...args: unknown[]) => unknown>();
  return new Proxy(target, {
    get(t, prop) {
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      let wrapper = wrappers.get(method);
      if (!wrapper) {
        wrapper = (...args: unknown[]) => {
          try {
            const result = method.apply(t, args);
            return result instanceof Promise ? result.catch(rethrowRefusal) : result;
          } catch (err) {
            return rethrowRefusal(err);
          }
        };
        wrappers.set(method, wrapper);
      }
      return wrapper;
    },
  });
}

function rethrowRefusal(err: unknown): never {
  throw refusalOfLostConnection(err);
}

/** One function with its lost connections turned into `STORAGE_UNAVAILABLE`. */
export function refusingLostConnection<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return (...args) => fn(...args).catch(rethrowRefusal);
}
