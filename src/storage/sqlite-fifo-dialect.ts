/**
 * Kysely's SQLite dialect with its one connection handed out in arrival order, to one
 * waiter at a time.
 *
 * Kysely's own driver guards its single connection with a mutex whose `unlock` wakes every
 * waiter, and each re-checks and goes back to sleep: with 500 presses waiting (a hot post
 * through the runner), each release cost 500 promise turns. Profiled on the engine's burst
 * (10k presses, 500 callers) it took ~7 % of CPU in `lock` alone plus much of the 18 % in
 * GC. Here the waiters queue, and a release wakes exactly the next one.
 *
 * `afterUse` runs at each release, before the next waiter gets the connection: the storage
 * uses it to let the checkpointer look at the WAL during bursts that never yield.
 */
import { SqliteDialect, SqliteDriver, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';

export class FifoSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  readonly #afterUse: (() => void) | undefined;

  constructor(config: SqliteDialectConfig, afterUse?: () => void) {
    super(config);
    this.#config = config;
    this.#afterUse = afterUse;
  }

  override createDriver(): Driver {
    return new FifoSqliteDriver(this.#config, this.#afterUse);
  }
}

class FifoSqliteDriver extends SqliteDriver {
  readonly #waiting: Array<() => void> = [];
  readonly #afterUse: (() => void) | undefined;
  #held = false;

  constructor(config: SqliteDialectConfig, afterUse: (() => void) | undefined) {
    super(config);
    this.#afterUse = afterUse;
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#held) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#held = true;
    // Kysely's mutex behind ours never has a waiter: it costs one promise.
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#afterUse?.();
    const next = this.#waiting.shift();
    // Handed over, still held: nobody arriving now can slip in before the next in line.
    if (next) next();
    else this.#held = false;
  }
}
