/**
 * The bot-react bench row, small: 500 presses from 100 members on one post through the
 * real bot and the fake Bot API, beside the engine alone. The row itself fails when a
 * press is unanswered or answered twice, or a ledger does not verify; here the counts are
 * checked too (one accepted press per member, the rest ALREADY_REACTED, on both sides).
 * No throughput assertion: this machine is shared.
 */
import { describe, expect, inject, it } from 'vitest';
import { benchCommandOutput, runBench, runBotReactBench, type BenchBackend } from '../../src/bench/index.js';

const pgUrl = inject('pgUrl');
const backends: BenchBackend[] = pgUrl ? ['sqlite', 'postgres'] : ['sqlite'];

describe.each(backends)('bench bot-react (%s)', (backend) => {
  it('answers every press exactly once and pays one press per member, by long polling and by webhook', async () => {
    const rows = await runBotReactBench({
      backend,
      ...(backend === 'postgres' ? { pgUrl: pgUrl! } : {}),
      presses: 500,
      members: 100,
      concurrency: 50,
      rounds: 1,
      warmupPresses: 0,
    });
    expect(rows.map((r) => r.delivery)).toEqual(['polling', 'webhook']);
    for (const row of rows) {
      expect(row).toMatchObject({
        name: 'bot-react',
        backend,
        presses: 500,
        members: 100,
        answered_once: true,
        accepted: 100,
        refused: 400,
        engine_accepted: 100,
        engine_refused: 400,
        rounds: 1,
      });
      expect(row.updates_per_s).toBeGreaterThan(0);
      expect(row.engine_per_s).toBe(rows[0]!.engine_per_s); // one engine side for both
      expect(row.ratio).toBeCloseTo(row.updates_per_s / row.engine_per_s, 1);
      expect(row.count_edits).toBeGreaterThanOrEqual(1);
      // Answer latency (issue 14): measured for every press, so ordered and present.
      expect(row.answer_p50_ms).toBeLessThanOrEqual(row.answer_p99_ms);
      expect(row.answer_p99_ms).toBeLessThanOrEqual(row.answer_max_ms);
      expect(row.answer_max_ms).toBeGreaterThan(0);
    }
    const [polling, webhook] = rows;
    expect(polling!.concurrency).toBe(50);
    expect(polling!.answers_in_reply).toBe(0);
    // By webhook every toast rode in the reply to Telegram's POST: no answerCallbackQuery call.
    expect(webhook!.concurrency).toBe(40);
    expect(webhook!.answers_in_reply).toBe(500);
  });
});

describe('bench bot-react through runBench', () => {
  it('adds its table to the report when asked, and only then', async () => {
    const report = await runBench({ benches: [], botReact: { presses: 40, members: 10, concurrency: 10, rounds: 1, warmupPresses: 0 } });
    expect(report.results).toEqual([]);
    expect(report.bot_react).toHaveLength(2);
    for (const row of report.bot_react!) expect(row).toMatchObject({ backend: 'sqlite', presses: 40, accepted: 10, refused: 30 });
    const table = benchCommandOutput(report, false);
    expect(table).toContain('updates/s');
    expect(table.split('\n').filter((l) => l.startsWith('bot-react/polling ') || l.startsWith('bot-react/webhook '))).toHaveLength(2);
    expect(JSON.parse(benchCommandOutput(report, true))).toEqual(report);
  });
});
