import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortSteps } from '../../../src/core/leaderboards/line-sort.js';

// The stepped merge sort gives the order a plain sort gives, whatever the step size.
describe('sortSteps', () => {
  it('orders by score desc, then time, then id, across runs and steps', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ score: fc.integer({ min: 1, max: 5 }), at: fc.integer({ min: 0, max: 4 }) }), { maxLength: 300 }),
        fc.integer({ min: 1, max: 200 }),
        (lines, step) => {
          const n = lines.length;
          const keys = {
            score: Float64Array.from(lines, (l) => l.score),
            at: Float64Array.from(lines, (l) => l.at),
            id: Float64Array.from(lines, (_, i) => n - i),
          };
          const rows = Uint32Array.from(lines.keys());
          const steps = sortSteps(rows, keys, step);
          let r = steps.next();
          while (!r.done) r = steps.next();
          const expected = [...lines.keys()].sort(
            (a, b) => keys.score[b]! - keys.score[a]! || keys.at[a]! - keys.at[b]! || keys.id[a]! - keys.id[b]!,
          );
          expect([...r.value]).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
