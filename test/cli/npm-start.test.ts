/**
 * `npm start` as a supervisor runs it: the supervisor signals only the process it started
 * (npm). npm forwards SIGTERM to its child; when that child was `sh -c "node …"`, the shell
 * died and the bot kept running, orphaned. The script now `exec`s node, so npm's child is
 * the bot itself. Runs the built `dist/` (as `npm start` does); SQLite only.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeBotApi } from '../../src/bot/testing/fake-bot-api.js';
import { until } from '../helpers/until.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'besitos-npm-start-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every process below `pid` (children, grandchildren…). */
function descendants(pid: number): number[] {
  let direct: number[] = [];
  try {
    direct = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    // pgrep exits 1 when there is none.
  }
  return direct.flatMap((child) => [child, ...descendants(child)]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start without BOT_TOKEN', () => {
  it('serves the dashboard and the admin API and prints a one-time login link that works, then stops on SIGTERM', async () => {
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `sqlite:${join(dir, 'no-bot.db')}`, ADMIN_IDS: '4242', LOG_LEVEL: 'warn', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    npm.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    npm.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    try {
      expect(await until(() => /\/login\?token=bsl_/.test(stderr), 30_000), stderr).toBe(true);
      expect(stderr).toContain('WITHOUT the Telegram bot');
      const link = /http:\/\/127\.0\.0\.1:\d+\/login\?token=(bsl_[A-Za-z0-9_-]{43})/.exec(stderr)!;
      const base = new URL(link[0]).origin;
      const login = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ token: link[1]! }), headers: { origin: base }, redirect: 'manual' });
      expect(login.status).toBe(303);
      const cookie = /besitos_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
      expect((await fetch(`${base}/dashboard/`, { headers: { cookie } })).status).toBe(200);
      const me = await fetch(`${base}/api/v1/me`, { headers: { cookie } });
      expect(await me.json()).toMatchObject({ adminId: 4242 });
      expect((await fetch(`${base}/api/v1/docs`)).status).toBe(200);
      expect(stdout).not.toContain(link[1]);
      npm.kill('SIGTERM');
      expect(await until(() => npm.exitCode !== null, 15_000)).toBe(true);
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  }, 60_000);
});

describe('npm start from a fresh clone: no BOT_TOKEN, no ADMIN_IDS', () => {
  it('prints a one-time setup link that makes the typed Telegram id the first admin and logs the browser in', async () => {
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `sqlite:${join(dir, 'fresh.db')}`, LOG_LEVEL: 'warn', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    npm.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    try {
      expect(await until(() => /\/setup\?token=bss_/.test(stderr), 30_000), stderr).toBe(true);
      expect(stderr).not.toContain('/login?token=');
      const link = /http:\/\/127\.0\.0\.1:\d+\/setup\?token=(bss_[A-Za-z0-9_-]{43})/.exec(stderr)!;
      const base = new URL(link[0]).origin;
      expect((await fetch(link[0])).status).toBe(200);
      const made = await fetch(`${base}/setup`, { method: 'POST', body: new URLSearchParams({ token: link[1]!, adminId: '4243' }), headers: { origin: base }, redirect: 'manual' });
      expect(made.status).toBe(303);
      const cookie = /besitos_session=[^;]+/.exec(made.headers.get('set-cookie') ?? '')![0];
      expect((await fetch(`${base}/dashboard/`, { headers: { cookie } })).status).toBe(200);
      expect(await (await fetch(`${base}/api/v1/me`, { headers: { cookie } })).json()).toMatchObject({ adminId: 4243 });
      // Once: the link is spent and an admin exists.
      const again = await fetch(`${base}/setup`, { method: 'POST', body: new URLSearchParams({ token: link[1]!, adminId: '666' }), headers: { origin: base }, redirect: 'manual' });
      expect(again.status).toBe(409);
      npm.kill('SIGTERM');
      expect(await until(() => npm.exitCode !== null, 15_000)).toBe(true);
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
    }
  }, 60_000);
});

describe('npm start and signals', () => {
  it('SIGTERM to the npm process stops the bot it started', async () => {
    const api = await new FakeBotApi().start();
    const npm = spawn('npm', ['start', '--silent'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        BOT_TOKEN: api.token,
        BOT_API_ROOT: api.url,
        DATABASE_URL: `sqlite:${join(dir, 'besitos.db')}`,
        LOG_LEVEL: 'warn',
        PORT: '0',
      },
      stdio: 'ignore',
    });
    let below: number[] = [];
    try {
      // Polling means the bot is up (getUpdates reached the fake).
      expect(await until(() => api.polls > 0, 30_000)).toBe(true);
      below = descendants(npm.pid!);
      expect(below.length).toBeGreaterThan(0);

      npm.kill('SIGTERM');
      const stopped = await until(() => below.every((pid) => !alive(pid)), 15_000);
      expect(stopped, `still running after SIGTERM to npm: ${below.filter(alive).join(', ')}`).toBe(true);
    } finally {
      for (const pid of below) if (alive(pid)) process.kill(pid, 'SIGKILL');
      if (npm.exitCode === null) npm.kill('SIGKILL');
      await api.close();
    }
  }, 60_000);
});
