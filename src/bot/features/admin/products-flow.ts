/**
 * Products (SPEC §5) from the bot: the list as admins see it (active or not, stock, sold),
 * switching one on or off, and a flow that creates one step by step — name, description,
 * kind (a content set, or VIP days), price, VIP price (explicit, a percentage off, or none),
 * tier, optional stock and per-member limit — with a summary to confirm. Each step checks
 * its own range (shop-input.ts) and asks again; the engine validates the whole at the end.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { MAX_DESCRIPTION_LENGTH, MAX_PRODUCT_NAME_LENGTH as MAX_NAME_LENGTH, MAX_PER_MEMBER_LIMIT, MAX_PRICE, MAX_STOCK, MAX_PRODUCT_VIP_DAYS as MAX_VIP_DAYS, type Product } from '../../../core/index.js';
import type { BaseContext, BotContext } from '../../context.js';
import { adminAction, adminOnly } from '../../admin-guard.js';
import { adminData, flow } from './callback-data.js';
import {
  adminOf,
  ask,
  askContentSet,
  bad,
  choiceKeyboard,
  choiceOf,
  confirmAndRun,
  ok,
  orNone,
  textOf,
  wholeNumber,
  type Answer,
  type AdminConversation,
  type Parsed,
} from './flow-kit.js';
import { FLOWS, enter } from './flows.js';
import { show } from './screen.js';

/** Buttons for the first products of the list (Telegram bounds a keyboard's size). */
const MAX_LISTED = 30;

function productLine(ctx: BaseContext, p: Product): string {
  return ctx.t('admin-product-line', {
    id: String(p.id),
    name: p.name,
    kind: ctx.t(`admin-product-kind-${p.kind}`),
    price: p.price,
    vipPrice: p.effectiveVipPrice,
    tier: ctx.t(`admin-tier-${p.tier}`),
    // "producto" is masculine: "activo".
    state: ctx.t(p.active ? 'admin-state-active' : 'admin-state-inactive', { gender: 'masculine' }),
    stock: p.stock === null ? '∞' : p.stock,
    sold: p.purchaseCount,
  });
}

export async function productsScreen(ctx: BaseContext, adminId: number): Promise<void> {
  const products = await ctx.besitos.economy.shop.products(adminId);
  const keyboard = new InlineKeyboard();
  for (const p of products.slice(0, MAX_LISTED)) {
    keyboard
      .text(ctx.t(p.active ? 'admin-button-deactivate' : 'admin-button-activate', { id: String(p.id) }), p.active ? adminData.productOff.pack({ productId: p.id }) : adminData.productOn.pack({ productId: p.id }))
      .text(ctx.t('admin-button-translate', { id: String(p.id) }), adminData.productTranslate.pack({ productId: p.id })) // translate-flow.ts
      .row();
  }
  keyboard
    .text(ctx.t('admin-button-new-product'), adminData.newProduct.pack())
    .text(ctx.t('admin-button-content'), adminData.contentSets.pack())
    .row()
    .text(ctx.t('admin-button-back'), adminData.menu.pack());
  const body = products.length > 0 ? products.map((p) => productLine(ctx, p)).join('\n') : ctx.t('admin-products-empty');
  await show(ctx, `${ctx.t('admin-products-title')}\n\n${body}`, keyboard);
}

type VipPricing = { vipPrice: number | null; vipDiscountPct: number | null };

function vipPricing(price: number): (a: Answer) => Parsed<VipPricing> {
  return (a) => {
    const text = a.text?.trim() ?? '';
    if (a.choice === 'none' || text === '-') return ok({ vipPrice: null, vipDiscountPct: null });
    const pct = /^(\d{1,3})\s*%$/.exec(text);
    if (pct) {
      const value = Number(pct[1]);
      if (value <= 100) return ok({ vipPrice: null, vipDiscountPct: value });
    } else {
      const parsed = wholeNumber(0, price)(a);
      if (parsed.ok) return ok({ vipPrice: parsed.value, vipDiscountPct: null });
    }
    return bad(a.ctx.t('admin-product-invalid-vip', { price }));
  };
}

