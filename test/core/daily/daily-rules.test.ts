import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { effectiveStreak, giftFor, streakAfterClaim, streakBonus } from '../../../src/core/daily/daily-rules.js';
import { formatWait } from '../../../src/core/daily/format-wait.js';

const DEFAULTS = { 'daily.base': 20, 'daily.bonus_per_day': 2, 'daily.bonus_cap': 50 };
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('formatWait', () => {
  it('says hours and minutes, rounded up to the minute', () => {
    expect(formatWait(23 * HOUR + 54 * MIN, 'es')).toBe('23 h 54 min');
    expect(formatWait(23 * HOUR + 54 * MIN, 'en')).toBe('23 h 54 min');
    expect(formatWait(23 * HOUR + 53 * MIN + 30_000, 'es')).toBe('23 h 54 min');
    expect(formatWait(23 * HOUR + 53 * MIN + 1, 'es')).toBe('23 h 54 min');
    expect(formatWait(2 * HOUR, 'es')).toBe('2 h');
    expect(formatWait(2 * HOUR - 1, 'es')).toBe('2 h');
    expect(formatWait(2 * HOUR + 1, 'en')).toBe('2 h 1 min');
    expect(formatWait(59 * MIN + 1, 'es')).toBe('1 h');
    expect(formatWait(30 * MIN, 'es')).toBe('30 min');
    expect(formatWait(500, 'es')).toBe('1 min');
    expect(formatWait(25 * HOUR, 'es')).toBe('25 h');
  });

  it('says "0 min" for no wait, a negative or a non-number', () => {
    expect(formatWait(0)).toBe('0 min');
    expect(formatWait(-5000)).toBe('0 min');
    expect(formatWait(Number.NaN)).toBe('0 min');
  });

  it('never says less than the wait, and at most one minute more', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 * HOUR }), (ms) => {
        const m = /^(?:(\d+) h)?(?: ?(\d+) min)?$/.exec(formatWait(ms, 'es'));
        expect(m).not.toBeNull();
        const said = Number(m![1] ?? 0) * HOUR + Number(m![2] ?? 0) * MIN;
        expect(said).toBeGreaterThanOrEqual(ms);
        expect(said - ms).toBeLessThan(MIN);
      }),
    );
  });
});

describe('daily rules', () => {
  it('bonus: 2 per day of streak, capped at 50', () => {
    expect([1, 7, 24, 25, 26, 1000].map((s) => streakBonus(s, DEFAULTS))).toEqual([2, 14, 48, 50, 50, 50]);
    expect(giftFor(7, DEFAULTS)).toEqual({ base: 20, bonus: 14 });
    expect(giftFor(4, { 'daily.base': 30, 'daily.bonus_per_day': 3, 'daily.bonus_cap': 10 })).toEqual({ base: 30, bonus: 10 });
  });

  it('the bonus never decreases as the streak grows and never passes the cap', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 10_000 }), (perDay, cap, s) => {
        const settings = { 'daily.base': 20, 'daily.bonus_per_day': perDay, 'daily.bonus_cap': cap };
        expect(streakBonus(s + 1, settings)).toBeGreaterThanOrEqual(streakBonus(s, settings));
        expect(streakBonus(s, settings)).toBeLessThanOrEqual(cap);
      }),
    );
  });

  it('a claim grows the streak only right after yesterday; the read streak is 0 after a missed day', () => {
    expect(streakAfterClaim(null, 0, 100)).toBe(1);
    expect(streakAfterClaim(99, 6, 100)).toBe(7);
    expect(streakAfterClaim(98, 6, 100)).toBe(1);
    expect(effectiveStreak(null, 0, 100)).toBe(0);
    expect(effectiveStreak(100, 6, 100)).toBe(6);
    expect(effectiveStreak(99, 6, 100)).toBe(6);
    expect(effectiveStreak(98, 6, 100)).toBe(0);
  });
});
