/**
 * Products' and rewards' names in the admin's language (`economy.translations`, issue 10):
 * what an admin set for English shows on English pages, field by field, the row's own
 * (Spanish) text otherwise.
 */
import type { Economy, LocalizedText, TranslatableKind } from '../../core/index.js';
import type { DashboardLanguage } from './i18n.js';

export type Localize = (id: number, field: keyof LocalizedText, own: string) => string;

export async function localizer(economy: Economy, kind: TranslatableKind, ids: readonly number[], lang: DashboardLanguage): Promise<Localize> {
  const texts = await economy.translations.localized(kind, ids, lang);
  return (id, field, own) => texts.get(id)?.[field] ?? own;
}
