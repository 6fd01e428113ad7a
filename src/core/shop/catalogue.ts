/**
 * The catalogue as a member sees it (SPEC §5): active products with the price THIS member
 * pays (VIP and ADMIN pay the VIP price), what they hold, and why they cannot buy one now.
 *
 * Decisions where the spec is silent (see docs):
 * - VIP-only products are listed to everyone, marked `vipOnly` and, for a member without
 *   VIP access, `unavailable: 'VIP_ONLY'` (a teaser that sells VIP).
 * - The catalogue sorts by the price THIS member pays, then sort order, then id.
 */
import type { EngineContext } from '../engine-context.js';
import { EconomyError } from '../errors.js';
import { checkMemberId } from '../ledger/movement-input.js';
import { findMember } from '../members/members-repository.js';
import { effectiveRole, hasVipAccess } from '../members/roles.js';
import { catalogueRow, cataloguePage, countActiveProducts } from './catalogue-repository.js';
import { checkId, checkInt } from './shop-input.js';
import { toCatalogueEntry } from './shop-mappers.js';
import type { CatalogueEntry, CataloguePage } from './shop-types.js';

/**
 * Active products, cheapest first by the price this member pays, then sort order, then id;
 * `shop.page_size` per page. A page past the last gives the last page.
 */
export async function catalogue(ctx: EngineContext, memberIdInput: number, pageInput: number = 1): Promise<CataloguePage> {
  const memberId = checkMemberId(memberIdInput);
  let page = checkInt(pageInput, 'page', 1, 1_000_000);
  const pageSize = (await ctx.settings.all())['shop.page_size'];
  const at = ctx.clock.now();
  const db = ctx.storage.db;
  const member = await findMember(db, memberId);
  const role = effectiveRole(member, at, ctx.admins.isConfiguredAdmin(memberId));
  const vip = hasVipAccess(role);
  const total = await countActiveProducts(db);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  page = Math.min(page, pages);
  const rows = await cataloguePage(db, { memberId, vip, limit: pageSize, offset: (page - 1) * pageSize });
  const items = rows.map((r) => toCatalogueEntry(r, vip));
  return { items, page, pages, pageSize, total, role };
}

/** One active product as this member sees it in the catalogue (NOT_FOUND otherwise). */
export async function catalogueEntry(ctx: EngineContext, memberIdInput: number, productIdInput: number): Promise<CatalogueEntry> {
  const memberId = checkMemberId(memberIdInput);
  const productId = checkId(productIdInput, 'productId');
  const db = ctx.storage.db;
  const [member, row] = await Promise.all([findMember(db, memberId), catalogueRow(db, memberId, productId)]);
  if (!row) throw new EconomyError('NOT_FOUND', `product ${productId} is not in the catalogue`, { productId });
  const role = effectiveRole(member, ctx.clock.now(), ctx.admins.isConfiguredAdmin(memberId));
  return toCatalogueEntry(row, hasVipAccess(role));
}
