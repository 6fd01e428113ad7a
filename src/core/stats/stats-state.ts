/**
 * Named JSON state of the rollups and snapshots (`stats_state`): the rollups' watermark,
 * the leaderboards' current slot, the metrics snapshot. Every write says which version it
 * read; a refresher that lost its lease to another instance finds another version and
 * stops instead of writing over it (`StaleRefresh`).
 */
import type { Executor } from '../../storage/write-transaction.js';

export const ROLLUP_STATE = 'rollup';
export const BOARDS_STATE = 'leaderboards';
export const METRICS_STATE = 'metrics';

export interface Versioned<T> {
  value: T;
  version: number;
}

/** Another refresher wrote the state since this one read it. */
export class StaleRefresh extends Error {
  constructor(name: string) {
    super(`stats state "${name}" was changed by another refresher`);
  }
}

export async function readState<T>(db: Executor, name: string): Promise<Versioned<T> | null> {
  const row = await db.selectFrom('stats_state').select(['value', 'version']).where('name', '=', name).executeTakeFirst();
  return row ? { value: JSON.parse(row.value) as T, version: Number(row.version) } : null;
}

/**
 * Writes `value` if the stored version is still `expected` (null: no row yet); returns the
 * new version, or throws StaleRefresh.
 */
export async function writeState<T>(trx: Executor, name: string, value: T, expected: number | null, at: number): Promise<number> {
  const text = JSON.stringify(value);
  if (expected === null) {
    const row = await trx
      .insertInto('stats_state')
      .values({ name, value: text, version: 1, updated_at: at })
      .onConflict((oc) => oc.column('name').doNothing())
      .returning('version')
      .executeTakeFirst();
    if (!row) throw new StaleRefresh(name);
    return 1;
  }
  const row = await trx
    .updateTable('stats_state')
    .set((eb) => ({ value: text, version: eb('version', '+', 1), updated_at: at }))
    .where('name', '=', name)
    .where('version', '=', expected)
    .returning('version')
    .executeTakeFirst();
  if (!row) throw new StaleRefresh(name);
  return Number(row.version);
}
