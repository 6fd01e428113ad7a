/**
 * A lost PostgreSQL connection (a failover, a restart, `pg_terminate_backend`, a pooler
 * recycling its servers) told apart from a refusal by the database, and what may be done
 * about it. The question that matters is whether the lost work may have committed:
 *
 * - `not-applied`: nothing can have committed. The connection could not be had, the
 *   statement was never sent (the client already knew its socket was dead), or the loss
 *   came inside a transaction before its COMMIT was sent: PostgreSQL rolls back the open
 *   transaction of a backend that goes away. Running the work again is safe.
 * - `unknown`: a COMMIT, or a statement outside a transaction, was sent and no answer
 *   came back. It may have committed. Running it again is safe only when the work carries
 *   its own proof of having run (an idempotency key that makes the second run a replay).
 *
 * SQLite has no connection to lose: nothing here ever matches its errors.
 */

export type LossOutcome = 'not-applied' | 'unknown';

/**
 * The database went away; `outcome` says whether the work may have committed. `final`: the
 * work was already tried again (or the server waited for) and given up; nobody retries it.
 */
export class ConnectionLostError extends Error {
  override readonly name = 'ConnectionLostError';
  readonly outcome: LossOutcome;
  readonly final: boolean;

  constructor(outcome: LossOutcome, cause: unknown, final = false) {
    super(`the database connection was lost (${describeCause(cause)})`, { cause });
    this.outcome = outcome;
    this.final = final;
  }
}

// SQLSTATE class 08 (connection exception), and the class-57 states a backend sends as it
// goes away: 57P01 admin shutdown (pg_terminate_backend, a fast shutdown), 57P02 crash
// shutdown, 57P03 cannot connect now (starting up, shutting down), 57P05 idle-session
// timeout; 25P03 is the idle-in-transaction timeout, which also ends the session.
const LOST_STATES = new Set(['57P01', '57P02', '57P03', '57P05', '25P03']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH']);
// pg's own words for a socket that closed, or a client that knows it is dead.
const LOST_MESSAGES = [/^Connection terminated/, /is not queryable$/];
const NEVER_SENT = /is not queryable$/;

export function isConnectionLoss(err: unknown): boolean {
  if (err instanceof ConnectionLostError) return true;
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (e.code.startsWith('08') || LOST_STATES.has(e.code) || SOCKET_CODES.has(e.code))) return true;
  return typeof e.message === 'string' && LOST_MESSAGES.some((re) => re.test(e.message as string));
}

/**
 * What a failed piece of work may have left behind, or undefined when the failure is not
 * a lost connection. A raw driver error of a statement that was sent is `unknown`: only the
 * caller knows whether it ran inside a transaction (see `ConnectionLostError`).
 */
export function lossOutcome(err: unknown): LossOutcome | undefined {
  if (err instanceof ConnectionLostError) return err.outcome;
  if (!isConnectionLoss(err)) return undefined;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && NEVER_SENT.test(message) ? 'not-applied' : 'unknown';
}

export interface ReconnectOptions {
  /**
   * The work may run again even when its first run may have committed: it carries an
   * idempotency key, so a second run finds the first and replays it.
   */
  repeatable: boolean;
}

/** Tries after the first; each waits a little longer. With the pool's own wait for a server that restarts, enough. */
const RETRY_DELAYS_MS = [0, 100, 400];

/**
 * Runs `work`, and again on a fresh connection when the connection was lost and running it
 * again is safe (see the module comment). Gives up with `ConnectionLostError`, whose
 * outcome tells the caller whether anything may have changed. Any other error passes
 * through untouched.
 */
export async function withReconnects<T>(work: () => Promise<T>, options: ReconnectOptions): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      const outcome = lossOutcome(err);
      if (outcome === undefined || (err instanceof ConnectionLostError && err.final)) throw err;
      const safe = outcome === 'not-applied' || options.repeatable;
      if (!safe || attempt >= RETRY_DELAYS_MS.length) {
        throw new ConnectionLostError(outcome, err instanceof ConnectionLostError ? err.cause : err, true);
      }
      const delay = RETRY_DELAYS_MS[attempt]!;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function describeCause(cause: unknown): string {
  const e = cause as { code?: unknown; message?: unknown } | null;
  const message = typeof e?.message === 'string' ? e.message : String(cause);
  return typeof e?.code === 'string' ? `${e.code}: ${message}` : message;
}
