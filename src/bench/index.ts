/** `besitos bench`: the engine's hot path measured against the raw driver running the same SQL. */
export { runBench, resolveOptions, DEFAULT_CONCURRENCY, DEFAULT_DURATION_MS, DEFAULT_SLICES, MAX_POOL_SIZE } from './run-bench.js';
export { benchCommandOutput, benchTable, RATIO_WARNING } from './report.js';
export type {
  BenchBackend,
  BenchEnvironment,
  BenchName,
  BenchOptions,
  BenchReport,
  BenchRow,
  BenchRunInfo,
  BenchSide,
} from './bench-types.js';
