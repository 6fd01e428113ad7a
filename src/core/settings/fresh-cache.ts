/**
 * One cached value kept fresh across processes (the settings, the active rewards): the
 * freshness source is chosen by the storage (SQLite `PRAGMA data_version`, a PostgreSQL
 * LISTEN on `channel` with `maxAgeMs` as the safety net, else a plain maximum age), concurrent
 * readers share one load, and a load that started before an invalidation never refills the
 * cache (the generation).
 */
import type { Storage } from '../../storage/connect.js';
import { MaxAge, PgNotifyListener, SqliteDataVersion, type CacheFreshness } from './settings-freshness.js';

export interface FreshCacheOptions<T> {
  storage: Storage;
  /** PostgreSQL: the channel every write of this value notifies inside its transaction. */
  channel: string;
  maxAgeMs: number;
  load: () => Promise<T>;
  onListenerError?: ((err: unknown) => void) | undefined;
}

export class FreshCache<T> {
  readonly #freshness: CacheFreshness;
  readonly #load: () => Promise<T>;
  #cache: { value: T; token: number } | undefined;
  /** Bumped by every invalidation, so a load that started before it cannot refill the cache. */
  #generation = 0;
  #loading: { generation: number; promise: Promise<T> } | undefined;

  constructor(options: FreshCacheOptions<T>) {
    const { storage, maxAgeMs } = options;
    this.#load = options.load;
    if (storage.dialect === 'sqlite' && storage.sqlite) this.#freshness = new SqliteDataVersion(storage.sqlite);
    else if (storage.dialect === 'postgres' && storage.pgPool) {
      this.#freshness = new PgNotifyListener({
        connection: storage.pgPool.options,
        channel: options.channel,
        maxAgeMs,
        onChange: () => this.invalidate(),
        ...(options.onListenerError ? { onError: options.onListenerError } : {}),
      });
    } else this.#freshness = new MaxAge(maxAgeMs);
  }

  get(): Promise<T> {
    const cached = this.#cache;
    if (cached && this.#freshness.isFresh(cached.token)) return Promise.resolve(cached.value);
    const generation = this.#generation;
    // Concurrent readers share one read, but never one that started before an invalidation.
    if (this.#loading?.generation === generation) return this.#loading.promise;
    const promise = (async () => {
      const token = await this.#freshness.beforeLoad();
      const value = await this.#load();
      if (this.#generation === generation) this.#cache = { value, token };
      return value;
    })();
    const loading = { generation, promise };
    this.#loading = loading;
    promise
      .finally(() => {
        if (this.#loading === loading) this.#loading = undefined;
      })
      .catch(() => {}); // the caller of get() gets the error; this chain must not report it again
    return promise;
  }

  /** Drops the cache: the next read goes to the database. */
  invalidate(): void {
    this.#generation++;
    this.#cache = undefined;
  }

  /** Stops listening for changes (PostgreSQL). Call before closing the storage. */
  async close(): Promise<void> {
    this.invalidate();
    await this.#freshness.close();
  }
}
