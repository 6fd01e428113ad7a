/**
 * WAL checkpoints of a writable SQLite file, moved off the main thread.
 *
 * SQLite's automatic checkpoint runs inside the commit that crosses `wal_autocheckpoint`
 * (1000 pages), on the one Node thread: at 1M members (a 3 GB file) it writes thousands of
 * scattered pages into the file and fsyncs it, about a fifth of a credit's time, and every
 * such commit stalls the process (p99 spikes of ~100 ms). Here a worker thread with a
 * connection of its own to the same file runs `PRAGMA wal_checkpoint(PASSIVE)` every
 * `intervalMs`: a passive checkpoint takes no lock a writer needs, so commits go on while
 * it writes and syncs. The main connection keeps an automatic checkpoint as a safety net
 * at a much larger threshold (SAFETY_NET_PAGES), so a slow or stuck worker cannot let the
 * WAL grow without bound; if the worker fails or exits, the default threshold comes back.
 *
 * A worker costs ~30 ms of CPU to start, and the tests open hundreds of small files: so it
 * starts when a big file is opened (`startAtFileBytes`), or else once the `-wal` file has
 * passed `startAtWalBytes`, which a database with real traffic reaches in seconds and a
 * test rarely does. The size is looked at by an unref'd timer and also every
 * CHECK_EVERY_USES uses of the main connection (`afterUse`, called by the dialect): a
 * burst of writes through the synchronous driver may not give the event loop back for as
 * long as it lasts (a `simulate` run, an import, a bench's loop), and the timer alone left
 * such a burst paying SQLite's checkpoints on its own thread: measured on a fresh file, a
 * closed loop of credits ran at ~2,900/s, against ~4,700/s once the worker had started.
 * The worker's code is a CommonJS string (it runs the same from src under vitest and from
 * dist) and it is unref'd: it never keeps the process alive.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/** The main connection's automatic checkpoint while the worker runs (~80 MB of WAL with 4 KiB pages). */
export const SAFETY_NET_PAGES = 20000;
/** SQLite's default, restored when the worker is gone. */
export const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

export interface CheckpointerOptions {
  /** Start the worker once the `-wal` file is at least this big; default 2 MiB (see below). */
  startAtWalBytes?: number;
  /** Start the worker at once when the database file is at least this big; default 64 MiB. */
  startAtFileBytes?: number;
  /** How often the `-wal` file's size is looked at until the worker starts; default 250 ms. */
  watchMs?: number;
  /** How often the worker checkpoints; default 50 ms. */
  intervalMs?: number;
  /** The main connection's `synchronous`, which the worker's checkpoints follow. */
  synchronous?: string;
}

/**
 * Before the worker runs, SQLite's own checkpoint keeps the WAL near 1000 pages (~4 MB), so
 * the threshold must be below that to be ever reached; migrating a new file writes far less.
 */
const START_AT_WAL_BYTES = 2 * 1024 * 1024;
/**
 * A file this big gets its worker when it is opened: its checkpoints are the expensive ones,
 * and the watch's timer waits for the event loop, which a burst of writes through the
 * synchronous driver may not give back for seconds (a bench's whole measurement).
 */
const START_AT_FILE_BYTES = 64 * 1024 * 1024;
/** Uses of the main connection between two looks at the WAL's size (one stat call). */
export const CHECK_EVERY_USES = 256;

