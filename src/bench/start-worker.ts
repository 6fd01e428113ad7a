/**
 * Starts one of the bench's worker threads (`<name>.ts` beside the caller from the sources,
 * `<name>.js` from dist/). From the sources (the tests), a CommonJS stub registers tsx in
 * the thread first: a worker's execArgv does not take `--import tsx`.
 */
import { Worker } from 'node:worker_threads';

export function startBenchWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const fromSources = callerUrl.endsWith('.ts');
  const entry = new URL(`./${name}.${fromSources ? 'ts' : 'js'}`, callerUrl);
  return fromSources
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`, {
        eval: true,
        workerData,
      })
    : new Worker(entry, { workerData });
}
