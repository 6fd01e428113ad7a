/**
 * Output of `besitos bench`: the report as JSON (`--json`), or a table for people.
 */
import type { BenchReport, BenchRow } from './bench-types.js';
import type { BotReactRow } from './bot-react.js';
import { HTTP_CREDIT_RATIO_TARGET, type HttpCreditRow } from './http-credit.js';

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
  const pgbench = report.results.filter((r) => r.pgbench_ops_per_s !== undefined);
  if (pgbench.length > 0) {
    out.push('');
    out.push('pgbench -M prepared, same callers, running the engine\'s one-statement press (issue 14);');
    out.push('  the raw driver (node-pg, the same statement prepared) is the most a Node client of pg reaches beside it:');
    for (const r of pgbench) {
      const of = (n: number) => (r.pgbench_ops_per_s! > 0 ? (n / r.pgbench_ops_per_s!).toFixed(2) : '0');
      out.push(
        `  ${r.name}/${r.backend}/${r.concurrency}: pgbench ${thousands(r.pgbench_ops_per_s!)}/s · engine ${thousands(r.ops_per_s)}/s · ` +
          `engine/pgbench ${of(r.ops_per_s)} · raw driver ${thousands(r.baseline_ops_per_s)}/s, raw/pgbench ${of(r.baseline_ops_per_s)}`,
      );
    }
  }
  if (report.http_credit?.length) {
    out.push('');
    out.push(...httpCreditTable(report.http_credit));
  }
  if (report.bot_react?.length) {
    out.push('');
    out.push(...botReactTable(report.bot_react));
  }
  return `${out.join('\n')}\n`;
}

/**
 * The bot-react row is a burst through the bot beside the engine alone. Issue 5 asked 0.5;
 * issue 14 raised it to 0.8, which is what the row is marked against (DEVELOPERS.md gives
 * the bound this machine puts on it).
 */
export const BOT_RATIO_TARGET = 0.8;

const BOT_HEADERS = ['bench', 'backend', 'presses', 'members', 'concurrency', 'updates/s', 'engine/s', 'ratio', 'accepted', 'refused', 'edits', 'answer p50/p99/max ms'];

export function botReactTable(rows: readonly BotReactRow[]): string[] {
  const table = [
    BOT_HEADERS,
    ...rows.map((r) => [
      `${r.name}/${r.delivery}`,
      r.backend,
      thousands(r.presses),
      thousands(r.members),
      String(r.concurrency),
      thousands(r.updates_per_s),
      thousands(r.engine_per_s),
      `${r.ratio.toFixed(2)}${r.ratio < BOT_RATIO_TARGET ? ' !' : ''}`,
      thousands(r.accepted),
      thousands(r.refused),
      String(r.count_edits),
      `${r.answer_p50_ms}/${r.answer_p99_ms}/${r.answer_max_ms}`,
    ]),
  ];
  return sideTable(
    'bot-react: reaction presses through the bot beside the engine alone, every press answered exactly once; fake Bot API on loopback,\n' +
      '  /polling: grammY runner, concurrency = updates in flight; /webhook: Telegram POSTs to the HTTP app, concurrency = its connections, toasts in the replies',
    table,
    rows.some((r) => r.ratio < BOT_RATIO_TARGET) ? `! the bot handles less than ${BOT_RATIO_TARGET} of the engine's press rate on this row` : null,
  );
}

/** A table of rows beside the engine alone: two text columns, then numbers; a warning line when one is under its target. */
function sideTable(title: string, table: string[][], warning: string | null): string[] {
  const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const out = [title, line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)];
  if (warning) out.push(warning);
  return out;
}

const HTTP_HEADERS = ['bench', 'backend', 'callers', 'http/s', 'p50 ms', 'p99 ms', 'engine/s', 'ratio', 'bare http/s', 'bare ratio'];

/** The http-credit row: admin credits through the API beside the engine alone (issue 13: ratio ≥ 0.6). */
export function httpCreditTable(rows: readonly HttpCreditRow[]): string[] {
  const table = [
    HTTP_HEADERS,
    ...rows.map((r) => [
      r.name,
      r.backend,
      String(r.concurrency),
      thousands(r.http_per_s),
      r.p50_ms.toFixed(3),
      r.p99_ms.toFixed(3),
      thousands(r.engine_per_s),
      `${r.ratio.toFixed(2)}${r.ratio < HTTP_CREDIT_RATIO_TARGET ? ' !' : ''}`,
      thousands(r.bare_per_s),
      r.bare_ratio.toFixed(2),
    ]),
  ];
  return sideTable(
    'http-credit: admin credits through the API (keep-alive client on loopback, bearer token, Idempotency-Key) beside the engine alone;\n' +
      '  "bare" answers the same requests with node:http alone around the same engine calls: the floor of any one-thread HTTP API',
    table,
    rows.some((r) => r.ratio < HTTP_CREDIT_RATIO_TARGET) ? `! the API reaches less than ${HTTP_CREDIT_RATIO_TARGET} of the engine's credit rate on this row` : null,
  );
}
