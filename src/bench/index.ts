/** `besitos bench`: the engine's hot path measured against the raw driver running the same SQL. */
export { runBench, resolveOptions, DEFAULT_CONCURRENCY, DEFAULT_DURATION_MS, DEFAULT_SLICES, MAX_POOL_SIZE } from './run-bench.js';
export { benchCommandOutput, benchTable, botReactTable, httpCreditTable, RATIO_WARNING, BOT_RATIO_TARGET } from './report.js';
export { runHttpCreditBench, HTTP_CREDIT_RATIO_TARGET, type HttpCreditOptions, type HttpCreditRow } from './http-credit.js';
export {
  runBotReactBench,
  DEFAULT_BOT_CONCURRENCY,
  DEFAULT_BOT_MEMBERS,
  DEFAULT_BOT_PRESSES,
  type BotReactOptions,
  type BotReactRow,
} from './bot-react.js';
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
export { runScaleBench, type ScaleBenchOptions, type ScaleReport, type ScaleRow } from './scale/run-scale.js';
export { scaleCommandOutput, scaleTable } from './scale/scale-report.js';
export { openScaleFixture, fixtureSchema, DEFAULT_SCALE_DIR, type ScaleFixture, type FixtureInfo } from './scale/scale-fixture.js';
export { SCALE_MEASUREMENTS, type ScaleMeasurement, type ScaleContext } from './scale/scale-measurements.js';
