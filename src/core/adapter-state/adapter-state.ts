/**
 * State an adapter must keep in the economy's database so it survives a restart and every
 * instance sees it (the bot's admin flows, @grammyjs/conversations). Values are JSON; the
 * adapter chooses its keys (prefix them by feature). Nothing of the economy lives here: it
 * is never read by a rule, only handed back to the adapter that wrote it.
 */
import { checkStorableText } from '../storable-text.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { deleteState, readState, sweepState, writeState } from './adapter-state-repository.js';

export const MAX_STATE_KEY_LENGTH = 255;
/** Conversation state is small; a runaway value is a bug, not something to store. */
export const MAX_STATE_VALUE_BYTES = 256 * 1024;

export interface AdapterState {
  /** The value written under `key`, or undefined. */
  read<T = unknown>(key: string): Promise<T | undefined>;
  /** Replaces the value (any JSON-serialisable value). */
  write(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * Deletes the values under keys that start with `prefix` last written before `before`
   * (ms): state that expires (the dashboard's sessions) is cleared without listing it.
   * Answers how many went.
   */
  sweep(prefix: string, before: number): Promise<number>;
}

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_STATE_KEY_LENGTH) {
    throw new EconomyError('INVALID_INPUT', `a state key is a text of 1 to ${MAX_STATE_KEY_LENGTH} characters`, { field: 'key' });
  }
  return checkStorableText(key, 'key');
}

export function adapterState(ctx: EngineContext): AdapterState {
  const { db } = ctx.storage;
  return {
    async read<T>(key: string): Promise<T | undefined> {
      const text = await readState(db, checkKey(key));
      return text === undefined ? undefined : (JSON.parse(text) as T);
    },
    async write(key, value) {
      const text = JSON.stringify(value);
      if (text === undefined) throw new EconomyError('INVALID_INPUT', 'a state value must be JSON', { field: 'value' });
      if (Buffer.byteLength(text) > MAX_STATE_VALUE_BYTES) {
        throw new EconomyError('INVALID_INPUT', `a state value is at most ${MAX_STATE_VALUE_BYTES} bytes of JSON`, { field: 'value' });
      }
      await writeState(db, checkKey(key), text, ctx.clock.now());
    },
    async delete(key) {
      await deleteState(db, checkKey(key));
    },
    async sweep(prefix, before) {
      if (!Number.isSafeInteger(before)) throw new EconomyError('INVALID_INPUT', 'before is a time in whole milliseconds', { field: 'before' });
      return sweepState(db, checkKey(prefix), before);
    },
  };
}
