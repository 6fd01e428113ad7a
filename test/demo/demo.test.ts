import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/demo/run-demo.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runBesitos } from '../../src/entry/besitos.js';

const withoutTime = <T extends { elapsedMs: number }>(r: T) => ({ ...r, elapsedMs: 0 });

describe('besitos demo', () => {
  it('is deterministic for a seed and different for another, with the ledger verified', async () => {
    const a = await runDemo({ members: 40, days: 6, seed: 11 });
    const b = await runDemo({ members: 40, days: 6, seed: 11 });
    const c = await runDemo({ members: 40, days: 6, seed: 12 });
    expect(withoutTime(a)).toEqual(withoutTime(b));
    expect(withoutTime(c)).not.toEqual(withoutTime(a));
    expect(a.verify).toMatchObject({ ok: true, violations: [] });
    // The report adds up: circulation = earned − spent, and each type's sum is in it.
    expect(a.circulation).toBe(a.totalEarned - a.totalSpent);
    const earned = a.byType.filter((t) => t.type.startsWith('EARN_')).reduce((s, t) => s + t.amount, 0);
    expect(earned).toBe(a.totalEarned);
    expect(a.levels.reduce((s, l) => s + l.members, 0)).toBe(a.verify.members);
    expect(a.byType.map((t) => t.type)).toEqual(
      expect.arrayContaining(['EARN_DAILY', 'EARN_REACTION', 'EARN_STREAK', 'EARN_REWARD', 'SPEND_SHOP']),
    );
    // Every member who reacted got the seeded first-reaction reward: it tops the list.
    expect(a.topRewards[0]).toMatchObject({ name: expect.any(String), granted: expect.any(Number) });
    const reward = a.byType.find((t) => t.type === 'EARN_REWARD')!;
    expect(reward.amount).toBeGreaterThanOrEqual(a.topRewards[0]!.granted * 10);
  });

  it('reports the day of each step and runs through the CLI', async () => {
    const days: number[] = [];
    await runDemo({ members: 5, days: 3, seed: 1, onDay: (d) => days.push(d) });
    expect(days).toEqual([1, 2, 3]);

    const out: string[] = [];
    const err: string[] = [];
    const io = {
      stdin: process.stdin,
      stdout: { write: (s: string) => void out.push(s) },
      stderr: { write: (s: string) => void err.push(s) },
      env: {},
    };
    expect(await runBesitos(['demo', '--members', '8', '--days', '2', '--json'], io as never)).toBe(EXIT.OK);
    expect(JSON.parse(out.join(''))).toMatchObject({ members: 8, days: 2, verify: { ok: true } });
    expect(await runBesitos(['demo', '--members', '0'], io as never)).toBe(EXIT.USAGE);
  });
});
