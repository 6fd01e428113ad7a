/**
 * How the settings cache learns that another process changed a setting (SPEC §8: "changes
 * apply at once, also across instances") without reading a shared row on every operation
 * (SPEC §11: no hot row).
 *
 * - SQLite: `PRAGMA data_version` changes when another connection commits. It is answered
 *   from the shared WAL index, so checking it before each cached answer is cheap and exact.
 * - PostgreSQL: writers `pg_notify` inside their transaction (delivered at commit); one
 *   dedicated connection LISTENs and invalidates. A maximum age bounds staleness if the
 *   listener is down or a notification is lost.
 */
import type SqliteDatabase from 'better-sqlite3';
import pg from 'pg';

export const SETTINGS_CHANNEL = 'besitos_settings';

/**
 * NOTIFY channels are per database, not per schema: a deployment (or a test) in its own
 * schema gets its own channel, so other schemas' changes never wake its listener.
 */
export function settingsChannel(schema: string | undefined): string {
  return schema ? `${SETTINGS_CHANNEL}_${schema}`.slice(0, 63) : SETTINGS_CHANNEL;
}

/** Wait this long before trying to reconnect a listener that failed to connect. */
const RECONNECT_DELAY_MS = 1000;

export interface CacheFreshness {
  /** Called before the settings are read; its result is what `isFresh` later compares against. */
  beforeLoad(): Promise<number>;
  /** May settings read after `beforeLoad` returned `token` still be served? */
  isFresh(token: number): boolean;
  close(): Promise<void>;
}

export class SqliteDataVersion implements CacheFreshness {
  // Asked before every cached read (each reaction press): prepared once, it costs about a
  // third of `sqlite.pragma()`, which prepares the statement anew each call.
  readonly #dataVersion: SqliteDatabase.Statement<[], number>;

  constructor(sqlite: SqliteDatabase.Database) {
    this.#dataVersion = sqlite.prepare<[], number>('pragma data_version').pluck();
  }

  // Read before the settings: a commit landing in between only causes one extra reload.
  async beforeLoad(): Promise<number> {
    return this.#version();
  }

  isFresh(token: number): boolean {
    return this.#version() === token;
  }

  async close(): Promise<void> {}

  #version(): number {
    return this.#dataVersion.get()!;
  }
}

/**
 * Cache age uses the monotonic process clock, not the economy Clock: a simulation's clock
 * can jump days or stand still, and neither says anything about how old a read is.
 */
export class MaxAge implements CacheFreshness {
  readonly #maxAgeMs: number;

  constructor(maxAgeMs: number) {
    this.#maxAgeMs = maxAgeMs;
  }

  async beforeLoad(): Promise<number> {
    return performance.now();
  }

  isFresh(token: number): boolean {
    return performance.now() - token < this.#maxAgeMs;
  }

  async close(): Promise<void> {}
}

export interface PgListenerOptions {
  /** Connection options of the storage's pool, so the listener reaches the same database. */
  connection: pg.ClientConfig;
  /** From settingsChannel(schema). */
  channel: string;
  maxAgeMs: number;
  /** A notification arrived, or the listener dropped (notifications may have been missed). */
  onChange(): void;
  onError?: (err: unknown) => void;
}

export class PgNotifyListener extends MaxAge {
  readonly #options: PgListenerOptions;
  #client: pg.Client | undefined;
  #connecting: Promise<void> | undefined;
  #retryAt = 0;
  #closed = false;

  constructor(options: PgListenerOptions) {
    super(options.maxAgeMs);
    this.#options = options;
  }

  /** Listening starts before the first read, so no change can slip between read and LISTEN. */
  override async beforeLoad(): Promise<number> {
    await this.#ensureListening();
    return super.beforeLoad();
  }

  get listening(): boolean {
    return this.#client !== undefined;
  }

  override async close(): Promise<void> {
    this.#closed = true;
    await this.#connecting;
    const client = this.#client;
    this.#client = undefined;
    if (client) await client.end().catch(() => {});
  }

  #ensureListening(): Promise<void> | undefined {
    if (this.#closed || this.#client) return undefined;
    if (this.#connecting) return this.#connecting;
    // While PostgreSQL refuses the listener, reads go on under the max age alone.
    if (performance.now() < this.#retryAt) return undefined;
    this.#connecting = this.#connect().finally(() => {
      this.#connecting = undefined;
    });
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    // LISTEN holds a session for good, so it cannot borrow a pool client; keepAlive lets a
    // silently dead connection be noticed and replaced.
    const client = new pg.Client({ ...this.#options.connection, keepAlive: true });
    client.on('error', (err) => this.#drop(client, err));
    client.on('end', () => this.#drop(client));
    client.on('notification', (msg) => {
      if (msg.channel === this.#options.channel) this.#options.onChange();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.#options.channel}`);
    } catch (err) {
      this.#retryAt = performance.now() + RECONNECT_DELAY_MS;
      await client.end().catch(() => {});
      this.#options.onError?.(err);
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#client = client;
  }

  #drop(client: pg.Client, err?: unknown): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    if (err !== undefined) this.#options.onError?.(err);
    this.#options.onChange();
  }
}
