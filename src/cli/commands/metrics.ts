/**
 * `besitos metrics [--days N]`: the economy's health (SPEC §8) — circulation, activity,
 * faucets against sinks per economy day, the balance distribution and its Gini coefficient.
 * The rollups are refreshed first (unless a running server holds the refresh's lease: then
 * its latest snapshot is shown); the output says the time the figures describe.
 */
import type { Command } from 'commander';
import { DEFAULT_METRICS_DAYS, type EconomyMetrics, MAX_METRICS_DAYS } from '../../core/index.js';
import { numberArg } from '../arguments.js';
import type { CommandContext } from '../context.js';
import { besitos, table } from '../format.js';

interface MetricsOptions {
  days?: number;
}

export function registerMetrics(program: Command, ctx: CommandContext): void {
  program
    .command('metrics')
    .description('Show the economy\'s health: circulation, activity, faucets against sinks, distribution, Gini')
    .option('--days <n>', `economy days of movements, today included, 1 to ${MAX_METRICS_DAYS} (default ${DEFAULT_METRICS_DAYS})`, numberArg)
    .action(async (opts: MetricsOptions, cmd: Command) =>
      ctx.withEconomy(cmd, async (economy, out) => {
        await economy.stats.refresh();
        const metrics = await economy.metrics(opts.days !== undefined ? { days: opts.days } : {});
        out.result(metrics, () => describeMetrics(metrics));
      }),
    );
}

function holderName(h: EconomyMetrics['topHolders'][number]): string {
  if (h.username) return `@${h.username}`;
  return h.firstName ?? '';
}

export function describeMetrics(m: EconomyMetrics): string {
  const mv = m.movements;
  const days = table(
    ['DAY', 'FAUCETS', 'SINKS', 'REFUNDS', 'MOVEMENTS'],
    mv.perDay.map((d) => [d.day, besitos(d.faucets), besitos(d.sinks), besitos(d.refunds), besitos(d.movements)]),
    [1, 2, 3, 4],
  );
  const holders =
    m.topHolders.length === 0
      ? '  nobody yet'
      : table(
          ['#', 'MEMBER', 'NAME', 'BALANCE', 'LEVEL'],
          m.topHolders.map((h, i) => [String(i + 1), String(h.memberId), holderName(h), besitos(h.balance), String(h.level)]),
          [0, 1, 3, 4],
        );
  const levels = m.levels.length === 0 ? 'none' : m.levels.map((l) => `${l.level}: ${besitos(l.members)}`).join(' · ');
  return [
    `Economy metrics as of ${m.asOf ? m.asOf.toISOString() : 'never (no refresh yet)'} (time zone ${m.timezone})`,
    `  in circulation ${besitos(m.circulation)} besitos · earned ${besitos(m.totalEarned)} · spent ${besitos(m.totalSpent)} · movements ${besitos(m.transactions)}`,
    `  members ${besitos(m.members)} · with a profile ${besitos(m.profiles)} · active 7 d ${besitos(m.active7d)} · 30 d ${besitos(m.active30d)}`,
    `  balance mean ${besitos(m.meanBalance)} · median ${besitos(m.medianBalance)} · Gini ${m.gini.toFixed(2)}`,
    `  profiles per level ${levels}`,
    '',
    `Movements per economy day, ${mv.from} to ${mv.to} (faucets ${besitos(mv.totals.faucets)}, sinks ${besitos(mv.totals.sinks)}, refunds ${besitos(mv.totals.refunds)})`,
    days,
    '',
    'Top holders',
    holders,
  ].join('\n');
}
