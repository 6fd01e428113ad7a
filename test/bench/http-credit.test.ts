/**
 * Bench row `http-credit` (issue 13): admin credits through the API (a keep-alive client in
 * a worker thread) beside the engine alone; both databases hold exactly the credits made and
 * verify (the row throws otherwise). No timing is asserted: speed is `npm run bench`'s.
 */
import { describe, expect, it } from 'vitest';
import { benchTable, runBench } from '../../src/bench/index.js';

describe('bench row http-credit', () => {
  it('runs the three sides, checks their databases, and reports the ratio', async () => {
    const report = await runBench({ benches: [], backends: ['sqlite'], httpCredit: { concurrency: 4, durationMs: 200, slices: 2, warmupMs: 50, members: 20 } });
    const [row] = report.http_credit ?? [];
    expect(row).toMatchObject({ name: 'http-credit', backend: 'sqlite', concurrency: 4 });
    expect(row!.http_credits).toBeGreaterThan(0);
    expect(row!.http_per_s).toBeGreaterThan(0);
    expect(row!.engine_per_s).toBeGreaterThan(0);
    expect(row!.ratio).toBeCloseTo(row!.http_per_s / row!.engine_per_s, 1);
    // The floor side answered the same client through bare node:http; its database was checked too.
    expect(row!.bare_per_s).toBeGreaterThan(0);
    expect(row!.bare_ratio).toBeCloseTo(row!.bare_per_s / row!.engine_per_s, 1);
    expect(benchTable(report)).toContain('http-credit  sqlite');
  }, 60_000);
});
