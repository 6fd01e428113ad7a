/**
 * The shop as a member uses it (SPEC §5): the catalogue (`shop.page_size` a page, the price
 * THIS member pays: a VIP sees the VIP price), a product's detail, and the purchase in two
 * steps. "Buy" sends a NEW confirmation message; its Confirm button buys with the key
 * `buy:<chat>:<confirmation message>:<product>`, so a confirmation pressed twice (or
 * delivered twice by Telegram) buys once, and every new confirmation is a new purchase.
 * Content the member already owns is asked as "buy again?" (key `rebuy:…`), whose Confirm
 * passes `confirmRepurchase`.
 */
import { Composer, InlineKeyboard } from 'grammy';
import { type CatalogueEntry, EconomyError, isEconomyError, type PaidPurchase, type PurchaseResult } from '../../../core/index.js';
import type { BotContext } from '../../context.js';
import { refusalText } from '../../error-boundary.js';
import { TelegramDeliverer } from '../../telegram-deliverer.js';
import { memberData } from './callback-data.js';
import { formatDateTime, localeOf, memberIdOf, namesFor, show } from './view.js';

function priceText(ctx: BotContext, price: number): string {
  return ctx.t('member-shop-price', { price });
}

function flags(ctx: BotContext, e: CatalogueEntry, role: string): string[] {
  const out: string[] = [];
  if (e.vipOnly) out.push(ctx.t('member-shop-flag-vip'));
  else if (role === 'FREE' && e.vipPrice < e.regularPrice) out.push(ctx.t('member-shop-vip-price', { price: e.vipPrice }));
  if (e.unavailable === 'OUT_OF_STOCK') out.push(ctx.t('member-shop-flag-soldout'));
  if (e.unavailable === 'LIMIT_REACHED') out.push(ctx.t('member-shop-flag-limit'));
  else if (e.owned > 0) out.push(ctx.t('member-shop-flag-owned'));
  return out;
}

export async function showCatalogue(ctx: BotContext, pageAsked = 1): Promise<void> {
  const { economy } = ctx.besitos;
  const memberId = memberIdOf(ctx);
  const [page, balance] = await Promise.all([economy.shop.catalogue(memberId, pageAsked), economy.ledger.balance(memberId)]);
  const keyboard = new InlineKeyboard();
  if (page.total === 0) {
    await show(ctx, ctx.t('member-shop-empty'), keyboard.text(ctx.t('member-btn-menu'), memberData.home.pack()));
    return;
  }
  const lines = [ctx.t('member-shop-title', { page: page.page, pages: page.pages }), ctx.t('member-shop-balance', { balance }), ''];
  const names = await namesFor(ctx, 'product', page.items.map((e) => e.productId));
  page.items.forEach((entry, i) => {
    const e = { ...entry, name: names.name(entry.productId, entry.name) };
    const price = [priceText(ctx, e.price), ...flags(ctx, e, page.role)].join(' · ');
    lines.push(ctx.t('member-shop-line', { index: (page.page - 1) * page.pageSize + i + 1, name: e.name, price }));
    keyboard.text(ctx.t('member-shop-button', { name: e.name, price: priceText(ctx, e.price) }), memberData.product.pack({ productId: e.productId, page: page.page })).row();
  });
  if (page.page > 1) keyboard.text(ctx.t('member-btn-prev'), memberData.shop.pack({ page: page.page - 1 }));
  if (page.page < page.pages) keyboard.text(ctx.t('member-btn-next'), memberData.shop.pack({ page: page.page + 1 }));
  keyboard.row().text(ctx.t('member-btn-menu'), memberData.home.pack());
  await show(ctx, lines.join('\n'), keyboard);
}

