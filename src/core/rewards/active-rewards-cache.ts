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
import { MaxAge, PgNotifyListener, SqliteDataVersion, type CacheFreshness } from '../settings/settings-freshness.js';
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
  readonly #freshness: CacheFreshness;
  #cache: { rewards: readonly StoredReward[]; token: number } | undefined;
  /** Bumped by every invalidation, so a load that started before it cannot refill the cache. */
  #generation = 0;
  #loading: { generation: number; promise: Promise<readonly StoredReward[]> } | undefined;

  constructor(storage: Storage, onListenerError?: (err: unknown) => void) {
    this.#storage = storage;
    if (storage.dialect === 'sqlite' && storage.sqlite) this.#freshness = new SqliteDataVersion(storage.sqlite);
    else if (storage.dialect === 'postgres' && storage.pgPool) {
      this.#freshness = new PgNotifyListener({
        connection: storage.pgPool.options,
        channel: rewardsChannel(storage.schema),
        maxAgeMs: MAX_AGE_MS,
        onChange: () => this.changed(),
        ...(onListenerError ? { onError: onListenerError } : {}),
      });
    } else this.#freshness = new MaxAge(MAX_AGE_MS);
  }

  /** Active rewards with their conditions, oldest first; shared, do not modify. */
  active(): Promise<readonly StoredReward[]> {
    const cached = this.#cache;
    if (cached && this.#freshness.isFresh(cached.token)) return Promise.resolve(cached.rewards);
    const generation = this.#generation;
    if (this.#loading?.generation === generation) return this.#loading.promise;
    const promise = (async () => {
      const token = await this.#freshness.beforeLoad();
      const rewards = await loadRewards(this.#storage.db, { activeOnly: true });
      if (this.#generation === generation) this.#cache = { rewards, token };
      return rewards;
    })();
    const loading = { generation, promise };
    this.#loading = loading;
    promise
      .finally(() => {
        if (this.#loading === loading) this.#loading = undefined;
      })
      .catch(() => {});
    return promise;
  }

  /** Inside a reward write's transaction: other processes hear of it at commit (PostgreSQL). */
  async notify(trx: Executor): Promise<void> {
    if (this.#storage.dialect === 'postgres') await sql`select pg_notify(${rewardsChannel(this.#storage.schema)}, '')`.execute(trx);
  }

  /** This process changed the rewards (after the commit, or a failure): the next read reloads. */
  changed(): void {
    this.#generation++;
    this.#cache = undefined;
  }

  async close(): Promise<void> {
    this.changed();
    await this.#freshness.close();
  }
}
