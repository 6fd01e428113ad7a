/**
 * A pg pool for Kysely that runs every data statement as a named prepared statement.
 * Kysely sends SQL text with parameters; pg parses and plans it anew each time unless the
 * query has a name. Naming each distinct text once lets PostgreSQL parse it once per
 * connection, which is most of what separates a driver-level prepared statement from an
 * ad-hoc query on the hot path (a ledger movement is one short statement).
 */
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import { ConnectionLostError, isConnectionLoss } from './connection-loss.js';

// Only plain DML is prepared: DDL, BEGIN/COMMIT and SET go through the simple path.
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
// Distinct query texts are bounded in practice (Kysely parameterises values); the cap
// keeps a pathological caller (IN-lists of every length) from growing the cache forever.
const MAX_NAMED = 2000;
/** How long a connection is waited for, once the server was reached, while it refuses (restarting). */
export const DEFAULT_RECONNECT_WINDOW_MS = 5000;
const MAX_CONNECT_DELAY_MS = 1000;

export class PreparingPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #reconnectWindowMs: number;
  readonly #clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  readonly #names = new Map<string, string>();
  /** Set by the first connection: a server never reached is a wrong URL, not a restart. */
  #reached = false;

  constructor(pool: pg.Pool, reconnectWindowMs = DEFAULT_RECONNECT_WINDOW_MS) {
    this.#pool = pool;
    this.#reconnectWindowMs = reconnectWindowMs;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.#connectWaiting();
    let wrapped = this.#clients.get(client);
    if (!wrapped) {
      // A client whose connection was lost goes back with the error, so the pool ends it
      // rather than lending it out again before its socket's end is noticed.
      let lost: Error | undefined;
      const noteLoss = (err: unknown) => {
        if (isConnectionLoss(err)) lost ??= err as Error;
        throw err;
      };
      wrapped = {
        query: ((text: string, values: unknown[]) => {
          const name = this.#nameFor(text);
          return (name ? client.query({ name, text, values }) : client.query(text, values)).catch(noteLoss);
        }) as unknown as PostgresPoolClient['query'],
        // Kysely passes true for a connection it discards (a ROLLBACK that failed).
        release: ((discard?: boolean) => client.release(lost ?? discard)) as PostgresPoolClient['release'],
      };
      this.#clients.set(client, wrapped);
    }
    return wrapped;
  }

  /**
   * A server that answered before and now refuses connections (ECONNREFUSED while it
   * restarts, 57P03 while it starts up or shuts down) is waited for, up to the window, so
   * work resumes by itself once it is back. Nothing was sent yet: the caller may go on.
   */
  async #connectWaiting(): Promise<pg.PoolClient> {
    const deadline = performance.now() + this.#reconnectWindowMs;
    for (let delay = 50; ; delay = Math.min(delay * 2, MAX_CONNECT_DELAY_MS)) {
      try {
        const client = await this.#pool.connect();
        this.#reached = true;
        return client;
      } catch (err) {
        if (!this.#reached || !isConnectionLoss(err)) throw err;
        const left = deadline - performance.now();
        if (left <= 0) throw new ConnectionLostError('not-applied', err, true);
        await new Promise((resolve) => setTimeout(resolve, Math.min(delay, left)));
      }
    }
  }

  end(): Promise<void> {
    return this.#pool.end();
  }

  #nameFor(text: string): string | undefined {
    let name = this.#names.get(text);
    if (name === undefined && PREPARABLE.test(text) && this.#names.size < MAX_NAMED) {
      name = `besitos_${this.#names.size}`;
      this.#names.set(text, name);
    }
    return name;
  }
}
