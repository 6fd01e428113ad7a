/**
 * `runScaleBench`: for each backend, open (or build) the scale fixture of N members, then
 * run every entry of SCALE_MEASUREMENTS on it and return one row per entry, plus how the
 * fixture was made ready (built, with its time, or reused).
 */
import { freshDatabase, type BenchDatabase } from '../bench-database.js';
import type { BenchBackend } from '../bench-types.js';
import { SCALE_MEASUREMENTS, type ScaleContext, type ScaleMeasurement } from './scale-measurements.js';
import { warmLine, type WarmReport } from './fixture-warm.js';
import { openScaleFixture, type FixtureInfo } from './scale-fixture.js';
import { sampleMembers } from './scale-targets.js';

export interface ScaleBenchOptions {
  members: number;
  backends: BenchBackend[];
  pgUrl?: string;
  cacheDir?: string;
  /** PostgreSQL: the fixture's schema; default `bench_scale_<N>` (tests give their own). */
  pgSchema?: string;
  rebuild?: boolean;
  /** Measured time of each side of a rate comparison; default 6000 ms. */
  durationMs?: number;
  /**
   * Seconds between refreshes in the rollups on/off row; default the economy's
   * `leaderboard.refresh_seconds` (60 unless changed), as a server runs them. Less is a
   * stress figure: refreshes back to back.
   */
  refreshSeconds?: number;
  /** Callers of the rate comparisons; default 8. */
  concurrency?: number;
  /** Latency reads per history row; default 1000. */
  reads?: number;
  /**
   * Fixture members sampled for the rate rows' engine sides; default 100,000. The raw-driver
   * sides get as many others (fewer of each when the fixture is smaller).
   */
  sample?: number;
  /** Make the fixtures ready and measure nothing. */
  buildOnly?: boolean;
  /** Only these measurements (ids of SCALE_MEASUREMENTS); default all. */
  only?: string[];
  log?: (line: string) => void;
}

export interface ScaleRow {
  id: string;
  title: string;
  backend: BenchBackend;
  atScale: string | null;
  atSmall?: string;
  ratio?: number;
  /** Rate rows: the raw driver's own ratio, same SQL, same sizes. */
  rawRatio?: number;
  goal?: string;
  met?: boolean;
  note?: string;
  pending?: string;
}

export interface ScaleFixtureReport {
  backend: BenchBackend;
  location: string;
  built: boolean;
  /** This run's time to make the fixture ready: the build, or opening and checking the cache. */
  readyMs: number;
  /** Brought into the OS page cache before the measurements (not with buildOnly). */
  warm?: WarmReport;
  info: FixtureInfo;
}

export interface ScaleReport {
  members: number;
  fixtures: ScaleFixtureReport[];
  rows: ScaleRow[];
}

export async function runScaleBench(options: ScaleBenchOptions): Promise<ScaleReport> {
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? 8;
  const wanted = options.only ? SCALE_MEASUREMENTS.filter((m) => options.only!.includes(m.id)) : SCALE_MEASUREMENTS;
  const report: ScaleReport = { members: options.members, fixtures: [], rows: [] };
  for (const backend of options.backends) {
    const fixture = await openScaleFixture({
      backend,
      members: options.members,
      poolSize: Math.max(10, concurrency),
      ...(options.pgUrl ? { pgUrl: options.pgUrl } : {}),
      ...(options.cacheDir ? { cacheDir: options.cacheDir } : {}),
      ...(options.pgSchema ? { schema: options.pgSchema } : {}),
      ...(options.rebuild ? { rebuild: true } : {}),
      log,
    });
    const ready: ScaleFixtureReport = { backend, location: fixture.location, built: fixture.built, readyMs: Math.round(fixture.readyMs), info: fixture.info };
    report.fixtures.push(ready);
    if (!fixture.built) log(`scale fixture on ${backend} reused (${fixture.location}, built ${fixture.info.builtAt} in ${(fixture.info.buildMs / 1000).toFixed(1)} s)`);
    if (options.buildOnly) {
      await fixture.close();
      continue;
    }
    const smalls: BenchDatabase[] = [];
    try {
      // Measured warm, as a running server meets it, not as an earlier process left the cache.
      ready.warm = await fixture.warm();
      log(`  warmed: ${warmLine(ready.warm)}`);
      // One draw for both sides, split in two: no member is visited by both.
      const drawn = await sampleMembers(fixture.storage, 2 * (options.sample ?? 100_000));
      const half = Math.ceil(drawn.length / 2);
      const ctx: ScaleContext = {
        backend,
        fixture,
        sample: drawn.slice(0, half),
        rawSample: drawn.slice(half),
        durationMs: options.durationMs ?? 6000,
        concurrency,
        slices: 4,
        reads: options.reads ?? 1000,
        ...(options.refreshSeconds !== undefined ? { refreshSeconds: options.refreshSeconds } : {}),
        ...(options.pgUrl ? { pgUrl: options.pgUrl } : {}),
        smallDatabase: async () => {
          const db = await freshDatabase({ backend, members: 1000, poolSize: concurrency, ...(options.pgUrl ? { pgUrl: options.pgUrl } : {}) });
          smalls.push(db);
          return db;
        },
      };
      for (const m of wanted) {
        const row = await measure(m, ctx);
        const raw = row.rawRatio !== undefined ? `, raw driver ${row.rawRatio.toFixed(2)}` : '';
        log(`  ${m.id} ${backend}: ${row.atScale ?? 'pending'}${row.ratio !== undefined ? ` (ratio ${row.ratio.toFixed(2)}${raw})` : ''}`);
        report.rows.push(row);
      }
    } finally {
      for (const s of smalls) await s.destroy();
      await fixture.close();
    }
  }
  return report;
}

async function measure(m: ScaleMeasurement, ctx: ScaleContext): Promise<ScaleRow> {
  const base = { id: m.id, title: m.title, backend: ctx.backend };
  if (!m.run) return { ...base, atScale: null, pending: m.pending ?? 'not measured yet' };
  const r = await m.run(ctx);
  return {
    ...base,
    atScale: r.atScale,
    ...(r.atSmall !== undefined ? { atSmall: r.atSmall } : {}),
    ...(r.ratio !== undefined ? { ratio: Math.round(r.ratio * 100) / 100 } : {}),
    ...(r.rawRatio !== undefined ? { rawRatio: Math.round(r.rawRatio * 100) / 100 } : {}),
    ...(r.goal !== undefined ? { goal: r.goal } : {}),
    ...(r.met !== undefined ? { met: r.met } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
  };
}
