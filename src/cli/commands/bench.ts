/**
 * `besitos bench` (`npm run bench`): credit, spend and reaction-press throughput and latency
 * on SQLite and PostgreSQL at several concurrencies, each row beside the raw driver
 * running the same SQL in the same run. PostgreSQL is included when it answers at
 * `--pg-url` (default `$BENCH_DATABASE_URL`, else the local test database). `--bot` adds
 * the bot row (issue 5): 10,000 presses from 2,000 members on one post through the real bot
 * and a loopback Bot API, beside the same presses on the engine alone. `--scale N` measures on
 * a database of N members instead (bench/scale/): the fixture is built once (bulk load) and
 * reused from `--scale-dir` (SQLite) or the schema `bench_scale_<N>` (PostgreSQL).
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import pg from 'pg';
import { benchCommandOutput, runBench, runScaleBench, scaleCommandOutput, type BenchBackend } from '../../bench/index.js';
import type { CommandContext } from '../context.js';

const LOCAL_PG = 'postgres://postgres@127.0.0.1:5432/test';

function listOf<T>(parse: (s: string) => T) {
  return (text: string): T[] => text.split(',').map((s) => parse(s.trim()));
}
const positiveInt = (s: string): number => {
  const n = Number(s);
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('Expected positive whole numbers.');
  return n;
};
const backend = (s: string): BenchBackend => {
  if (s !== 'sqlite' && s !== 'postgres') throw new InvalidArgumentError('Expected sqlite and/or postgres.');
  return s;
};

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

interface BenchOpts {
  backends?: BenchBackend[];
  concurrency?: number[];
  durationMs?: number;
  pgUrl?: string;
  bot?: boolean;
  botPresses?: number;
  botMembers?: number;
  botConcurrency?: number;
  http?: boolean;
  scale?: number;
  scaleDir?: string;
  rebuild?: boolean;
  scaleBuildOnly?: boolean;
}

export function registerBench(program: Command, ctx: CommandContext): void {
  program
    .command('bench')
    .description('Measure credit, spend and reaction-press throughput and latency beside the raw drivers (ratio = engine / raw)')
    .option('--backends <list>', 'sqlite,postgres (default: both, PostgreSQL when reachable)', listOf(backend))
    .option('--concurrency <list>', 'concurrent callers per row', listOf(positiveInt), [1, 8, 32])
    .option('--duration-ms <n>', 'measured time of each side per row', positiveInt, 3000)
    .option('--pg-url <url>', 'PostgreSQL for the postgres rows (a fresh schema is made and dropped)')
    .option('--bot', 'add the bot row: a burst of reaction presses through the real bot and a fake Bot API, beside the engine alone')
    .option('--bot-presses <n>', 'presses in the bot row burst', positiveInt, 10_000)
    .option('--bot-members <n>', 'members pressing in the bot row', positiveInt, 2_000)
    .option('--bot-concurrency <n>', 'updates handled at once (runner) and engine-only callers', positiveInt, 500)
    .option('--no-http', 'skip the http-credit row (admin credits through the API, 32 callers, beside the engine alone)')
    .option('--scale <members>', 'measure on a fixture of this many members (~10 movements each over 90 days), built once and reused', positiveInt)
    .option('--scale-dir <dir>', 'where the SQLite scale fixtures are kept (default .cache/bench)')
    .option('--rebuild', 'with --scale: build the fixture again even when a cached one exists')
    .option('--scale-build-only', 'with --scale: make the fixture ready (build it unless cached) and measure nothing')
    .action(async (opts: BenchOpts, cmd: Command) => {
      const out = ctx.output(cmd);
      const pgUrl = opts.pgUrl ?? ctx.io.env.BENCH_DATABASE_URL ?? LOCAL_PG;
      const wanted = opts.backends ?? ['sqlite', 'postgres'];
      const pgOk = wanted.includes('postgres') && (await reachable(pgUrl));
      if (wanted.includes('postgres') && !pgOk) {
        ctx.io.stderr.write(`PostgreSQL not reachable at ${pgUrl.replace(/:[^:@/]*@/, ':***@')}: its rows are skipped.\n`);
      }
      const backends = wanted.filter((b) => b !== 'postgres' || pgOk);
      if (opts.scale !== undefined) {
        const scale = await runScaleBench({
          members: opts.scale,
          backends,
          ...(pgOk ? { pgUrl } : {}),
          ...(opts.scaleDir ? { cacheDir: opts.scaleDir } : {}),
          ...(opts.rebuild ? { rebuild: true } : {}),
          ...(opts.scaleBuildOnly ? { buildOnly: true } : {}),
          ...(cmd.getOptionValueSource('durationMs') === 'cli' ? { durationMs: opts.durationMs! } : {}),
          ...(cmd.getOptionValueSource('concurrency') === 'cli' ? { concurrency: opts.concurrency![0]! } : {}),
          ...(out.json ? {} : { log: (line: string) => ctx.io.stderr.write(`${line}\n`) }),
        });
        ctx.io.stdout.write(scaleCommandOutput(scale, out.json));
        return;
      }
      const report = await runBench({
        backends,
        concurrency: opts.concurrency ?? [1, 8, 32],
        durationMs: opts.durationMs ?? 3000,
        ...(pgOk ? { pgUrl } : {}),
        ...(opts.http !== false ? { httpCredit: { concurrency: 32, durationMs: opts.durationMs ?? 3000 } } : {}),
        ...(opts.bot
          ? { botReact: { presses: opts.botPresses ?? 10_000, members: opts.botMembers ?? 2_000, concurrency: opts.botConcurrency ?? 500 } }
          : {}),
        ...(out.json ? {} : { onRow: (row) => ctx.io.stderr.write(`  ${row.name} ${row.backend} ×${row.concurrency}: ratio ${row.ratio}\n`) }),
      });
      ctx.io.stdout.write(benchCommandOutput(report, out.json).replace(/\n*$/, '\n'));
    });
}
