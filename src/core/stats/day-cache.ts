/**
 * Economy day of many instants in a row: transactions read in id order are nearly always in
 * the same day as the previous one, so the day's bounds are kept and `Intl` (a few µs a
 * call) is asked only when an instant falls outside them.
 */
import { dayNumber, dayStart } from '../economy-day.js';

export class DayCache {
  readonly #timezone: string;
  #day = 0;
  #start = 1;
  #end = 0;

  constructor(timezone: string) {
    this.#timezone = timezone;
  }

  dayOf(ms: number): number {
    if (ms >= this.#start && ms < this.#end) return this.#day;
    const day = dayNumber(ms, this.#timezone);
    this.#day = day;
    this.#start = dayStart(day, this.#timezone);
    this.#end = dayStart(day + 1, this.#timezone);
    return day;
  }
}