const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
let db;
let timer;
const stop = (code) => {
  clearInterval(timer);
  try { if (db && db.open) db.close(); } catch {}
  parentPort.close();
  if (code) process.exitCode = code;
};
try {
  const Database = require(workerData.driver);
  db = new Database(workerData.file, { fileMustExist: true, timeout: 10 });
  db.pragma('synchronous = ' + workerData.synchronous);
  const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');
  timer = setInterval(() => {
    try {
      checkpoint.get();
    } catch (err) {
      // Another checkpoint holds the lock: the next tick tries again. Anything else ends the
      // worker; the main side then returns to SQLite's own checkpoints.
      if (!String(err && err.code).startsWith('SQLITE_BUSY')) {
        parentPort.postMessage({ failed: String(err && err.code) });
        stop(1);
      }
    }
  }, workerData.intervalMs);
  parentPort.on('message', () => stop(0));
  parentPort.postMessage({ started: true });
} catch (err) {
  parentPort.postMessage({ failed: String(err && err.code) });
  stop(1);
}
`;

export type CheckpointerState = 'waiting' | 'running' | 'failed' | 'stopped';

export class SqliteCheckpointer {
  #state: CheckpointerState = 'waiting';
  #watch: NodeJS.Timeout | undefined;
  #worker: Worker | undefined;
  #exited: Promise<void> | undefined;
  #started: Promise<void> | undefined;
  #startedResolve: (() => void) | undefined;
  #uses = 0;
  readonly #threshold: number;
  readonly #main: SqliteDatabase.Database;
  readonly #file: string;
  readonly #options: CheckpointerOptions;

  constructor(main: SqliteDatabase.Database, file: string, options: CheckpointerOptions = {}) {
    this.#main = main;
    this.#file = file;
    this.#options = options;
    this.#threshold = options.startAtWalBytes ?? START_AT_WAL_BYTES;
    this.#watch = setInterval(() => this.#look(), options.watchMs ?? 250);
    this.#watch.unref();
    if (fileBytes(file) >= (options.startAtFileBytes ?? START_AT_FILE_BYTES)) this.#start();
  }

  /**
   * Called after each use of the main connection, when no statement is running on it: while
   * waiting, every CHECK_EVERY_USES-th call looks at the WAL's size, as the timer does.
   */
  afterUse(): void {
    if (this.#state !== 'waiting' || ++this.#uses < CHECK_EVERY_USES) return;
    this.#uses = 0;
    this.#look();
  }

  #look(): void {
    if (walBytes(this.#file) < this.#threshold) return;
    try {
      this.#start();
    } catch {
      // No thread to be had (a Worker can throw at once): SQLite keeps its own checkpoints.
      this.#fail();
    }
  }

  /** waiting (for the WAL to grow), running, failed (SQLite checkpoints again), stopped (closed). */
  get state(): CheckpointerState {
    return this.#state;
  }

  /** The worker thread once started (the tests look at it). */
  get worker(): Worker | undefined {
    return this.#worker;
  }

  /** Resolves once the worker has its connection open (starting it now if it was waiting). */
  async running(): Promise<void> {
    if (this.#state === 'waiting') this.#start();
    const worker = this.#worker;
    if (!worker) return;
    // The wait itself keeps the process alive (the worker is unref'd), then no longer.
    worker.ref();
    await this.#started;
    if (this.#state === 'running') worker.unref();
  }

  #start(): void {
    if (this.#state !== 'waiting') return;
    clearInterval(this.#watch);
    this.#state = 'running';
    this.#started = new Promise((resolve) => (this.#startedResolve = resolve));
    const worker = new Worker(WORKER_CODE, {
      eval: true,
      workerData: {
        driver: createRequire(import.meta.url).resolve('better-sqlite3'),
        file: this.#file,
        intervalMs: this.#options.intervalMs ?? 50,
        synchronous: this.#options.synchronous ?? 'NORMAL',
      },
    });
    worker.unref();
    this.#worker = worker;
    this.#setAutocheckpoint(SAFETY_NET_PAGES);
    worker.on('message', (message: { started?: true; failed?: string }) => {
      if (message.started) this.#startedResolve?.();
      else if (message.failed !== undefined) this.#fail();
    });
    // A worker that could not start or died: SQLite's own checkpoint takes over again.
    worker.on('error', () => this.#fail());
    this.#exited = new Promise((resolve) => {
      worker.once('exit', () => {
        if (this.#state === 'running') this.#fail();
        this.#startedResolve?.();
        resolve();
      });
    });
  }

  #fail(): void {
    if (this.#state !== 'running') return;
    this.#state = 'failed';
    this.#setAutocheckpoint(DEFAULT_AUTOCHECKPOINT_PAGES);
  }

  #setAutocheckpoint(pages: number): void {
    try {
      if (this.#main.open) this.#main.pragma(`wal_autocheckpoint = ${pages}`);
    } catch {
      // The main connection is closing; nothing to protect any more.
    }
  }

  /** Stops the worker and waits until its connection is closed and the thread has exited. */
  async stop(): Promise<void> {
    clearInterval(this.#watch);
    const wasRunning = this.#state === 'running';
    this.#state = 'stopped';
    if (!this.#worker) return;
    // Unref'd, the worker would not keep the event loop alive while close() waits for it:
    // with nothing else pending, Node would end the process in the middle of the await.
    this.#worker.ref();
    if (wasRunning) this.#worker.postMessage('stop');
    await this.#exited;
  }
}

const walBytes = (file: string) => fileBytes(`${file}-wal`);

function fileBytes(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}
