/**
 * grammY's StorageAdapter over the `bot_state` table: state that must survive a restart
 * and be seen by every instance on one database (admin flows of @grammyjs/conversations).
 * Values are JSON text.
 */
import type { StorageAdapter } from 'grammy';
import type { Economy } from '../core/engine.js';

export function botStateStorage<T>(economy: Economy, prefix: string): StorageAdapter<T> {
  const { db } = economy.storage;
  const clock = economy.clock;
  const k = (key: string) => `${prefix}:${key}`;
  return {
    async read(key) {
      const row = await db.selectFrom('bot_state').select('value').where('key', '=', k(key)).executeTakeFirst();
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async write(key, value) {
      const text = JSON.stringify(value);
      const at = clock.now();
      await db
        .insertInto('bot_state')
        .values({ key: k(key), value: text, updated_at: at })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text, updated_at: at }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom('bot_state').where('key', '=', k(key)).execute();
    },
  };
}
