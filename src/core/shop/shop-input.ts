/**
 * Validation of shop input (SPEC §5, §12): everything arrives as `unknown` from the edges;
 * each check names the field (INVALID_INPUT, details.field) and nothing is written before
 * all of them pass.
 */
import { checkStorableText } from '../storable-text.js';
import { EconomyError } from '../errors.js';
import { MAX_KEY_LENGTH } from '../ledger/movement-input.js';
import { MEDIA_KINDS, type ContentItem, type ProductKind, type ProductTier } from './shop-types.js';

export const MAX_PRICE = 1_000_000_000;
export const MAX_NAME_LENGTH = 100;
export const MAX_DESCRIPTION_LENGTH = 1000;
export const MAX_ITEMS = 50;
export const MAX_FILE_ID_LENGTH = 255;
export const MAX_VIP_DAYS = 3650;
export const MAX_STOCK = 1_000_000_000;
export const MAX_PER_MEMBER_LIMIT = 1_000_000;
export const MAX_SORT_ORDER = 1_000_000;
/** The movement key is `purchase:<confirmationKey>`, within the ledger's key length. */
export const PURCHASE_KEY_PREFIX = 'purchase:';
export const MAX_CONFIRMATION_KEY_LENGTH = MAX_KEY_LENGTH - PURCHASE_KEY_PREFIX.length;

function invalid(field: string, message: string): EconomyError {
  return new EconomyError('INVALID_INPUT', message, { field });
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));

export function checkInt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw invalid(field, `${field} must be a whole number from ${min} to ${max}, got ${show(value)}`);
  }
  return value;
}

export function checkId(value: unknown, field: string): number {
  return checkInt(value, field, 1, Number.MAX_SAFE_INTEGER);
}

export function checkText(value: unknown, field: string, min: number, max: number): string {
  if (typeof value !== 'string') throw invalid(field, `${field} must be text`);
  const text = checkStorableText(value, field).trim();
  const length = [...text].length;
  if (length < min || length > max) {
    throw invalid(field, min > 0 ? `${field} must be ${min} to ${max} characters` : `${field} must be at most ${max} characters`);
  }
  return text;
}

export function checkBool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw invalid(field, `${field} must be true or false`);
  return value;
}

/** null (or undefined where allowed) means "none"; otherwise an integer in range. */
export function checkOptionalInt(value: unknown, field: string, min: number, max: number): number | null {
  if (value === null) return null;
  return checkInt(value, field, min, max);
}

export function checkKind(value: unknown): ProductKind {
  if (value !== 'CONTENT' && value !== 'VIP_DAYS') throw invalid('kind', `kind must be CONTENT or VIP_DAYS, got ${show(value)}`);
  return value;
}

export function checkTier(value: unknown): ProductTier {
  if (value !== 'FREE' && value !== 'VIP') throw invalid('tier', `tier must be FREE or VIP, got ${show(value)}`);
  return value;
}

export function checkItems(value: unknown): ContentItem[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > MAX_ITEMS) {
    throw invalid('items', `items must be a list of 1 to ${MAX_ITEMS} files or messages`);
  }
  return value.map((raw, i) => checkItem(raw, `items.${i}`));
}

function checkItem(raw: unknown, field: string): ContentItem {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(field, `${field} must be {kind, fileId} or {kind: "copy", chatId, messageId}`);
  }
  const item = raw as Record<string, unknown>;
  const kind = item.kind;
  if (kind === 'copy') {
    const extra = Object.keys(item).filter((k) => !['kind', 'chatId', 'messageId'].includes(k));
    if (extra.length > 0) throw invalid(`${field}.${extra[0]}`, `${field}: unknown field ${extra[0]}`);
    const chatId = item.chatId;
    if (typeof chatId !== 'number' || !Number.isSafeInteger(chatId) || chatId === 0) {
      throw invalid(`${field}.chatId`, `${field}.chatId must be a non-zero integer Telegram chat id`);
    }
    return { kind: 'copy', chatId, messageId: checkId(item.messageId, `${field}.messageId`) };
  }
  if (typeof kind !== 'string' || !(MEDIA_KINDS as readonly string[]).includes(kind)) {
    throw invalid(`${field}.kind`, `${field}.kind must be one of ${[...MEDIA_KINDS, 'copy'].join(', ')}, got ${show(kind)}`);
  }
  const extra = Object.keys(item).filter((k) => !['kind', 'fileId'].includes(k));
  if (extra.length > 0) throw invalid(`${field}.${extra[0]}`, `${field}: unknown field ${extra[0]}`);
  const fileId = item.fileId;
  if (typeof fileId !== 'string' || fileId.trim() === '' || fileId.length > MAX_FILE_ID_LENGTH) {
    throw invalid(`${field}.fileId`, `${field}.fileId must be a Telegram file id (1 to ${MAX_FILE_ID_LENGTH} characters)`);
  }
  return { kind: kind as ContentItem['kind'] & string, fileId: checkStorableText(fileId, `${field}.fileId`) } as ContentItem;
}

export function checkConfirmationKey(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CONFIRMATION_KEY_LENGTH) {
    throw invalid('confirmationKey', `confirmationKey must be text of 1 to ${MAX_CONFIRMATION_KEY_LENGTH} characters`);
  }
  return checkStorableText(value, 'confirmationKey');
}