export async function showProduct(ctx: BotContext, productId: number, pageHint: number): Promise<void> {
  const e = await localizedEntry(ctx, await ctx.besitos.economy.shop.catalogueEntry(memberIdOf(ctx), productId));
  const page = Math.max(1, pageHint);
  const lines = [`🛍 ${e.name}`];
  if (e.description) lines.push(e.description);
  lines.push('');
  lines.push(e.kind === 'VIP_DAYS' ? ctx.t('member-shop-detail-kind-vip', { days: e.days ?? 0 }) : ctx.t('member-shop-detail-kind-content'));
  lines.push(ctx.t('member-shop-detail-price', { price: priceText(ctx, e.price) }));
  if (e.vipPrice !== e.regularPrice) lines.push(ctx.t('member-shop-detail-regular', { regular: e.regularPrice, vip: e.vipPrice }));
  if (e.vipOnly) lines.push(ctx.t('member-shop-flag-vip'));
  if (e.stock !== null) lines.push(ctx.t('member-shop-detail-stock', { stock: e.stock }));
  if (e.perMemberLimit !== null) lines.push(ctx.t('member-shop-detail-limit', { limit: e.perMemberLimit }));
  if (e.owned > 0) lines.push(ctx.t('member-shop-detail-owned', { owned: e.owned }));
  const keyboard = new InlineKeyboard();
  if (e.unavailable) lines.push('', ctx.t('member-shop-unavailable', { reason: e.unavailable }));
  else keyboard.text(ctx.t(ownsAlready(e) ? 'member-btn-buy-again' : 'member-btn-buy', { price: e.price }), memberData.buy.pack({ productId: e.productId })).row();
  keyboard.text(ctx.t('member-btn-shop-back'), memberData.shop.pack({ page: page })).text(ctx.t('member-btn-menu'), memberData.home.pack());
  await show(ctx, lines.join('\n'), keyboard);
}

/** The refusal a purchase of an entry the catalogue marks unavailable would give. */
function unavailableRefusal(entry: CatalogueEntry): EconomyError {
  const { productId } = entry;
  switch (entry.unavailable) {
    case 'VIP_ONLY':
      return new EconomyError('VIP_ONLY', `product ${productId} is for VIP members`, { productId });
    case 'OUT_OF_STOCK':
      return new EconomyError('OUT_OF_STOCK', `product ${productId} is sold out`, { productId, stock: 0 });
    default:
      return new EconomyError('LIMIT_REACHED', `product ${productId}: the per-member limit is reached`, {
        productId,
        limit: entry.perMemberLimit ?? entry.owned,
        owned: entry.owned,
      });
  }
}

/**
 * "Buy": a new message asking to confirm (its id makes the purchase key). Content the
 * member owns already is asked as "buy it again?", and that confirmation buys again
 * directly (`confirmRepurchase`): the detail said "you own it", so one confirmation is
 * enough, as for a first purchase.
 */
export async function askConfirmation(ctx: BotContext, productId: number): Promise<void> {
  const entry = await localizedEntry(ctx, await ctx.besitos.economy.shop.catalogueEntry(memberIdOf(ctx), productId));
  // Refused before asking: the same refusal the purchase would give.
  if (entry.unavailable) throw unavailableRefusal(entry);
  const balance = await ctx.besitos.economy.ledger.balance(memberIdOf(ctx));
  const again = ownsAlready(entry);
  const keyboard = new InlineKeyboard()
    .text(ctx.t(again ? 'member-btn-confirm-again' : 'member-btn-confirm'), (again ? memberData.confirmAgain : memberData.confirm).pack({ productId }))
    .text(ctx.t('member-btn-cancel'), memberData.cancel.pack());
  await ctx.answerCallbackQuery();
  const text = again
    ? ctx.t('member-shop-confirm-again', { name: entry.name, price: entry.price, balance })
    : ctx.t('member-shop-confirm', { name: entry.name, price: entry.price, balance });
  await ctx.reply(text, { reply_markup: keyboard });
}

/** The entry with its name and description in the member's language. */
async function localizedEntry(ctx: BotContext, entry: CatalogueEntry): Promise<CatalogueEntry> {
  const names = await namesFor(ctx, 'product', [entry.productId]);
  return { ...entry, name: names.name(entry.productId, entry.name), description: names.description(entry.productId, entry.description) };
}

/** Content already held: buying it again needs the engine's `confirmRepurchase` (VIP days never do). */
function ownsAlready(entry: CatalogueEntry): boolean {
  return entry.kind === 'CONTENT' && entry.owned > 0;
}

export async function cancelPurchase(ctx: BotContext): Promise<void> {
  await show(ctx, ctx.t('member-shop-cancelled'));
}

/**
 * The confirmation's Confirm (or "buy again") button. The press is answered as soon as the
 * purchase committed (the engine's `onPaid`), before the content goes out: a set of
 * albums can take longer than the ~15 s Telegram gives an answer. While it goes out, the
 * confirmation message shows "sending n of total"; it ends with the outcome.
 */
