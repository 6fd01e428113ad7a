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
 * Economy day of many instants in a row, from the bounds of the day last kept: nearly every
 * instant asked for lies in the same day as the one before (today, for every press, credit
 * and reward evaluation; the next transaction, for a rollup), and `Intl`'s formatToParts
 * costs a few µs a call. The bounds are `dayStart`'s own, so an answer from them is the
 * computed one (an economy date never runs backwards: the property test in
 * economy-day.test.ts checks every answer against Intl across DST and odd zones).
 * `missesToKeep`: 1 keeps every day met (scans in order); 2 keeps a day only when a second
 * miss lands in it, so callers that jump across days (a history, a binary search) do not
 * pay for bounds they never use.
 */
export class DayCache {
  readonly #timeZone: string;
  readonly #missesToKeep: 1 | 2;
  #day = 0;
  #start = 1;
  #end = 0;
  #lastMiss = Number.NaN;

  constructor(timeZone: string, missesToKeep: 1 | 2 = 1) {
    this.#timeZone = timeZone;
    this.#missesToKeep = missesToKeep;
  }

  dayOf(ms: number): number {
    if (ms >= this.#start && ms < this.#end) return this.#day;
    const day = computeDayNumber(ms, this.#timeZone);
    if (this.#missesToKeep === 1 || this.#lastMiss === day) {
      this.#day = day;
      this.#start = dayStart(day, this.#timeZone);
      this.#end = dayStart(day + 1, this.#timeZone);
    }
    this.#lastMiss = day;
    return day;
  }
}

/** Per zone, the day asked for again and again (today). */
const todays = new Map<string, DayCache>();

/** The economy day number of instant `ms`. */
export function dayNumber(ms: number, timeZone: string): number {
  let today = todays.get(timeZone);
  if (!today) {
    today = new DayCache(timeZone, 2);
    todays.set(timeZone, today);
  }
  return today.dayOf(ms);
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
