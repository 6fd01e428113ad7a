/**
 * Economy days (SPEC §0): calendar days in the economy's IANA time zone, never rolling
 * 24 h. A day is identified by its day number: days since 1970-01-01 in the local
 * calendar, so "yesterday" is `day - 1` whatever the offset, and a day can last 23 or 25
 * hours across a DST change.
 */
const MS_PER_DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time in `timeZone` at instant `ms`, as if it were UTC (ms). */
function wallClock(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  const whole = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return whole + (((ms % 1000) + 1000) % 1000);
}

/** Offset of `timeZone` from UTC at instant `ms`, in ms (positive east of Greenwich). */
export function zoneOffset(ms: number, timeZone: string): number {
  return wallClock(ms, timeZone) - ms;
}

/** The economy day number of instant `ms`, from `Intl` (a few µs a call). */
function computeDayNumber(ms: number, timeZone: string): number {
  return Math.floor(wallClock(ms, timeZone) / MS_PER_DAY);
}

/**
 * The day last missed twice, per zone, with its bounds: nearly every call of a
 * process asks for today (every press, credit and reward evaluation), and `Intl`'s
 * formatToParts was a few per cent of a credit's CPU. The bounds are `dayStart`'s own, so
 * a cached answer is the computed one by construction. A day is kept only when a second
 * miss lands in it, so callers that jump across days (a history, a binary search) pay one
 * extra comparison, not the bounds' cost.
 */
interface KnownDay {
  day: number;
  start: number;
  end: number;
}
const knownDays = new Map<string, KnownDay>();
const lastMiss = new Map<string, number>();

/** The economy day number of instant `ms`. */
export function dayNumber(ms: number, timeZone: string): number {
  const known = knownDays.get(timeZone);
  if (known !== undefined && ms >= known.start && ms < known.end) return known.day;
  const day = computeDayNumber(ms, timeZone);
  if (lastMiss.get(timeZone) === day) {
    const start = dayStart(day, timeZone);
    const end = dayStart(day + 1, timeZone);
    // Only a plain 24-hour day: a day of 23 or 25 hours (a DST change, e.g. Santiago's
    // Saturday whose 23:00 hour comes twice) is left to Intl, and so would be any day whose
    // wall clock ran back into the day before.
    if (end - start === MS_PER_DAY) knownDays.set(timeZone, { day, start, end });
  }
  lastMiss.set(timeZone, day);
  return day;
}

/** The first instant of economy day `day` (local midnight, or the first instant after a skipped one). */
export function dayStart(day: number, timeZone: string): number {
  const localMidnight = day * MS_PER_DAY;
  // Two rounds of offset correction land on the right instant across any DST change.
  let guess = localMidnight - zoneOffset(localMidnight, timeZone);
  guess = localMidnight - zoneOffset(guess, timeZone);
  // Midnight itself may not exist (clocks jump at 00:00): walk to the day's first instant.
  if (computeDayNumber(guess, timeZone) < day) {
    let lo = guess;
    let hi = guess + 3 * 3_600_000;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (computeDayNumber(mid, timeZone) < day) lo = mid;
      else hi = mid;
    }
    return hi;
  }
  while (computeDayNumber(guess - 1, timeZone) === day) guess -= 3_600_000; // never more than once in practice
  return guess;
}

/** The first instant of the economy day after the one holding `ms`. */
export function nextDayStart(ms: number, timeZone: string): number {
  return dayStart(dayNumber(ms, timeZone) + 1, timeZone);
}

/** Length of economy day `day` in ms (23, 24 or 25 hours, or other where zones are odd). */
export function dayLength(day: number, timeZone: string): number {
  return dayStart(day + 1, timeZone) - dayStart(day, timeZone);
}

/** `YYYY-MM-DD` of a day number (the calendar date in the economy's zone). */
export function dayLabel(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
