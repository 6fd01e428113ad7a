/** `besitos simulate` as a command: in-process through the composed CLI, and once as the real binary. */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.js';
import { runBesitos as besitosCli } from '../../src/entry/besitos.js';
import { testDialects } from '../helpers/dialects.js';
import { runBesitos, spawnBesitos, useCliDatabase } from '../cli/cli-harness.js';

const scenario = (...lines: object[]) => `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
const outcomesOf = (stdout: string) => stdout.trimEnd().split('\n').map((line) => JSON.parse(line));

describe('besitos simulate on a database of its own', () => {
  it('each run starts from an empty temporary database, exit 0 even when operations are refused', async () => {
    const input = scenario(
      { at: '2025-03-01T10:00:00Z', op: 'credit', member: 1, amount: 100 },
      { op: 'spend', member: 1, amount: 500 },
      { op: 'profile', member: 1 },
    );
    for (let run = 0; run < 2; run++) {
      const result = await runBesitos(['simulate'], { stdin: input });
      expect(result.code).toBe(EXIT.OK);
      expect(result.stderr).toBe('');
      const outcomes = outcomesOf(result.stdout);
      expect(outcomes).toHaveLength(3);
      expect(outcomes[1].error.code).toBe('INSUFFICIENT_FUNDS');
      expect(outcomes[2].result.balance).toBe(100); // not 200: the first run's data is gone
    }
  });

  it('its temporary database exists while it runs and is deleted at the end', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'besitos-sim-tmp-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp; // os.tmpdir() reads it at each call
    try {
      const stdin = new PassThrough();
      let stdout = '';
      const done = besitosCli(['simulate'], {
        stdin,
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: () => true },
        env: {},
      });
      stdin.write(`${JSON.stringify({ at: '2025-03-01T10:00:00Z', op: 'credit', member: 1, amount: 100 })}\n`);
      await vi.waitFor(() => expect(stdout).toContain('"ok":true'));
      expect(readdirSync(tmp).filter((name) => name.startsWith('besitos-simulate-'))).toHaveLength(1);
      stdin.end();
      expect(await done).toBe(EXIT.OK);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('ignores DATABASE_URL: a rehearsal never writes to the live economy by accident', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'besitos-sim-env-'));
    try {
      const live = `sqlite:${join(dir, 'live.db')}`;
      const result = await runBesitos(['simulate'], {
        stdin: scenario({ at: '2025-03-01T10:00:00Z', op: 'credit', member: 1, amount: 100 }),
        env: { DATABASE_URL: live },
      });
      expect(result.code).toBe(EXIT.OK);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('admins come from --admin (repeatable) or BESITOS_ADMINS', async () => {
    const input = scenario(
      { at: '2025-03-01T10:00:00Z', op: 'credit', member: 5, amount: 10, admin: 7, reason: 'thanks' },
      { op: 'credit', member: 5, amount: 10, admin: 8, reason: 'thanks' },
    );
    const codes = async (args: string[], env: Record<string, string> = {}) =>
      outcomesOf((await runBesitos(['simulate', ...args], { stdin: input, env })).stdout).map((o) => o.ok || o.error.code);
    expect(await codes([])).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(await codes(['--admin', '7'])).toEqual([true, 'FORBIDDEN']);
    expect(await codes(['--admin', '7', '--admin', '8'])).toEqual([true, true]);
    expect(await codes([], { BESITOS_ADMINS: '7, 8' })).toEqual([true, true]);
    // --admin replaces the environment's list rather than adding to it.
    expect(await codes(['--admin', '8'], { BESITOS_ADMINS: '7' })).toEqual(['FORBIDDEN', true]);
  });
});

for (const dialect of testDialects()) {
  describe(`besitos simulate --database (${dialect.name})`, () => {
    const db = useCliDatabase(dialect);

    it('runs on the database named, so a rehearsal on a copy can be inspected afterwards', async () => {
      await db.cli('credit', '1', '1_000', '--reason', 'real history');
      const result = await db.cliWith(
        {
          stdin: scenario(
            { at: '2025-03-01T10:00:00Z', op: 'set_level_formula', formula: 'linear:100' },
            { op: 'spend', member: 1, amount: 250, key: 'rehearsal-1' },
            { op: 'verify' },
          ),
        },
        'simulate',
      );
      expect(result.code).toBe(EXIT.OK);
      const outcomes = outcomesOf(result.stdout);
      expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
      expect(outcomes[0].result).toMatchObject({ profiles: 1, levelsChanged: 1 });
      expect(outcomes[2].result).toMatchObject({ ok: true, members: 1, transactions: 2 });

      const balance = (await db.cli('balance', '1', '--json')).json();
      expect(balance).toMatchObject({ balance: 750, totalEarned: 1000, level: 11 });
      expect((await db.cli('level-formula', 'show', '--json')).json().formula).toBe('linear (step 100)');
    });
  });
}

describe('the besitos binary, scenario on stdin', () => {
  it('answers every non-blank line, in order, and deletes its temporary database', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'besitos-sim-binary-'));
    try {
      const stdin = [
        JSON.stringify({ at: '2025-03-01T08:00:00Z', op: 'credit', member: 1, amount: 300, key: 'gift' }),
        '',
        'this is not json',
        JSON.stringify({ at: '2025-03-01T09:00:00Z', op: 'spend', member: 1, amount: 120 }),
        JSON.stringify({ at: '2025-03-01T08:30:00Z', op: 'spend', member: 1, amount: 1 }),
        JSON.stringify({ op: 'credit', member: 1, amount: 300, key: 'gift' }),
        JSON.stringify({ op: 'refund', member: 1, transaction: 2 }),
        JSON.stringify({ op: 'profile', member: 1 }),
        JSON.stringify({ op: 'verify' }),
      ].join('\n');
      // TMPDIR steers os.tmpdir() in the child, so its temporary database lands where we can look.
      const run = await spawnBesitos(['simulate'], { stdin, env: { TMPDIR: tmp } });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const outcomes = outcomesOf(run.stdout);
      expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual([
        'ok',
        'INVALID_INPUT',
        'ok',
        'INVALID_INPUT',
        'ok',
        'ok',
        'ok',
        'ok',
      ]);
      expect(outcomes[3].error.message).toMatch(/^time only moves forward/);
      expect(outcomes[4].result.replayed).toBe(true);
      expect(outcomes[6].result).toMatchObject({ balance: 300, totalEarned: 300, totalSpent: 0 });
      expect(outcomes[7].result).toEqual({ ok: true, members: 1, transactions: 3, violations: [] });
      // (tsx keeps its own cache there too.)
      expect(readdirSync(tmp).filter((name) => name.startsWith('besitos-simulate-'))).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
