/**
 * The real executable as a shell runs it: exit codes and output streams of a child process,
 * not of runBesitos. Few and SQLite-only: each spawn pays Node's and tsx's start-up.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnBesitos } from './cli-harness.js';

const dir = mkdtempSync(join(tmpdir(), 'besitos-cli-binary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the besitos binary', () => {
  it('exit 0: with no --database nor DATABASE_URL it creates and migrates ./data/besitos.db', async () => {
    const run = await spawnBesitos(['balance', '42', '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.json()).toMatchObject({ memberId: 42, exists: false, balance: 0, level: 1 });
    expect(existsSync(join(dir, 'data', 'besitos.db'))).toBe(true);
  });

  it('exit 2: a member id that is not a number, short message on stderr', async () => {
    const run = await spawnBesitos(['credit', 'abc', '10', '--reason', 'x'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe("error: command-argument value 'abc' is invalid for argument 'member'. A member is a Telegram id: plain digits, such as 1001.\n(add --help for usage)\n");
  });

  it('exit 3: a refusal with --json is {"error":{code,message}} on stdout', async () => {
    const run = await spawnBesitos(['debit', '5', '10', '--reason', 'x', '--json'], {
      cwd: dir,
      env: { DATABASE_URL: `sqlite:${join(dir, 'env.db')}` },
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toBe('');
    expect(run.json()).toEqual({ error: { code: 'UNKNOWN_MEMBER', message: 'member 5 has no besitos yet', memberId: 5 } });
    expect(existsSync(join(dir, 'env.db'))).toBe(true);
  });
});
