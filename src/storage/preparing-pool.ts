/**
 * A pg pool for Kysely that runs every data statement as a named prepared statement.
 * Kysely sends SQL text with parameters; pg parses and plans it anew each time unless the
 * query has a name. Naming each distinct text once lets PostgreSQL parse it once per
 * connection, which is most of what separates a driver-level prepared statement from an
 * ad-hoc query on the hot path (a ledger movement is one short statement).
 */
import type pg from 'pg';
import type { PostgresPool, PostgresPoolClient } from 'kysely';

// Only plain DML is prepared: DDL, BEGIN/COMMIT and SET go through the simple path.
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;
// Distinct query texts are bounded in practice (Kysely parameterises values); the cap
// keeps a pathological caller (IN-lists of every length) from growing the cache forever.
const MAX_NAMED = 2000;

export class PreparingPool implements PostgresPool {
  readonly #pool: pg.Pool;
  readonly #clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  readonly #names = new Map<string, string>();

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.#pool.connect();
    let wrapped = this.#clients.get(client);
    if (!wrapped) {
      wrapped = {
        query: ((text: string, values: unknown[]) => {
          const name = this.#nameFor(text);
          return name ? client.query({ name, text, values }) : client.query(text, values);
        }) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
      this.#clients.set(client, wrapped);
    }
    return wrapped;
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
