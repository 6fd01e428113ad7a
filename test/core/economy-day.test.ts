import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dayLabel, dayLength, dayNumber, dayStart, nextDayStart, zoneOffset } from '../../src/core/economy-day.js';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('economy days', () => {
  it('counts calendar days in UTC by default', () => {
    const d = dayNumber(at('2026-01-01T00:00:00Z'), 'UTC');
    expect(dayLabel(d)).toBe('2026-01-01');
    expect(dayNumber(at('2025-12-31T23:59:59.999Z'), 'UTC')).toBe(d - 1);
    expect(dayStart(d, 'UTC')).toBe(at('2026-01-01T00:00:00Z'));
    expect(dayLength(d, 'UTC')).toBe(24 * H);
  });

  it('follows the economy time zone, not UTC', () => {
    // 23:30 UTC on 31 Dec is already 1 Jan in Madrid (UTC+1 in winter).
    expect(dayLabel(dayNumber(at('2025-12-31T23:30:00Z'), 'Europe/Madrid'))).toBe('2026-01-01');
    // 03:00 UTC on 1 Jan is still 31 Dec in Mexico City (UTC−6).
    expect(dayLabel(dayNumber(at('2026-01-01T03:00:00Z'), 'America/Mexico_City'))).toBe('2025-12-31');
    expect(zoneOffset(at('2026-01-15T12:00:00Z'), 'Europe/Madrid')).toBe(1 * H);
    expect(zoneOffset(at('2026-07-15T12:00:00Z'), 'Europe/Madrid')).toBe(2 * H);
  });

  it('has a 23-hour day when clocks go forward and a 25-hour day when they go back', () => {
    const spring = dayNumber(at('2026-03-29T12:00:00Z'), 'Europe/Madrid');
    expect(dayLabel(spring)).toBe('2026-03-29');
    expect(dayStart(spring, 'Europe/Madrid')).toBe(at('2026-03-28T23:00:00Z'));
    expect(dayLength(spring, 'Europe/Madrid')).toBe(23 * H);
    const autumn = dayNumber(at('2026-10-25T12:00:00Z'), 'Europe/Madrid');
    expect(dayStart(autumn, 'Europe/Madrid')).toBe(at('2026-10-24T22:00:00Z'));
    expect(dayLength(autumn, 'Europe/Madrid')).toBe(25 * H);
    // The boundary after the long day is at 23:00 UTC (midnight CET).
    expect(nextDayStart(at('2026-10-24T22:30:00Z'), 'Europe/Madrid')).toBe(at('2026-10-25T23:00:00Z'));
  });

  it('starts a day whose midnight does not exist at its first instant', () => {
    // São Paulo skipped 00:00–01:00 on 4 Nov 2018.
    const d = dayNumber(at('2018-11-04T12:00:00Z'), 'America/Sao_Paulo');
    expect(dayStart(d, 'America/Sao_Paulo')).toBe(at('2018-11-04T03:00:00Z'));
    expect(dayLength(d, 'America/Sao_Paulo')).toBe(23 * H);
  });

  it('puts every instant of a day inside [dayStart, next dayStart)', () => {
    for (const tz of ['UTC', 'Europe/Madrid', 'America/Sao_Paulo', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
      for (let t = at('2026-03-01T00:00:00Z'); t < at('2026-11-15T00:00:00Z'); t += 7 * H + 13 * 60_000) {
        const d = dayNumber(t, tz);
        expect(dayStart(d, tz)).toBeLessThanOrEqual(t);
        expect(nextDayStart(t, tz)).toBeGreaterThan(t);
        expect(dayNumber(nextDayStart(t, tz), tz)).toBe(d + 1);
      }
    }
  });
});

describe('dayNumber with its kept day (same answers as Intl, every call)', () => {
  // The reference: the calendar date of the instant in the zone, straight from Intl.
  const reference = (ms: number, timeZone: string): number => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(new Date(ms));
    const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
    return Math.floor(Date.UTC(get('year'), get('month') - 1, get('day')) / 86_400_000);
  };
  // Zones with DST at 02:00/03:00, at midnight (Santiago: 24:00 → 23:00, the Saturday's
  // 23:00 hour comes twice), half-hour DST (Lord Howe), odd offsets (Kathmandu, Chatham) and an old
  // offset in seconds (Monrovia until 1972).
  const zones = ['UTC', 'Europe/Madrid', 'America/Santiago', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'Africa/Monrovia', 'Asia/Tokyo'];

  it('walks of nearby instants across DST and midnight changes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: at('1971-06-01T00:00:00Z'), max: at('2030-12-31T00:00:00Z') }),
        fc.array(fc.integer({ min: -3 * H, max: 6 * H }), { minLength: 1, maxLength: 40 }),
        (tz, start, steps) => {
          let t = start;
          for (const step of steps) {
            t += step;
            expect(dayNumber(t, tz)).toBe(reference(t, tz));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every minute around the transitions of 2026 (and Santiago’s doubled hour)', () => {
    const around = [
      ['Europe/Madrid', '2026-03-29T00:00:00Z'],
      ['Europe/Madrid', '2026-10-25T00:00:00Z'],
      ['America/Santiago', '2026-04-04T01:00:00Z'],
      ['America/Santiago', '2026-09-06T02:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T13:00:00Z'],
      ['Africa/Monrovia', '1972-01-06T23:00:00Z'],
    ] as const;
    for (const [tz, from] of around) {
      // Twice over the same window: the second pass runs on whatever day the first kept.
      for (let pass = 0; pass < 2; pass++) {
        for (let t = at(from); t < at(from) + 8 * H; t += 60_000 - 7) expect(dayNumber(t, tz)).toBe(reference(t, tz));
      }
    }
  });
});