export async function confirmPurchase(ctx: BotContext, productId: number, again: boolean): Promise<void> {
  const { economy } = ctx.besitos;
  const memberId = memberIdOf(ctx);
  const message = ctx.callbackQuery?.message;
  if (!message) throw new EconomyError('INVALID_INPUT', 'a confirmation press without its message', { field: 'message' });
  const confirmationKey = `${again ? 'rebuy' : 'buy'}:${message.chat.id}:${message.message_id}:${productId}`;
  const stops: Array<() => void> = [];
  const names = await namesFor(ctx, 'product', [productId]);
  const onPaid = async (paid: PaidPurchase): Promise<void> => {
    await ctx.answerCallbackQuery({ text: ctx.t('member-shop-done-toast', { price: paid.price }) });
    if (paid.purchase.productKind !== 'CONTENT') return;
    const name = names.name(productId, paid.purchase.productName);
    await show(ctx, ctx.t('member-shop-sending', { name, price: paid.price }));
    const deliverer = economy.shop.deliverer;
    if (deliverer instanceof TelegramDeliverer) {
      stops.push(
        deliverer.watch(paid.purchase.id, (sent, total) =>
          ctx.api.editMessageText(message.chat.id, message.message_id, ctx.t('member-shop-progress', { name, sent, total })).then(() => undefined),
        ),
      );
    }
  };
  let result: PurchaseResult;
  try {
    result = await economy.shop.purchase({ memberId, productId, confirmationKey, onPaid, ...(again ? { confirmRepurchase: true } : {}) });
  } catch (err) {
    if (isEconomyError(err, 'CONFIRMATION_REQUIRED')) {
      // An old confirmation of a first purchase, pressed after buying it elsewhere.
      const entry = await localizedEntry(ctx, await economy.shop.catalogueEntry(memberId, productId));
      const keyboard = new InlineKeyboard()
        .text(ctx.t('member-btn-confirm-again'), memberData.confirmAgain.pack({ productId }))
        .text(ctx.t('member-btn-cancel'), memberData.cancel.pack());
      const balance = await economy.ledger.balance(memberId);
      await show(ctx, ctx.t('member-shop-confirm-again', { name: entry.name, price: entry.price, balance }), keyboard);
      await ctx.answerCallbackQuery({ text: (await refusalText(ctx, err)).slice(0, 200) });
      return;
    }
    // The confirmation says why, and loses its buttons; the boundary answers the press.
    if (isEconomyError(err)) await show(ctx, ctx.t('member-shop-refused', { reason: await refusalText(ctx, err) }));
    throw err;
  } finally {
    for (const stop of stops) stop();
  }
  if (result.replayed) {
    await ctx.answerCallbackQuery({ text: ctx.t('member-shop-replayed') });
    return;
  }
  const name = names.name(productId, result.purchase.productName);
  if (result.refunded) {
    const text = ctx.t('member-shop-refunded', { name, price: result.price, balance: result.balance });
    await show(ctx, text);
    return;
  }
  if (result.purchase.productKind === 'VIP_DAYS') {
    const [member, settings] = await Promise.all([economy.membership.get(memberId), economy.settings.all()]);
    const until = member?.vipExpiresAt ? formatDateTime(member.vipExpiresAt, settings['economy.timezone'], await localeOf(ctx)) : '—';
    await show(ctx, ctx.t('member-shop-done-vip', { until, balance: result.balance }));
  } else {
    await show(ctx, ctx.t('member-shop-done-content', { name, price: result.price, balance: result.balance }));
  }
}

/** The shop's buttons: catalogue pages, a product, Buy, Confirm (again) and Cancel. */
export function shopButtons(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.filter(memberData.shop.filter, (ctx) => showCatalogue(ctx, Math.max(1, ctx.match.page)));
  composer.filter(memberData.product.filter, (ctx) => showProduct(ctx, ctx.match.productId, ctx.match.page));
  composer.filter(memberData.buy.filter, (ctx) => askConfirmation(ctx, ctx.match.productId));
  composer.filter(memberData.confirm.filter, (ctx) => confirmPurchase(ctx, ctx.match.productId, false));
  composer.filter(memberData.confirmAgain.filter, (ctx) => confirmPurchase(ctx, ctx.match.productId, true));
  composer.filter(memberData.cancel.filter, (ctx) => cancelPurchase(ctx));
  return composer;
}
