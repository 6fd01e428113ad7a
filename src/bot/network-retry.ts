/**
 * Bounded retries of network failures (SPEC §12, issue 5: "auto-retry for 429 and network
 * errors, bounded"). @grammyjs/auto-retry bounds its retries of 429 and 5xx answers by
 * `maxRetryAttempts`, but retries an HttpError (connection refused or reset, DNS) forever;
 * create-bot.ts tells it to rethrow those and this transformer retries them instead, at
 * most `maxAttempts` times with a doubling pause, then lets the error through.
 */
import { HttpError, type Transformer } from 'grammy';

export interface NetworkRetryOptions {
  maxAttempts: number;
  /** First pause; doubles each time, capped at 30 s. */
  initialDelayMs?: number;
}

export function retryNetworkErrors(options: NetworkRetryOptions): Transformer {
  const first = options.initialDelayMs ?? 1000;
  return async (prev, method, payload, signal) => {
    let delay = first;
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (err) {
        if (!(err instanceof HttpError) || signal?.aborted || attempt >= options.maxAttempts) throw err;
        await pause(delay, signal);
        delay = Math.min(delay * 2, 30_000);
      }
    }
  };
}

type Signal = Parameters<Transformer>[3];

function pause(ms: number, signal: Signal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const t = setTimeout(done, ms);
    function abort() {
      clearTimeout(t);
      reject(new Error('request aborted while waiting to retry'));
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}
