/**
 * ISO 8601 times as adapters read and print them (scenario lines, `--from/--to`). A time of day must carry its
 * offset (`Z` or `+02:00`): JavaScript reads `2025-03-01T12:00` as the machine's local time,
 * and a scenario must mean the same instant on every machine. A bare date is UTC midnight.
 */
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/i;

export const ISO_TIME_HINT = 'an ISO 8601 time such as 2025-03-01T12:00:00Z';

/** Milliseconds since the epoch, or null when `text` is not an ISO time with an offset. */
export function parseIsoTime(text: string): number | null {
  if (!ISO.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
