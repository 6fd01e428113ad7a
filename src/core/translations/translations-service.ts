/**
 * Names per language (issue 10): products and rewards keep their text in the default
 * language (Spanish) on their own row; other languages are rows of `translations`, keyed
 * by (kind, id, locale). Adapters show `localized(...)` with the member's language and fall
 * back, field by field, to the default-language text. Writing is an admin's act, checked
 * every time (`admins.require`), validated like the product or reward's own fields, and
 * stamped with who wrote it and when.
 */
import type { Executor } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { checkId, checkText, MAX_DESCRIPTION_LENGTH, MAX_NAME_LENGTH } from '../shop/shop-input.js';

/** What can carry a name per language. */
export const TRANSLATABLE_KINDS = ['product', 'reward'] as const;
export type TranslatableKind = (typeof TRANSLATABLE_KINDS)[number];

/** The language of the rows themselves: a translation into it is refused (edit the row instead). */
export const DEFAULT_LOCALE = 'es';

/** A language tag as Telegram sends it, lower case: `en`, `pt`, `pt-br`. */
const LOCALE = /^[a-z]{2,3}(-[a-z0-9]{2,8})?$/;

export interface Translation {
  kind: TranslatableKind;
  id: number;
  locale: string;
  name: string;
  /** null: the default-language description shows. */
  description: string | null;
  /** Rewards of kind BADGE: the badge's name; null: the default one shows. */
  badgeName: string | null;
  updatedBy: string;
  updatedAt: Date;
}

export interface SetTranslationInput {
  adminId: number;
  kind: TranslatableKind;
  id: number;
  locale: string;
  name: unknown;
  description?: unknown;
  badgeName?: unknown;
}

/** The text to show for one thing in one language (already fallen back where missing). */
export interface LocalizedText {
  name: string;
  description: string | null;
  badgeName: string | null;
}

function checkKind(value: unknown): TranslatableKind {
  if (!TRANSLATABLE_KINDS.includes(value as TranslatableKind)) {
    throw new EconomyError('INVALID_INPUT', `kind must be one of ${TRANSLATABLE_KINDS.join(', ')}`, { field: 'kind' });
  }
  return value as TranslatableKind;
}

export function checkLocale(value: unknown, allowDefault = false): string {
  const locale = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!LOCALE.test(locale)) throw new EconomyError('INVALID_INPUT', 'locale must be a language code such as "en"', { field: 'locale' });
  if (!allowDefault && locale === DEFAULT_LOCALE) {
    throw new EconomyError('INVALID_INPUT', `"${DEFAULT_LOCALE}" is the default language: change the name itself`, { field: 'locale' });
  }
  return locale;
}

function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  const text = checkText(value, field, 0, max);
  return text === '' ? null : text;
}

export class TranslationsService {
  readonly #ctx: EngineContext;

  constructor(ctx: EngineContext) {
    this.#ctx = ctx;
  }

  /** Writes (or replaces) the name of a product or reward in one language. */
  async set(input: SetTranslationInput): Promise<Translation> {
    const adminId = await this.#ctx.admins.require(input?.adminId);
    const kind = checkKind(input.kind);
    const id = checkId(input.id, 'id');
    const locale = checkLocale(input.locale);
    const name = checkText(input.name, 'name', 1, MAX_NAME_LENGTH);
    const description = optionalText(input.description, 'description', MAX_DESCRIPTION_LENGTH);
    const badgeName = optionalText(input.badgeName, 'badgeName', MAX_NAME_LENGTH);
    const db = this.#ctx.storage.db;
    await this.#requireExists(db, kind, id);
    const at = this.#ctx.clock.now();
    const row = { name, description, badge_name: badgeName, updated_by: `admin:${adminId}`, updated_at: at };
    await db
      .insertInto('translations')
      .values({ kind, entity_id: id, locale, ...row })
      .onConflict((oc) => oc.columns(['kind', 'entity_id', 'locale']).doUpdateSet(row))
      .execute();
    return { kind, id, locale, name, description, badgeName, updatedBy: row.updated_by, updatedAt: new Date(at) };
  }

  /** Removes a language's name (the default-language text shows again); false when there was none. */
  async remove(input: { adminId: number; kind: TranslatableKind; id: number; locale: string }): Promise<boolean> {
    await this.#ctx.admins.require(input?.adminId);
    const kind = checkKind(input.kind);
    const id = checkId(input.id, 'id');
    const locale = checkLocale(input.locale);
    const result = await this.#ctx.storage.db
      .deleteFrom('translations')
      .where('kind', '=', kind)
      .where('entity_id', '=', id)
      .where('locale', '=', locale)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Every language's name of one product or reward, by locale. */
  async list(kind: TranslatableKind, id: number): Promise<Translation[]> {
    const rows = await this.#ctx.storage.db
      .selectFrom('translations')
      .selectAll()
      .where('kind', '=', checkKind(kind))
      .where('entity_id', '=', checkId(id, 'id'))
      .orderBy('locale')
      .execute();
    return rows.map((r) => ({
      kind: r.kind as TranslatableKind,
      id: Number(r.entity_id),
      locale: r.locale,
      name: r.name,
      description: r.description,
      badgeName: r.badge_name,
      updatedBy: r.updated_by,
      updatedAt: new Date(Number(r.updated_at)),
    }));
  }

  /**
   * The names to show in `locale` for these ids: only the ids that have one in that
   * language (the caller keeps its default-language text for the others). The default
   * language, or a language given as `en-GB`, falls back as it should.
   */
  async localized(kind: TranslatableKind, ids: readonly number[], locale: string | null | undefined): Promise<Map<number, LocalizedText>> {
    const out = new Map<number, LocalizedText>();
    const language = (locale ?? '').toLowerCase();
    const unique = [...new Set(ids)];
    if (unique.length === 0 || language === '' || language === DEFAULT_LOCALE) return out;
    const base = language.split('-')[0]!;
    const rows = await this.#ctx.storage.db
      .selectFrom('translations')
      .select(['entity_id', 'locale', 'name', 'description', 'badge_name'])
      .where('kind', '=', checkKind(kind))
      .where('entity_id', 'in', unique)
      .where('locale', 'in', [...new Set([language, base])])
      .execute();
    // The exact language wins over its base (`pt-br` over `pt`).
    rows.sort((a, b) => (a.locale === language ? 1 : 0) - (b.locale === language ? 1 : 0));
    for (const r of rows) out.set(Number(r.entity_id), { name: r.name, description: r.description, badgeName: r.badge_name });
    return out;
  }

  async #requireExists(db: Executor, kind: TranslatableKind, id: number): Promise<void> {
    const table = kind === 'product' ? 'products' : 'rewards';
    const found = await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
    if (!found) throw new EconomyError('NOT_FOUND', `${kind} ${id} not found`, kind === 'product' ? { productId: id } : { rewardId: id });
  }
}
