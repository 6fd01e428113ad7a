/**
 * `runScaleBench` end to end on a tiny fixture (300 members), each database: one row per
 * entry of SCALE_MEASUREMENTS, measured rows with figures, the leaderboard rows pending,
 * the table printed, and the fixture still passing verify after the runs wrote into it.
 * No timing assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { runScaleBench, scaleTable, SCALE_MEASUREMENTS, openScaleFixture } from '../../src/bench/index.js';
import { verifyLedger } from '../../src/core/ledger/verify.js';
import { testDialects } from '../helpers/dialects.js';

describe.each(testDialects())('besitos bench --scale on $name', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'besitos-scale-bench-'));
  const schema = `bt_scaleb_${randomBytes(4).toString('hex')}`;
  const pgUrl = inject('pgUrl');
  const where = { cacheDir: dir, ...(pgUrl ? { pgUrl } : {}) };
  afterAll(async () => {
    const f = await openScaleFixture({ backend: dialect.name, members: 300, schema, ...where });
    await f.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints a row for every measurement: figures where measured, pending for the leaderboards', async () => {
    const report = await runScaleBench({
      members: 300,
      backends: [dialect.name],
      pgSchema: schema,
      durationMs: 200,
      concurrency: 2,
      reads: 20,
      sample: 100,
      ...where,
    });
    expect(report.fixtures).toHaveLength(1);
    expect(report.fixtures[0]!.built).toBe(true);
    expect(report.rows.map((r) => r.id)).toEqual(SCALE_MEASUREMENTS.map((m) => m.id));
    for (const row of report.rows) {
      const entry = SCALE_MEASUREMENTS.find((m) => m.id === row.id)!;
      if (entry.run) {
        expect(row.atScale, row.id).toMatch(/\d/);
        expect(row.pending).toBeUndefined();
      } else {
        expect(row.atScale).toBeNull();
        expect(row.pending).toMatch(/leaderboard/);
      }
    }
    for (const id of ['credit', 'react']) expect(report.rows.find((r) => r.id === id)!.ratio).toBeGreaterThan(0);
    const table = scaleTable(report);
    expect(table).toContain('history, first page p50 / p99');
    expect(table).toContain('fixture built in');

    const again = await runScaleBench({ members: 300, backends: [dialect.name], pgSchema: schema, durationMs: 200, concurrency: 2, reads: 20, sample: 100, only: ['history-first'], ...where });
    expect(again.fixtures[0]!.built).toBe(false);
    expect(scaleTable(again)).toContain('fixture reused');

    const fixture = await openScaleFixture({ backend: dialect.name, members: 300, schema, ...where });
    try {
      expect((await verifyLedger(fixture.storage)).violations).toEqual([]);
    } finally {
      await fixture.close();
    }
  }, 120_000);
});
