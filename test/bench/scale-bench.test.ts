/**
 * `runScaleBench` end to end on a tiny fixture (300 members), each database: one row per
 * entry of SCALE_MEASUREMENTS, every row with figures (the leaderboard rows too: boards,
 * positions, metrics from the rollups, refreshes and the credit loops beside them),
 * the table printed, and the fixture still passing verify after the runs wrote into it.
 * No timing assertions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
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

  it('prints a row with figures for every measurement, each with its goal', async () => {
    const report = await runScaleBench({
      members: 300,
      backends: [dialect.name],
      pgSchema: schema,
      durationMs: 200,
      // The on/off row's windows are one cadence long (the setting's 60 s unless given).
      refreshSeconds: 0.3,
      concurrency: 2,
      reads: 20,
      sample: 100,
      ...where,
    });
    expect(report.fixtures).toHaveLength(1);
    expect(report.fixtures[0]!.built).toBe(true);
    // Warmed into the page cache before the rows (fixture-warm.ts): something was read.
    expect(report.fixtures[0]!.warm!.bytes).toBeGreaterThan(0);
    expect(report.rows.map((r) => r.id)).toEqual(SCALE_MEASUREMENTS.map((m) => m.id));
    for (const row of report.rows) {
      expect(row.atScale, row.id).toMatch(/\d/);
      expect(row.pending, row.id).toBeUndefined();
      expect(row.goal, row.id).toBeTruthy();
      expect(typeof row.met, row.id).toBe('boolean');
    }
    for (const id of ['credit', 'react', 'refresh-credit-loop', 'credit-rollups-on']) expect(report.rows.find((r) => r.id === id)!.ratio, id).toBeGreaterThan(0);
    // The rate rows measure the raw driver too, on members of its own (the same SQL at both sizes).
    for (const id of ['credit', 'react']) {
      const row = report.rows.find((r) => r.id === id)!;
      expect(row.rawRatio, id).toBeGreaterThan(0);
      expect(row.note, id).toMatch(/raw driver [\d,]+ vs [\d,]+\/s \([\d,]+ others\)/);
    }
    // Two "on" windows of one cadence each, a refresh at the start of each.
    expect(report.rows.find((r) => r.id === 'credit-rollups-on')!.note).toMatch(/^([2-9]|\d\d+) refreshes \(every 0\.3 s, /);
    // The refresh row rolled up the movements it added (30 at 300 members), from that many members.
    expect(report.rows.find((r) => r.id === 'refresh-100k')!.note).toMatch(/^30 movements from 30 members/);
    expect(report.rows.find((r) => r.id === 'leaderboard-top')!.note).toContain('boards full');
    const table = scaleTable(report);
    expect(table).toContain('history, first page p50 / p99');
    expect(table).toContain('raw ratio');
    expect(table).toContain('fixture built in');
    expect(table).toContain('warmed before measuring');

    const again = await runScaleBench({ members: 300, backends: [dialect.name], pgSchema: schema, durationMs: 200, concurrency: 2, reads: 20, sample: 100, only: ['history-first'], ...where });
    expect(again.fixtures[0]!.built).toBe(false);
    expect(scaleTable(again)).toContain('fixture reused');

    const fixture = await openScaleFixture({ backend: dialect.name, members: 300, schema, ...where });
    try {
      expect((await verifyLedger(fixture.storage)).violations).toEqual([]);
      if (dialect.name === 'postgres') {
        // With no autovacuum on the server, the warm step vacuumed the tables (and says so):
        // the rows the first run added are all-visible, as a running server's would be.
        const off = (await sql<{ autovacuum: string }>`show autovacuum`.execute(fixture.storage.db)).rows[0]!.autovacuum === 'off';
        expect(again.fixtures[0]!.warm!.how.includes('vacuumed first'), again.fixtures[0]!.warm!.how).toBe(off);
        if (off) {
          const stats = await sql<{ n: string }>`select n_ins_since_vacuum::text as n from pg_stat_user_tables where schemaname = ${schema} and relname = 'transactions'`.execute(fixture.storage.db);
          // Only the second run's history row ran after its vacuum, and it writes nothing.
          expect(Number(stats.rows[0]!.n)).toBe(0);
        }
      }
    } finally {
      await fixture.close();
    }
  }, 120_000);
});