export async function productFlow(conversation: AdminConversation, ctx: BaseContext): Promise<void> {
  const adminId = adminOf(ctx);
  const { economy } = ctx.besitos;
  const none = new InlineKeyboard().text(ctx.t('admin-button-none'), flow('none'));

  const name = await ask(conversation, ctx, { text: ctx.t('admin-product-ask-name', { max: MAX_NAME_LENGTH }) }, textOf(1, MAX_NAME_LENGTH));
  const description = await ask(
    conversation,
    ctx,
    { text: ctx.t('admin-product-ask-description', { max: MAX_DESCRIPTION_LENGTH }) },
    textOf(0, MAX_DESCRIPTION_LENGTH),
  );
  const kinds = ['CONTENT', 'VIP_DAYS'] as const;
  const kind = await ask(
    conversation,
    ctx,
    { text: ctx.t('admin-product-ask-kind'), keyboard: choiceKeyboard(kinds.map((k) => ({ label: ctx.t(`admin-product-kind-${k}`), value: k })), 'kind') },
    choiceOf('kind', kinds),
  );

  let contentSetId: number | null = null;
  let contentSetName = '';
  let days: number | null = null;
  if (kind === 'CONTENT') {
    const set = await askContentSet(conversation, ctx, adminId);
    if (set === null) return;
    contentSetId = set.id;
    contentSetName = set.name;
  } else {
    days = await ask(conversation, ctx, { text: ctx.t('admin-product-ask-days', { max: MAX_VIP_DAYS }) }, wholeNumber(1, MAX_VIP_DAYS));
  }

  const price = await ask(conversation, ctx, { text: ctx.t('admin-product-ask-price', { max: MAX_PRICE }) }, wholeNumber(0, MAX_PRICE));
  const vip = await ask(conversation, ctx, { text: ctx.t('admin-product-ask-vip', { price }), keyboard: none }, vipPricing(price));
  const tiers = ['FREE', 'VIP'] as const;
  const tier = await ask(
    conversation,
    ctx,
    { text: ctx.t('admin-product-ask-tier'), keyboard: choiceKeyboard(tiers.map((t) => ({ label: ctx.t(`admin-tier-${t}`), value: t })), 'tier') },
    choiceOf('tier', tiers),
  );
  const stock = await ask(conversation, ctx, { text: ctx.t('admin-product-ask-stock', { max: MAX_STOCK }), keyboard: none }, orNone(wholeNumber(0, MAX_STOCK)));
  const perMemberLimit = await ask(
    conversation,
    ctx,
    { text: ctx.t('admin-product-ask-limit', { max: MAX_PER_MEMBER_LIMIT }), keyboard: none },
    orNone(wholeNumber(1, MAX_PER_MEMBER_LIMIT)),
  );

  const input = { name, description, kind, contentSetId, days, price, ...vip, tier, stock, perMemberLimit };
  const summary = ctx.t('admin-product-summary', {
    name,
    description: description || '—',
    kind: ctx.t(`admin-product-kind-${kind}`),
    what: kind === 'CONTENT' ? contentSetName : ctx.t('admin-days', { days: days ?? 0 }),
    price,
    vip: vip.vipPrice !== null ? String(vip.vipPrice) : vip.vipDiscountPct !== null ? `-${vip.vipDiscountPct}%` : '—',
    tier: ctx.t(`admin-tier-${tier}`),
    stock: stock === null ? '∞' : stock,
    limit: perMemberLimit === null ? '∞' : perMemberLimit,
  });
  const created = await confirmAndRun(conversation, ctx, adminId, summary, async () => {
    const product = await economy.shop.createProduct({ adminId, ...input });
    return { id: product.id, name: product.name };
  });
  if (created === null) return;
  await ctx.reply(ctx.t('admin-product-created', { id: String(created.id), name: created.name }), {
    reply_markup: new InlineKeyboard().text(ctx.t('admin-button-products'), adminData.products.pack()).row().text(ctx.t('admin-button-menu'), adminData.menu.pack()),
  });
}

/** The products screen's buttons: the list, a new product, switching one on or off. */
export function productsButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(adminData.products.filter, adminOnly((ctx, adminId) => productsScreen(ctx, adminId)));
  composer.filter(adminData.newProduct.filter, adminOnly((ctx) => enter(ctx, FLOWS.product)));
  composer.filter(adminData.productOn.filter, adminAction((ctx, adminId) => ctx.besitos.economy.shop.activate(adminId, ctx.match.productId), productsScreen));
  composer.filter(adminData.productOff.filter, adminAction((ctx, adminId) => ctx.besitos.economy.shop.deactivate(adminId, ctx.match.productId), productsScreen));
  return composer;
}
