/**
 * Every economy number of the spec as one typed, validated settings object (SPEC §8).
 * Keys are flat and dotted (`reactions.amount`), so one key is one row, one audit entry
 * and one `besitos settings set` argument. A key missing from the database is its default.
 */
import { EMOJI_SET_HINT, isSingleEmoji } from './emoji.js';
import { z } from 'zod';
import { DEFAULT_LEVEL_FORMULA, levelFormulaSpecSchema } from '../levels/level-formula.js';

const MAX_AMOUNT = 1_000_000_000;
const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** An IANA time zone this runtime knows (`UTC`, `Europe/Madrid`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const settingsShape = {
  /** IANA time zone of the economy day (SPEC §0). */
  'economy.timezone': z.string().refine(isTimeZone, { message: 'not an IANA time zone, e.g. UTC or Europe/Madrid' }),
  /** Reaction buttons under each post, 1 to 8 distinct emojis (SPEC §3). */
  'reactions.emojis': z
    .array(z.string().min(1).max(16).refine(isSingleEmoji, { error: (issue) => `${JSON.stringify(issue.input)} is not a single emoji; expected ${EMOJI_SET_HINT}` }))
    .min(1, { error: `expected ${EMOJI_SET_HINT}` })
    .max(8, { error: `expected ${EMOJI_SET_HINT}` })
    .refine((a) => new Set(a).size === a.length, { message: `emojis must be distinct; expected ${EMOJI_SET_HINT}` }),
  'reactions.amount': int(1, MAX_AMOUNT),
  'reactions.cooldown_seconds': int(0, 86_400),
  'reactions.daily_limit': int(1, 10_000),
  /** Count labels of one post are edited at most once per this many seconds. */
  'reactions.refresh_seconds': int(1, 300),
  'daily.base': int(1, MAX_AMOUNT),
  'daily.bonus_per_day': int(0, MAX_AMOUNT),
  'daily.bonus_cap': int(0, MAX_AMOUNT),
  /** Streak-at-risk reminders go out this many hours before the day boundary. */
  'daily.reminder_hours_before': int(1, 23),
  'shop.page_size': int(1, 20),
  'rewards.besitos_cap': int(1, MAX_AMOUNT),
  'rewards.vip_days_cap': int(1, 3650),
  'rewards.manual_claim_window_hours': int(1, 8760),
  'levels.formula': levelFormulaSpecSchema,
  /** The leaderboards and metrics are a snapshot refreshed at most this often (SPEC §8, §9). */
  'leaderboard.refresh_seconds': int(5, 86_400),
} as const;

export const settingsSchema = z.object(settingsShape).strict();

export type EconomySettings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof EconomySettings;

export const SETTING_KEYS = Object.keys(settingsShape) as SettingKey[];

export const DEFAULT_SETTINGS: EconomySettings = {
  'economy.timezone': 'UTC',
  'reactions.emojis': ['❤️', '🔥', '💋', '😈'],
  'reactions.amount': 5,
  'reactions.cooldown_seconds': 30,
  'reactions.daily_limit': 20,
  'reactions.refresh_seconds': 5,
  'daily.base': 20,
  'daily.bonus_per_day': 2,
  'daily.bonus_cap': 50,
  'daily.reminder_hours_before': 4,
  'shop.page_size': 5,
  'rewards.besitos_cap': 100,
  'rewards.vip_days_cap': 30,
  'rewards.manual_claim_window_hours': 168,
  'levels.formula': DEFAULT_LEVEL_FORMULA,
  'leaderboard.refresh_seconds': 60,
};

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingsShape, key);
}
