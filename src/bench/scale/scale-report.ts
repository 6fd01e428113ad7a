/** Output of `besitos bench --scale N`: the report as JSON (`--json`), or one table for people. */
import { warmLine } from './fixture-warm.js';
import type { ScaleReport } from './run-scale.js';

const HEADERS = ['measurement', 'backend', 'at scale', 'at 1,000 members', 'ratio', 'raw ratio', 'goal', 'note'];

export function scaleCommandOutput(report: ScaleReport, json: boolean): string {
  return json ? `${JSON.stringify(report, null, 2)}\n` : scaleTable(report);
}

export function scaleTable(report: ScaleReport): string {
  const n = report.members.toLocaleString('en-US');
  const out: string[] = [`besitos bench --scale ${report.members}: ${n} members, ~10 movements each over 90 days`];
  for (const f of report.fixtures) {
    const i = f.info;
    const what =
      `${i.transactions.toLocaleString('en-US')} movements, ${i.reactions.toLocaleString('en-US')} reactions, ` +
      `${i.purchases.toLocaleString('en-US')} purchases`;
    out.push(
      f.built
        ? `${f.backend}: fixture built in ${(f.readyMs / 1000).toFixed(1)} s (${what}) at ${f.location}`
        : `${f.backend}: fixture reused, ready in ${(f.readyMs / 1000).toFixed(1)} s (built ${i.builtAt} in ${(i.buildMs / 1000).toFixed(1)} s; ${what}) at ${f.location}`,
    );
    if (f.warm) out.push(`  warmed before measuring: ${warmLine(f.warm)}`);
  }
  out.push('');
  const rows = report.rows.map((r) => [
    r.title,
    r.backend,
    r.atScale ?? '—',
    r.atSmall ?? '',
    r.ratio !== undefined ? r.ratio.toFixed(2) : '',
    r.rawRatio !== undefined ? r.rawRatio.toFixed(2) : '',
    r.goal ? `${r.goal} ${r.met ? 'ok' : 'MISSED'}` : '',
    r.pending ? `pending: ${r.pending}` : (r.note ?? ''),
  ]);
  const table = [HEADERS, ...rows];
  const widths = HEADERS.map((_, c) => Math.max(...table.map((r) => r[c]!.length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ').trimEnd();
  out.push(line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) out.push(line(r));
  return `${out.join('\n')}\n`;
}
