/**
 * `besitos demo --serve` (issue 13): after the report, the demo's economy is served in the
 * dashboard with a one-time link for the demo's admin, its figures counted, until SIGTERM.
 * Runs the sources through tsx as a separate process (the command waits for a signal).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { until } from '../helpers/until.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('besitos demo --serve', () => {
  it('prints the report, then serves the economy in the dashboard until SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/entry/main.ts', 'demo', '--members', '30', '--days', '4', '--serve', '--port', '0'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => void (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    try {
      expect(await until(() => /\/login\?token=bsl_/.test(stderr), 90_000), stderr).toBe(true);
      expect(stdout).toContain('verify: OK');
      expect(stderr).toContain("The demo's economy is served");
      const link = /(http:\/\/127\.0\.0\.1:\d+)\/login\?token=(bsl_[A-Za-z0-9_-]{43})/.exec(stderr)!;
      const base = link[1]!;
      expect(stderr).toContain(`${base}/dashboard/`);
      const login = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ token: link[2]! }), headers: { origin: base }, redirect: 'manual' });
      expect(login.status).toBe(303);
      const cookie = /besitos_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
      const overview = await fetch(`${base}/dashboard/?lang=en`, { headers: { cookie } });
      expect(overview.status).toBe(200);
      const text = await overview.text();
      expect(text).toContain('In circulation');
      // The demo's figures were counted (its days' jobs refreshed the rollups).
      expect(text).not.toContain('The figures appear after the first count');
      child.kill('SIGTERM');
      expect(await until(() => child.exitCode !== null, 15_000)).toBe(true);
      expect(child.exitCode).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 120_000);
});
