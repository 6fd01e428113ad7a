/**
 * grammY's StorageAdapter over the engine's adapter state: state that must survive a
 * restart and be seen by every instance on one database (admin flows of
 * @grammyjs/conversations).
 */
import type { StorageAdapter } from 'grammy';
import type { AdapterState } from '../core/index.js';

export function botStateStorage<T>(state: AdapterState, prefix: string): StorageAdapter<T> {
  const k = (key: string) => `${prefix}:${key}`;
  return {
    read: (key) => state.read<T>(k(key)),
    write: (key, value) => state.write(k(key), value),
    delete: (key) => state.delete(k(key)),
  };
}
