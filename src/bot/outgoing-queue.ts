/**
 * Issue 14, goal 3 (toasts first): what the bot sends on its own after an engine event
 * (notifications, reward messages) waits here instead of inside the operation that caused
 * it, so a press is answered as soon as its transaction committed and the evaluation ran.
 *
 * - Bounded: at most `capacity` jobs wait; one more makes `enqueue` wait for a free place
 *   (backpressure reaches the press that caused it), a job is never dropped.
 * - Each job's Telegram call still goes through the paced API (pacing.ts), which keeps the
 *   flood limits and the order within a chat; `concurrency` only bounds the jobs in flight.
 * - While a bot update is being handled (`answerFirst`), a listener returns once its job is
 *   queued: the update answers first. When no update is in flight (an admin credit through
 *   the API, a job, a test calling the engine), the listener also waits for the send, at
 *   most `waitMs`, as before, so a caller still reads the message in order after its
 *   operation.
 * - "In an update" is a count of the updates in flight, not an AsyncLocalStorage: an ALS
 *   makes Node run promise hooks for every promise of the process (a bot burst's profile:
 *   5 % of the CPU in async_hooks and more GC). The price: an engine call from elsewhere
 *   that runs while an update is in flight does not wait for its notification either —
 *   it is still sent, in order, just not awaited.
 * Jobs are in memory: a crash loses queued notifications (never a grant: see
 * reward-catch-up.ts in core).
 */
/** Longest an operation outside an update waits for its notification. */
export const NOTIFY_WAIT_MS = 2000;

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
  /** Updates being handled (`answerFirst`). */
  #updates = 0;
  #idle: Array<() => void> = [];

  constructor(options: OutgoingQueueOptions = {}) {
    this.#capacity = options.capacity ?? 10_000;
    this.#concurrency = options.concurrency ?? 32;
    this.#waitMs = options.waitMs ?? NOTIFY_WAIT_MS;
  }

  /** Handles an update (`fn`) so that the notifications caused meanwhile do not wait for their send. */
  async answerFirst<T>(fn: () => Promise<T>): Promise<T> {
    this.#updates++;
    try {
      return await fn();
    } finally {
      this.#updates--;
    }
  }

  /** Whether an update is being handled (`answerFirst`): what is caused now is queued, not awaited. */
  get answeringFirst(): boolean {
    return this.#updates > 0;
  }

  /** Jobs waiting or running. */
  get size(): number {
    return this.#jobs.length + this.#running;
  }

  /**
   * Queues `job` (it must not throw: it logs its own failures). Resolves once queued while
   * an update is in flight, else once sent or after `waitMs`.
   */
  async enqueue(job: () => Promise<void>): Promise<void> {
    while (this.#jobs.length >= this.#capacity) await new Promise<void>((resolve) => this.#blocked.push(resolve));
    let done!: () => void;
    const sent = new Promise<void>((resolve) => (done = resolve));
    this.#jobs.push({ run: job, done });
    this.#pump();
    if (this.#updates > 0) return;
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
