/**
 * Kysely's PostgreSQL driver with one addition: a SELECT that Kysely built, run on its own
 * (not inside a transaction), whose connection was lost runs again on a fresh connection.
 * A read changes nothing, so running it twice is running it once. Inside a transaction
 * the transaction as a whole is run again (write-transaction.ts), and a write outside one
 * is left to its caller, which knows whether a key makes it repeatable (connection-loss.ts).
 */
import type { CompiledQuery, DatabaseConnection, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';
import { ConnectionLostError, isConnectionLoss } from './connection-loss.js';

/** A read is tried this many more times, each on a new connection. */
const READ_RETRIES = 2;

export class ReadRetryingDriver implements Driver {
  readonly #inner: Driver;

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ReadRetryingConnection(this.#inner, await this.#inner.acquireConnection());
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const c = connection as ReadRetryingConnection;
    c.inTransaction = true;
    await this.#inner.beginTransaction(c.current(), settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as ReadRetryingConnection;
    try {
      await this.#inner.commitTransaction(c.current());
    } finally {
      c.inTransaction = false;
    }
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const c = connection as ReadRetryingConnection;
    try {
      await this.#inner.rollbackTransaction(c.current());
    } finally {
      c.inTransaction = false;
    }
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.savepoint!((connection as ReadRetryingConnection).current(), name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.rollbackToSavepoint!((connection as ReadRetryingConnection).current(), name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.releaseSavepoint!((connection as ReadRetryingConnection).current(), name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await (connection as ReadRetryingConnection).release();
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

class ReadRetryingConnection implements DatabaseConnection {
  readonly #driver: Driver;
  #connection: DatabaseConnection | undefined;
  inTransaction = false;

  constructor(driver: Driver, connection: DatabaseConnection) {
    this.#driver = driver;
    this.#connection = connection;
  }

  current(): DatabaseConnection {
    if (!this.#connection) throw new ConnectionLostError('not-applied', new Error('no connection to the database'), true);
    return this.#connection;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    for (let retry = 0; ; retry++) {
      try {
        return await this.current().executeQuery<R>(query);
      } catch (err) {
        const rerun = !this.inTransaction && query.query.kind === 'SelectQueryNode' && retry < READ_RETRIES;
        if (!rerun || !isConnectionLoss(err) || err instanceof ConnectionLostError) throw err;
        await this.#replace();
      }
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.current().streamQuery<R>(query, chunkSize);
  }

  async release(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection) await this.#driver.releaseConnection(connection);
  }

  /** The old one goes back first (the pool drops it, dead), so a full pool never waits on itself. */
  async #replace(): Promise<void> {
    await this.release();
    this.#connection = await this.#driver.acquireConnection();
  }
}
