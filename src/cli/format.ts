/** Human output: amounts with thousands separators, aligned tables, ISO times. */
import type { MovementResult, ProfileView, VerifyReport } from '../core/index.js';

export function besitos(n: number): string {
  return n.toLocaleString('en-US');
}

export function signed(n: number): string {
  return n > 0 ? `+${besitos(n)}` : besitos(n);
}

export function iso(time: number | Date): string {
  return new Date(time).toISOString();
}

/** Columns padded to their widest cell; the columns listed in `right` (numbers) align right. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, right: readonly number[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (right.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function levelPreviewTable(preview: ReadonlyArray<{ level: number; from: number }>): string {
  return table(
    ['LEVEL', 'FROM (TOTAL EARNED)'],
    preview.map((row) => [String(row.level), besitos(row.from)]),
    [0, 1],
  );
}

function standing(memberId: number, b: MovementResult['balances']): string {
  return `Member ${memberId}: balance ${besitos(b.balance)} · earned ${besitos(b.totalEarned)} · spent ${besitos(b.totalSpent)} · level ${b.level}`;
}

export function describeMovement(result: MovementResult, verb: 'Credited' | 'Debited'): string {
  const t = result.transaction;
  const change = result.levelChange ? ` (up from level ${result.levelChange.from})` : '';
  if (result.replayed) {
    return [
      `Nothing moved: key ${JSON.stringify(t.idempotencyKey)} was already used by transaction #${t.id} (${signed(t.amount)} ${t.type}).`,
      standing(t.memberId, result.balances),
    ].join('\n');
  }
  const preposition = verb === 'Credited' ? 'to' : 'from';
  return [
    `${verb} ${besitos(Math.abs(t.amount))} besitos ${preposition} member ${t.memberId} (${t.type}, transaction #${t.id}).`,
    standing(t.memberId, result.balances) + change,
  ].join('\n');
}

export function describeProfile(p: ProfileView): string {
  const next = p.progress.nextLevelAt === null
    ? 'none (no higher level)'
    : `${p.progress.nextLevel} at ${besitos(p.progress.nextLevelAt)} earned (${besitos(p.progress.missing ?? 0)} to go)`;
  const numbers: Array<[string, string]> = [
    ['Balance', besitos(p.balance)],
    ['Total earned', besitos(p.totalEarned)],
    ['Total spent', besitos(p.totalSpent)],
    ['Level', String(p.level)],
  ];
  const width = Math.max(...numbers.map(([, value]) => value.length));
  return [
    p.exists ? `Member ${p.memberId}` : `Member ${p.memberId} (no profile yet)`,
    ...numbers.map(([label, value]) => `  ${label.padEnd(14)}${value.padStart(width)}`),
    `  ${'Next level'.padEnd(14)}${next}`,
  ].join('\n');
}

/** `verify`'s verdict: one line when the ledger holds, else one line per violation. */
export function describeVerify(report: VerifyReport): string {
  const counted = `${besitos(report.members)} members, ${besitos(report.transactions)} transactions`;
  if (report.ok) return `Ledger OK: ${counted}.`;
  return [
    `Ledger BROKEN: ${report.violations.length} violation(s) in ${counted}.`,
    ...report.violations.map(
      (v) =>
        `  ${v.rule}: member ${v.memberId}${v.transactionId !== undefined ? `, transaction #${v.transactionId}` : ''}: expected ${v.expected}, found ${v.actual}`,
    ),
  ].join('\n');
}
