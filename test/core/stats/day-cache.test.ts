/**
 * The rollups' day cache gives the economy day of every instant, as economy-day.ts does,
 * whatever order the instants come in: across midnights and the 23- and 25-hour days of DST.
 */
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../src/core/economy-day.js';
import { DayCache } from '../../../src/core/economy-day.js';

describe('DayCache', () => {
  for (const zone of ['UTC', 'Europe/Madrid', 'Australia/Sydney', 'Asia/Kolkata']) {
    it(`${zone}: every 7 minutes over DST weeks, forwards and back, as dayNumber`, () => {
      const cache = new DayCache(zone);
      for (const [from, to] of [
        ['2026-03-27T00:00:00Z', '2026-04-07T00:00:00Z'],
        ['2026-10-23T00:00:00Z', '2026-10-27T00:00:00Z'],
      ] as const) {
        const instants: number[] = [];
        for (let t = Date.parse(from); t < Date.parse(to); t += 7 * 60_000) instants.push(t);
        for (const t of [...instants, ...instants.reverse()]) expect(cache.dayOf(t), new Date(t).toISOString()).toBe(dayNumber(t, zone));
      }
    });
  }
});
