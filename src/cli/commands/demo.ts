/**
 * `besitos demo [--members N] [--days D] [--seed S] [--serve [--port P]]`: builds a
 * community on a fresh embedded database, lives through D simulated days with a progress bar
 * on stderr, then prints the economy report (and `verify`). Same seed, same community, same
 * report. With `--serve` the demo's economy is then served (dashboard and API, no bot) with a
 * one-time login link for the demo's admin, its clock going on from where the demo ended,
 * until Ctrl-C; the database is deleted afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import cliProgress from 'cli-progress';
import { DEMO_ADMIN_ID, DEMO_DEFAULTS, demoEndsAt, runDemo } from '../../demo/run-demo.js';
import { createLogger, loadServerConfig, startServer } from '../../server/index.js';
import type { DemoReport } from '../../demo/demo-report.js';
import type { CommandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { besitos, table } from '../format.js';

const count = (max: number) => (text: string): number => {
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`Expected a whole number from 1 to ${max}.`);
  return n;
};

export function describeDemo(r: DemoReport): string {
  const lines = [
    `Demo community: ${besitos(r.members)} members, ${r.days} days, seed ${r.seed} (${(r.elapsedMs / 1000).toFixed(1)} s)`,
    '',
    `In circulation  ${besitos(r.circulation)} besitos`,
    `Earned          ${besitos(r.totalEarned)}`,
    `Spent           ${besitos(r.totalSpent)}`,
    `Movements       ${besitos(r.movements)}`,
    `VIP members     ${besitos(r.vipMembers)}`,
    '',
    'Faucets and sinks:',
    table(['TYPE', '', 'MOVEMENTS', 'BESITOS'], r.byType.map((t) => [t.type, t.name, besitos(t.count), besitos(t.amount)]), [2, 3]),
    '',
    'Levels:',
    table(['LEVEL', 'MEMBERS'], r.levels.map((l) => [String(l.level), besitos(l.members)]), [0, 1]),
  ];
  if (r.topRewards.length > 0) {
    lines.push('', 'Top rewards:', table(['REWARD', 'GRANTED'], r.topRewards.map((t) => [t.name, besitos(t.granted)]), [1]));
  }
  lines.push(
    '',
    r.verify.ok
      ? `verify: OK (${besitos(r.verify.members)} members, ${besitos(r.verify.transactions)} transactions)`
      : `verify: ${r.verify.violations.length} violation(s)`,
  );
  return lines.join('\n');
}

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('Live a whole community offline on a fresh embedded database and print the economy report')
    .option('--members <n>', 'members in the community', count(100_000), DEMO_DEFAULTS.members)
    .option('--days <n>', 'days to live through', count(3650), DEMO_DEFAULTS.days)
    .option('--seed <n>', 'seed: the same seed gives the same community', count(2 ** 31), DEMO_DEFAULTS.seed)
    .option('--serve', "then serve the demo's economy in the dashboard (no bot) until Ctrl-C")
    .option('--port <n>', 'port for --serve (default: $PORT, else 8080; 0 picks a free one)')
    .action(async (opts: { members: number; days: number; seed: number; serve?: boolean; port?: string }, cmd: Command) => {
      const out = ctx.output(cmd);
      // The bar goes to stderr, so stdout holds only the report (or the JSON).
      const bar = new cliProgress.SingleBar(
        { format: 'demo [{bar}] day {value}/{total}', stream: ctx.io.stderr as NodeJS.WritableStream, noTTYOutput: false },
        cliProgress.Presets.shades_classic,
      );
      const showBar = !out.json && (ctx.io.stderr as NodeJS.WriteStream).isTTY === true;
      if (showBar) bar.start(opts.days, 0);
      const dir = opts.serve ? mkdtempSync(join(tmpdir(), 'besitos-demo-')) : undefined;
      try {
        const report = await runDemo({
          members: opts.members,
          days: opts.days,
          seed: opts.seed,
          ...(dir ? { url: `sqlite:${join(dir, 'demo.db')}` } : {}),
          onDay: (day) => (showBar ? bar.update(day) : undefined),
        });
        if (showBar) bar.stop();
        out.result(report, () => describeDemo(report));
        if (!report.verify.ok) ctx.exitCode = EXIT.VIOLATIONS;
        if (dir) await serveDemo(ctx, `sqlite:${join(dir, 'demo.db')}`, demoEndsAt(opts.days), opts.port);
      } finally {
        if (showBar) bar.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });
}

/** Serves the demo's database until SIGINT/SIGTERM: the dashboard's clock goes on from the demo's last minute. */
async function serveDemo(ctx: CommandContext, url: string, endsAt: number, port: string | undefined): Promise<void> {
  const { io } = ctx;
  const loaded = loadServerConfig({
    env: { DATABASE_URL: url, ADMIN_IDS: String(DEMO_ADMIN_ID), PORT: port ?? io.env.PORT ?? '', HOST: io.env.HOST ?? '', LOG_LEVEL: 'error' },
  });
  if (!loaded.ok) {
    io.stderr.write(`demo --serve: ${loaded.problems.join('; ')}\n`);
    ctx.exitCode = EXIT.CONFIG;
    return;
  }
  const servedAt = Date.now();
  const clock = { now: () => endsAt + (Date.now() - servedAt) };
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const handle = await startServer(loaded.config, {
      logger: createLogger('error', io.stderr, []),
      clock,
      signal: controller.signal,
      tell: (text) => void io.stderr.write(`\nThe demo's economy is served until Ctrl-C (its database is deleted then).\n${text}\n`),
    });
    await handle.stopped;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
