/**
 * Output of `besitos bench`: the report as JSON (`--json`), or a table for people.
 */
import type { BenchReport, BenchRow } from './bench-types.js';

/** Rows under this engine/baseline ratio are flagged in the table. */
export const RATIO_WARNING = 0.8;

export function benchCommandOutput(report: BenchReport, json: boolean): string {
  return json ? `${JSON.stringify(report, null, 2)}\n` : benchTable(report);
}

const HEADERS = ['bench', 'backend', 'callers', 'ops/s', 'p50 ms', 'p99 ms', 'baseline ops/s', 'ratio'] as const;
// Text columns left-aligned, numbers right-aligned.
const RIGHT = [false, false, true, true, true, true, true, true];

function cells(row: BenchRow): string[] {
  return [
    row.name,
    row.backend,
    String(row.concurrency),
    thousands(row.ops_per_s),
    row.p50_ms.toFixed(3),
    row.p99_ms.toFixed(3),
    thousands(row.baseline_ops_per_s),
    `${row.ratio.toFixed(2)}${row.ratio < RATIO_WARNING ? ' !' : ''}`,
  ];
}

function thousands(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function benchTable(report: BenchReport): string {
  const rows = [HEADERS.slice(), ...report.results.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (RIGHT[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const e = report.environment;
  const out: string[] = [];
  out.push(`besitos bench: the engine (Kysely) against the raw driver running the same SQL`);
  out.push(
    `node ${e.node} · ${e.cpus} × ${e.cpu_model} · load ${e.loadavg_1m} · ${e.members} members · ` +
      (e.ops !== undefined ? `${e.ops} ops` : `${e.duration_ms} ms`) +
      ` per side after ${e.warmup_ms} ms warm-up` +
      (e.slices > 1 ? `, in ${e.slices} alternating slices (median ops/s)` : ''),
  );
  const engines: string[] = [];
  if (e.sqlite_version) engines.push(`SQLite ${e.sqlite_version} ${e.sqlite_journal_mode ?? ''} synchronous=${e.sqlite_synchronous}`);
  if (e.postgres_version) engines.push(`PostgreSQL ${e.postgres_version} synchronous_commit=${e.postgres_synchronous_commit}`);
  if (engines.length > 0) out.push(engines.join(' · '));
  out.push('');
  out.push(line(rows[0]!));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows.slice(1)) out.push(line(r));
  if (report.results.some((r) => r.ratio < RATIO_WARNING)) {
    out.push('');
    out.push(`! the engine reaches less than ${RATIO_WARNING} of the raw driver's throughput on this row`);
  }
  return `${out.join('\n')}\n`;
}
