/**
 * How long until something opens, as the bot says it: "23 h 54 min", "5 min", "2 h".
 *
 * Rounded UP to the whole minute, so a member told "en 23 h 54 min" who comes back then
 * is never a few seconds early (23 h 53 min 30 s reads "23 h 54 min"). Any wait above zero
 * is at least "1 min"; zero or less is "0 min". Hours are never folded into days: the
 * longest wait of the daily gift is one economy day (25 h on the day summer time ends).
 * Spanish and English use the same abbreviations (h, min); the adapter adds the words
 * around it ("Vuelve en …" / "Come back in …").
 */
export type WaitLanguage = 'es' | 'en';

const UNITS: Readonly<Record<WaitLanguage, { hours: string; minutes: string }>> = {
  es: { hours: 'h', minutes: 'min' },
  en: { hours: 'h', minutes: 'min' },
};

export function formatWait(ms: number, language: WaitLanguage = 'es'): string {
  const units = UNITS[language] ?? UNITS.es;
  const totalMinutes = Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 60_000) : 0;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} ${units.minutes}`;
  if (minutes === 0) return `${hours} ${units.hours}`;
  return `${hours} ${units.hours} ${minutes} ${units.minutes}`;
}
