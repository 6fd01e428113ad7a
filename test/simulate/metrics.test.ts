import { describe, expect, it } from 'vitest';
import { testDialects } from '../helpers/dialects.js';
import { useSimulation } from './simulate-fixture.js';

for (const dialect of testDialects()) {
  describe(`simulate: metrics (${dialect.name})`, () => {
    const sim = useSimulation(dialect);

    it('reads the metrics at the line\'s time; a bad days is INVALID_INPUT', async () => {
      const { outcomes, summary } = await sim.run([
        { at: '2025-03-01T10:00:00Z', op: 'credit', member: 1, amount: 100 },
        { at: '2025-03-05T10:00:00Z', op: 'credit', member: 2, amount: 300 },
        { op: 'spend', member: 2, amount: 50 },
        { at: '2025-03-09T10:00:00Z', op: 'metrics', days: 3 },
        { op: 'metrics', days: 0 },
        { op: 'metrics', days: 'x' },
      ]);
      expect(summary).toEqual({ operations: 6, ok: 4, failed: 2 });
      const m = outcomes[3].result;
      expect(m).toMatchObject({
        at: '2025-03-09T10:00:00.000Z',
        circulation: 350,
        totalEarned: 400,
        totalSpent: 50,
        profiles: 2,
        // 2025-03-02T10:00 onwards: member 2 only.
        active7d: 1,
        active30d: 2,
        meanBalance: 175,
        medianBalance: 175,
      });
      // [100, 250]: (2 × 600 − 3 × 350) / (2 × 350) = 150 / 700.
      expect(m.gini).toBeCloseTo(3 / 14, 12);
      expect(m.movements.perDay.map((d: { day: string }) => d.day)).toEqual(['2025-03-07', '2025-03-08', '2025-03-09']);
      expect(m.movements.totals).toEqual({ faucets: 0, sinks: 0, refunds: 0, movements: 0 });
      expect(outcomes[4].error).toMatchObject({ code: 'INVALID_INPUT', field: 'days' });
      expect(outcomes[5].error).toMatchObject({ code: 'INVALID_INPUT', field: 'days' });
    });
  });
}
