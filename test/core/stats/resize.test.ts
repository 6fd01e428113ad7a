/**
 * The batch sizing of the stats job's slices (rollup.ts `resize`, also used by the
 * leaderboard build): a slow slice halves the next one down to a floor of 50 but never
 * grows it, a quick one doubles it up to `maxRows`, and no answer is ever above `maxRows`.
 * (A slow 3-row slice used to come back as 50 rows: under CI's load the rollup resume test
 * read a whole round at once.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resize, type BatchSizing } from '../../../src/core/stats/rollup.js';

const sizing = (maxRows: number): BatchSizing => ({ rows: 1, maxRows, targetMs: 10 });

describe('resize', () => {
  it('halves a slow batch down to 50, keeps a slow small one, doubles a quick one up to maxRows', () => {
    expect(resize(400, 100, sizing(5000))).toBe(200);
    expect(resize(80, 100, sizing(5000))).toBe(50);
    expect(resize(3, 100, sizing(3))).toBe(3);
    expect(resize(20, 100, sizing(5000))).toBe(20);
    expect(resize(400, 1, sizing(5000))).toBe(800);
    expect(resize(4000, 1, sizing(5000))).toBe(5000);
    expect(resize(400, 10, sizing(5000))).toBe(400);
  });

  it('never answers above maxRows, and a slow batch never grows', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), fc.double({ min: 0, max: 1000, noNaN: true }), (a, b, tookMs) => {
        const maxRows = Math.max(a, b);
        const rows = Math.min(a, b);
        const next = resize(rows, tookMs, sizing(maxRows));
        expect(next).toBeLessThanOrEqual(maxRows);
        expect(next).toBeGreaterThanOrEqual(1);
        if (tookMs > 15) expect(next).toBeLessThanOrEqual(rows);
      }),
    );
  });
});