/** What a VIP pays (SPEC §5): explicit VIP price, else price − floor(price × pct / 100), else price. */
export function vipPriceOf(price: number, vipPrice: number | null, pct: number | null): number {
  if (vipPrice !== null) return vipPrice;
  if (pct !== null) return price - Math.floor((price * pct) / 100);
  return price;
}

/** The full set of a product's fields, as stored; checked as a whole (create, and edit after merging). */
export interface ProductFields {
  name: string;
  description: string;
  kind: ProductKind;
  contentSetId: number | null;
  days: number | null;
  price: number;
  vipPrice: number | null;
  vipDiscountPct: number | null;
  tier: ProductTier;
  active: boolean;
  sortOrder: number;
  stock: number | null;
  perMemberLimit: number | null;
}

/** The editable fields as callers give them (all optional for an edit). */
export interface ProductInput {
  name?: unknown;
  description?: unknown;
  kind?: unknown;
  contentSetId?: unknown;
  days?: unknown;
  price?: unknown;
  vipPrice?: unknown;
  vipDiscountPct?: unknown;
  tier?: unknown;
  active?: unknown;
  sortOrder?: unknown;
  stock?: unknown;
  perMemberLimit?: unknown;
}

const FIELDS: ReadonlyArray<keyof ProductInput> = [
  'name',
  'description',
  'kind',
  'contentSetId',
  'days',
  'price',
  'vipPrice',
  'vipDiscountPct',
  'tier',
  'active',
  'sortOrder',
  'stock',
  'perMemberLimit',
];

/** Refuses fields the shop does not know (a misspelt `prize` is named, not ignored). */
export function checkKnownFields(input: object, allowed: readonly string[], productFields = true): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key) && !(productFields && (FIELDS as readonly string[]).includes(key))) throw invalid(key, `unknown field ${key}`);
  }
}

/** Applies `input` over `base` (undefined = unchanged, null = none where allowed) and checks the result. */
export function mergeProduct(base: ProductFields | null, input: ProductInput): ProductFields {
  const pick = <K extends keyof ProductInput>(k: K, fallback: unknown) => (input[k] === undefined ? fallback : input[k]);
  const kind = checkKind(pick('kind', base?.kind));
  const fields: ProductFields = {
    name: checkText(pick('name', base?.name), 'name', 1, MAX_NAME_LENGTH),
    description: checkText(pick('description', base?.description ?? ''), 'description', 0, MAX_DESCRIPTION_LENGTH),
    kind,
    // Changing the kind drops the other kind's field unless it is given again.
    contentSetId: kind === 'CONTENT' ? nullable(pick('contentSetId', base?.kind === 'CONTENT' ? base.contentSetId : undefined)) : nullable(input.contentSetId ?? null),
    days: kind === 'VIP_DAYS' ? nullable(pick('days', base?.kind === 'VIP_DAYS' ? base.days : undefined)) : nullable(input.days ?? null),
    price: checkInt(pick('price', base?.price), 'price', 0, MAX_PRICE),
    vipPrice: checkOptionalInt(pick('vipPrice', base?.vipPrice ?? null), 'vipPrice', 0, MAX_PRICE),
    vipDiscountPct: checkOptionalInt(pick('vipDiscountPct', base?.vipDiscountPct ?? null), 'vipDiscountPct', 0, 100),
    tier: checkTier(pick('tier', base?.tier ?? 'FREE')),
    active: checkBool(pick('active', base?.active ?? true), 'active'),
    sortOrder: checkInt(pick('sortOrder', base?.sortOrder ?? 0), 'sortOrder', -MAX_SORT_ORDER, MAX_SORT_ORDER),
    stock: checkOptionalInt(pick('stock', base?.stock ?? null), 'stock', 0, MAX_STOCK),
    perMemberLimit: checkOptionalInt(pick('perMemberLimit', base?.perMemberLimit ?? null), 'perMemberLimit', 1, MAX_PER_MEMBER_LIMIT),
  };
  if (kind === 'CONTENT') {
    if (fields.contentSetId === null) throw invalid('contentSetId', 'a CONTENT product needs contentSetId');
    checkId(fields.contentSetId, 'contentSetId');
    if (fields.days !== null) throw invalid('days', 'days only goes with kind VIP_DAYS');
  } else {
    if (fields.days === null) throw invalid('days', 'a VIP_DAYS product needs days');
    checkInt(fields.days, 'days', 1, MAX_VIP_DAYS);
    if (fields.contentSetId !== null) throw invalid('contentSetId', 'contentSetId only goes with kind CONTENT');
  }
  if (fields.vipPrice !== null && fields.vipDiscountPct !== null) {
    // An edit that sets one clears the other; both given at once is ambiguous.
    if (input.vipPrice !== undefined && input.vipDiscountPct !== undefined) {
      throw invalid('vipPrice', 'give either vipPrice or vipDiscountPct, not both');
    }
    if (input.vipPrice !== undefined) fields.vipDiscountPct = null;
    else fields.vipPrice = null;
  }
  if (fields.vipPrice !== null && fields.vipPrice > fields.price) {
    throw invalid('vipPrice', `vipPrice (${fields.vipPrice}) must not exceed price (${fields.price})`);
  }
  return fields;
}

function nullable(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  return v as number;
}
