/**
 * Content sets and products as admins edit them (SPEC §5). Every call checks the admin
 * first (`admins.require`, FORBIDDEN), then every field (INVALID_INPUT naming it), and
 * writes nothing before both pass. A product's fields are checked as a whole: an edit is
 * merged over the stored product (under its row lock) and the result checked, so a change
 * of kind or price cannot leave a product the shop would refuse to create.
 */
import { writeTransaction, type Executor } from '../../storage/write-transaction.js';
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import {
  contentSetExists,
  findContentSet,
  findProduct,
  insertContentSet,
  insertProduct,
  listContentSets,
  listProducts,
  lockProduct,
  updateContentSetRow,
  updateProductRow,
} from './catalogue-repository.js';
import { checkId, checkItems, checkKnownFields, checkText, MAX_NAME_LENGTH, mergeProduct, type ProductInput } from './shop-input.js';
import { productColumns, toContentSet, toFields, toProduct } from './shop-mappers.js';
import type { ContentSet, Product } from './shop-types.js';

export interface ContentSetInput {
  adminId: number;
  name: unknown;
  items: unknown;
}

export interface ContentSetUpdate {
  adminId: number;
  contentSetId: number;
  name?: unknown;
  items?: unknown;
}

export type CreateProductInput = { adminId: number } & ProductInput;
export type UpdateProductInput = { adminId: number; productId: number } & ProductInput;

// ---------------------------------------------------------------- content sets

export async function createContentSet(ctx: EngineContext, input: ContentSetInput): Promise<ContentSet> {
  await ctx.admins.require(input?.adminId);
  checkKnownFields(input, ['adminId', 'name', 'items'], false);
  const name = checkText(input.name, 'name', 1, MAX_NAME_LENGTH);
  const items = checkItems(input.items);
  const at = ctx.clock.now();
  const row = await writeTransaction(ctx.storage, (trx) => insertContentSet(trx, { name, items: JSON.stringify(items), at }));
  return toContentSet(row);
}

export async function updateContentSet(ctx: EngineContext, input: ContentSetUpdate): Promise<ContentSet> {
  await ctx.admins.require(input?.adminId);
  checkKnownFields(input, ['adminId', 'contentSetId', 'name', 'items'], false);
  const id = checkId(input.contentSetId, 'contentSetId');
  const set: { name?: string; items?: string; updated_at: number } = { updated_at: ctx.clock.now() };
  if (input.name !== undefined) set.name = checkText(input.name, 'name', 1, MAX_NAME_LENGTH);
  if (input.items !== undefined) set.items = JSON.stringify(checkItems(input.items));
  const row = await writeTransaction(ctx.storage, (trx) => updateContentSetRow(trx, id, set));
  if (!row) throw noContentSet(id);
  return toContentSet(row);
}

export async function contentSets(ctx: EngineContext, adminId: number): Promise<ContentSet[]> {
  await ctx.admins.require(adminId);
  return (await listContentSets(ctx.storage.db)).map(toContentSet);
}

export async function contentSet(ctx: EngineContext, adminId: number, contentSetId: number): Promise<ContentSet> {
  await ctx.admins.require(adminId);
  const id = checkId(contentSetId, 'contentSetId');
  const row = await findContentSet(ctx.storage.db, id);
  if (!row) throw noContentSet(id);
  return toContentSet(row);
}

// ---------------------------------------------------------------- products

export async function createProduct(ctx: EngineContext, input: CreateProductInput): Promise<Product> {
  await ctx.admins.require(input?.adminId);
  checkKnownFields(input, ['adminId']);
  const fields = mergeProduct(null, input);
  const at = ctx.clock.now();
  const row = await writeTransaction(ctx.storage, async (trx) => {
    await checkContentSet(trx, fields.contentSetId);
    return insertProduct(trx, productColumns(fields), at);
  });
  return toProduct(row);
}

/** Changes the given fields (undefined = unchanged; null clears vipPrice, vipDiscountPct, stock, perMemberLimit). */
export async function updateProduct(ctx: EngineContext, input: UpdateProductInput): Promise<Product> {
  await ctx.admins.require(input?.adminId);
  checkKnownFields(input, ['adminId', 'productId']);
  const id = checkId(input.productId, 'productId');
  const at = ctx.clock.now();
  const row = await writeTransaction(ctx.storage, async (trx) => {
    const current = await lockProduct(trx, ctx.storage.dialect, id);
    if (!current) throw noProduct(id);
    const fields = mergeProduct(toFields(current), input);
    await checkContentSet(trx, fields.contentSetId);
    return updateProductRow(trx, id, productColumns(fields), at);
  });
  return toProduct(row);
}

/** Every product (inactive too), by sort order then id. */
export async function products(ctx: EngineContext, adminId: number): Promise<Product[]> {
  await ctx.admins.require(adminId);
  return (await listProducts(ctx.storage.db)).map(toProduct);
}

export async function product(ctx: EngineContext, adminId: number, productId: number): Promise<Product> {
  await ctx.admins.require(adminId);
  const id = checkId(productId, 'productId');
  const row = await findProduct(ctx.storage.db, id);
  if (!row) throw noProduct(id);
  return toProduct(row);
}

// ---------------------------------------------------------------- helpers

const noContentSet = (id: number) => new EconomyError('NOT_FOUND', `there is no content set ${id}`, { contentSetId: id });
const noProduct = (id: number) => new EconomyError('NOT_FOUND', `there is no product ${id}`, { productId: id });

/** A CONTENT product must name a set that exists (INVALID_INPUT on contentSetId). */
async function checkContentSet(trx: Executor, id: number | null): Promise<void> {
  if (id === null) return;
  if (!(await contentSetExists(trx, id))) {
    throw new EconomyError('INVALID_INPUT', `there is no content set ${id}`, { field: 'contentSetId', contentSetId: id });
  }
}
