/**
 * What counts as one emoji for the reaction set (SPEC §3): one grapheme as a person sees it
 * (Intl.Segmenter, so a flag, a keycap, a skin tone or a family joined by ZWJ is one) that
 * is an emoji: a sequence of Unicode's recommended set (RGI_Emoji: keycaps, flags, ZWJ
 * sequences) or an Extended_Pictographic character (Telegram's own reactions include "❤"
 * without its emoji variation selector). A word, a digit or a letter is none.
 */

// Built at run time: the `v` flag (properties of strings) is ES2024, above the compile target.
const RGI_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');
const PICTOGRAPHIC = /^\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?$/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export const EMOJI_SET_HINT = '1 to 8 different emoji, each a single emoji such as ❤️ 🔥 1️⃣ 🇪🇸 (no words, letters or digits)';

export function isSingleEmoji(text: string): boolean {
  const parts = [...graphemes.segment(text)];
  return parts.length === 1 && (RGI_EMOJI.test(text) || PICTOGRAPHIC.test(text));
}
