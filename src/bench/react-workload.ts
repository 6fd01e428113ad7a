/**
 * The workload of `react`, shared by its engine and baseline sides: the channel, the
 * settings both databases hold, and which member presses which post with which emoji.
 */
import { DEFAULT_SETTINGS, type EconomySettings } from '../core/settings/settings-schema.js';

/** The bench's FREE channel (a Telegram channel id). */
export const REACT_CHANNEL = -1_009_900_000_001;

/** Written on both sides before the first press: no cooldown, the highest daily limit allowed. */
export const REACT_SETTINGS = {
  'reactions.cooldown_seconds': 0,
  'reactions.daily_limit': 10_000,
} as const satisfies Partial<EconomySettings>;

/** What every press credits: `reactions.amount`, left at its default. */
export const REACT_AMOUNT = DEFAULT_SETTINGS['reactions.amount'];

/** The post (message id) op `seq` presses: a new one every `members` ops, so each press is a new (member, post) pair. */
export function postOf(seq: number, members: number): number {
  return Math.floor(seq / members) + 1;
}

/** The emoji op `seq` presses, among the configured ones. */
export function emojiOf(emojis: readonly string[], seq: number): string {
  return emojis[seq % emojis.length]!;
}
