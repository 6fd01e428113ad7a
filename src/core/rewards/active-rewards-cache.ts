/**
 * The active rewards, cached (issue 14): evaluation runs after every movement, so it must not
 * read the rewards and their conditions each time. Kept fresh across processes the way the
 * settings are (settings-freshness.ts): on SQLite `PRAGMA data_version` (another connection
 * committed), on PostgreSQL a NOTIFY on the rewards' own channel, sent by every reward write
 * inside its transaction, with a maximum age as the safety net. This process's own writes
 * drop the cache at once (`changed`), as the settings' do.
 */
import { sql } from 'kysely';
import type { Storage } from '../../storage/connect.js';
import type { Executor } from '../../storage/write-transaction.js';
import { FreshCache } from '../settings/fresh-cache.js';
import { loadRewards, type StoredReward } from './rewards-repository.js';

const REWARDS_CHANNEL = 'besitos_rewards';
/** PostgreSQL: longest the cache is served without a notification (a lost one, a dropped listener). */
const MAX_AGE_MS = 5000;

/** Per schema, as the settings' channel: other schemas' changes never wake this listener. */
export function rewardsChannel(schema: string | undefined): string {
  return schema ? `${REWARDS_CHANNEL}_${schema}`.slice(0, 63) : REWARDS_CHANNEL;
}

export class ActiveRewardsCache {
  readonly #storage: Storage;
  readonly #cache: FreshCache<readonly StoredReward[]>;

  constructor(storage: Storage, onListenerError?: (err: unknown) => void) {
    this.#storage = storage;
    this.#cache = new FreshCache({
      storage,
      channel: rewardsChannel(storage.schema),
      maxAgeMs: MAX_AGE_MS,
      load: () => loadRewards(storage.db, { activeOnly: true }),
      onListenerError,
    });
  }

  /** Active rewards with their conditions, oldest first; shared, do not modify. */
  active(): Promise<readonly StoredReward[]> {
    return this.#cache.get();
  }

  /** Inside a reward write's transaction: other processes hear of it at commit (PostgreSQL). */
  async notify(trx: Executor): Promise<void> {
    if (this.#storage.dialect === 'postgres') await sql`select pg_notify(${rewardsChannel(this.#storage.schema)}, '')`.execute(trx);
  }

  /** This process changed the rewards (after the commit, or a failure): the next read reloads. */
  changed(): void {
    this.#cache.invalidate();
  }

  close(): Promise<void> {
    return this.#cache.close();
  }
}
