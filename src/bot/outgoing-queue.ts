/**
 * Issue 14, goal 3 (toasts first): what the bot sends on its own after an engine event
 * (notifications, reward messages) waits here instead of inside the operation that caused
 * it, so a press is answered as soon as its transaction committed and the evaluation ran.
 *
 * - Bounded: at most `capacity` jobs wait; one more makes `enqueue` wait for a free place
 *   (backpressure reaches the press that caused it), a job is never dropped.
 * - Each job's Telegram call still goes through the paced API (pacing.ts), which keeps the
 *   flood limits; `concurrency` only bounds the jobs in flight.
 * - Jobs for one chat (`chatId`) run one after the other, in the order queued: a job reads
 *   the database before it sends (the member's language, a reward's name), so two jobs of
 *   one member running side by side could send in either order — a reward's album before
 *   the message that announces it. Jobs of different chats still run side by side.
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
  readonly #jobs: Array<{ run: () => Promise<void>; done: () => void; chatId: number | undefined }> = [];
  /** Chats with a job running: their next job waits for it. */
  readonly #busyChats = new Set<number>();
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
   * Queues `job` (it must not throw: it logs its own failures); jobs of one `chatId` run in
   * order, one at a time. Resolves once queued while an update is in flight, else once sent
   * or after `waitMs`.
   */
  async enqueue(job: () => Promise<void>, chatId?: number): Promise<void> {
    while (this.#jobs.length >= this.#capacity) await new Promise<void>((resolve) => this.#blocked.push(resolve));
    let done!: () => void;
    const sent = new Promise<void>((resolve) => (done = resolve));
    this.#jobs.push({ run: job, done, chatId });
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
    // The first jobs whose chat has nothing running, in queue order (a chat's later jobs
    // stay behind its running one; other chats' jobs pass them).
    for (let i = 0; this.#running < this.#concurrency && i < this.#jobs.length; ) {
      const next = this.#jobs[i]!;
      if (next.chatId !== undefined && this.#busyChats.has(next.chatId)) {
        i++;
        continue;
      }
      this.#jobs.splice(i, 1);
      this.#blocked.shift()?.();
      this.#running++;
      if (next.chatId !== undefined) this.#busyChats.add(next.chatId);
      void next
        .run()
        .catch(() => {})
        .finally(() => {
          this.#running--;
          if (next.chatId !== undefined) this.#busyChats.delete(next.chatId);
          next.done();
          this.#pump();
          if (this.size === 0) for (const wake of this.#idle.splice(0)) wake();
        });
    }
  }
}
