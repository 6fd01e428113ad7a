/**
 * Issue 14, goal 3 (toasts first): what the bot sends on its own after an engine event
 * (notifications, reward messages) waits here instead of inside the operation that caused
 * it, so a press is answered as soon as its transaction committed and the evaluation ran.
 *
 * - Bounded: at most `capacity` jobs wait; one more makes `enqueue` wait for a free place
 *   (backpressure reaches the press that caused it), a job is never dropped.
 * - Each job's Telegram call still goes through the paced API (pacing.ts), which keeps the
 *   flood limits and the order within a chat; `concurrency` only bounds the jobs in flight.
 * - Inside a bot update (`answerFirst`), a listener returns once its job is queued: the
 *   update answers first. Outside one (an admin credit through the API, a job, a test
 *   calling the engine), the listener also waits for the send, at most `waitMs`, as before,
 *   so a caller still reads the message in order after its operation.
 * Jobs are in memory: a crash loses queued notifications (never a grant: see
 * reward-catch-up.ts in core).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Longest an operation outside an update waits for its notification. */
export const NOTIFY_WAIT_MS = 2000;

const inUpdate = new AsyncLocalStorage<true>();

/** Runs `fn` (an update's handling) so that notifications it causes do not wait for their send. */
export function answerFirst<T>(fn: () => T): T {
  return inUpdate.run(true, fn);
}

/** Whether the caller runs inside an update's handling (`answerFirst`). */
export function answeringFirst(): boolean {
  return inUpdate.getStore() === true;
}

export interface OutgoingQueueOptions {
  capacity?: number;
  concurrency?: number;
  /** Outside an update: longest a listener waits for its send. */
  waitMs?: number;
}

export class OutgoingQueue {
  readonly #capacity: number;
  readonly #concurrency: number;
  readonly #waitMs: number;
  readonly #jobs: Array<{ run: () => Promise<void>; done: () => void }> = [];
  /** Enqueuers waiting for a free place, in arrival order. */
  readonly #blocked: Array<() => void> = [];
  #running = 0;
  #idle: Array<() => void> = [];

  constructor(options: OutgoingQueueOptions = {}) {
    this.#capacity = options.capacity ?? 10_000;
    this.#concurrency = options.concurrency ?? 32;
    this.#waitMs = options.waitMs ?? NOTIFY_WAIT_MS;
  }

  /** Jobs waiting or running. */
  get size(): number {
    return this.#jobs.length + this.#running;
  }

  /**
   * Queues `job` (it must not throw: it logs its own failures). Resolves once queued inside
   * an update, else once sent or after `waitMs`.
   */
  async enqueue(job: () => Promise<void>): Promise<void> {
    while (this.#jobs.length >= this.#capacity) await new Promise<void>((resolve) => this.#blocked.push(resolve));
    let done!: () => void;
    const sent = new Promise<void>((resolve) => (done = resolve));
    this.#jobs.push({ run: job, done });
    this.#pump();
    if (inUpdate.getStore()) return;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#waitMs);
      timer.unref();
    });
    await Promise.race([sent, late]).finally(() => clearTimeout(timer));
  }

  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#jobs.length > 0) {
      const next = this.#jobs.shift()!;
      this.#blocked.shift()?.();
      this.#running++;
      void next
        .run()
        .catch(() => {})
        .finally(() => {
          this.#running--;
          next.done();
          this.#pump();
          if (this.size === 0) for (const wake of this.#idle.splice(0)) wake();
        });
    }
  }
}
