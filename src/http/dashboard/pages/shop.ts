/**
 * The shop (SPEC §5): content sets (made in the bot, where the files are: Telegram file ids
 * cannot be typed), products with their prices and limits — created here, switched off and
 * on, edited (name, price, VIP discount, stock, per-member limit) — content sets renamed,
 * and every member's purchases with the admin's refund (the whole price once, with a
 * reason; VIP days are not refunded). Writes are the shop's admin methods as the session's
 * admin, the same the API calls.
 */
import type { Context, Hono } from 'hono';
import type { Economy, Product } from '../../../core/index.js';
import type { DashEnv } from '../env.js';
import { attempt, checked, optionalNumber, readForm, refusedStatus, wholeNumber } from '../forms.js';
import { BASE, csrfField, errorNotice, html, page, table } from '../html.js';
import type { Translator } from '../i18n.js';
import { localizer } from '../names.js';

const PURCHASES_PAGE = 20;

function priceText(tr: Translator, p: Product): string {
  return p.effectiveVipPrice === p.price ? tr.n(p.price) : `${tr.n(p.price)} (VIP ${tr.n(p.effectiveVipPrice)})`;
}

async function shopPage(c: Context<DashEnv>, economy: Economy, error?: string, status: 200 | 400 | 403 | 404 | 409 = 200): Promise<Response> {
  const tr = c.get('tr');
  const tz = c.get('tz');
  const adminId = c.get('session').adminId;
  const cursor = c.req.query('cursor');
  const [sets, products, purchases] = await Promise.all([
    economy.shop.contentSets(adminId),
    economy.shop.products(adminId),
    economy.shop.allPurchases(adminId, { limit: PURCHASES_PAGE, ...(cursor ? { cursor } : {}) }).catch(() => economy.shop.allPurchases(adminId, { limit: PURCHASES_PAGE })),
  ]);

  const local = await localizer(economy, 'product', [...products.map((p) => p.id), ...purchases.items.map((p) => p.productId)], tr.lang);
  const toggle = (p: Product) => html`<form method="post" action="${BASE}/shop/products/${p.id}/active" class="inline">${csrfField(c)}<input type="hidden" name="active" value="${p.active ? '0' : '1'}"><button type="submit" class="small ${p.active ? 'secondary' : ''}">${p.active ? tr.t('dash-switch-off') : tr.t('dash-switch-on')}</button></form>`;
  const num = (v: number | null) => (v === null ? '' : String(v));
  // Prefilled with the product as it is: what is sent is the whole new state (empty clears a limit).
  const editProduct = (p: Product) => html`<details class="edit"><summary>${tr.t('dash-edit')}</summary>
<form method="post" action="${BASE}/shop/products/${p.id}" class="grid-form">${csrfField(c)}
<label for="e${p.id}-name">${tr.t('dash-name')}</label><input id="e${p.id}-name" name="name" maxlength="100" required value="${p.name}">
<label for="e${p.id}-price">${tr.t('dash-price')}</label><input id="e${p.id}-price" name="price" inputmode="numeric" required value="${p.price}">
<label for="e${p.id}-vip">${tr.t('dash-vip-discount')}</label><input id="e${p.id}-vip" name="vipDiscountPct" inputmode="numeric" value="${num(p.vipDiscountPct)}">
<label for="e${p.id}-stock">${tr.t('dash-stock')}</label><input id="e${p.id}-stock" name="stock" inputmode="numeric" value="${num(p.stock)}">
<label for="e${p.id}-limit">${tr.t('dash-per-member-limit')}</label><input id="e${p.id}-limit" name="perMemberLimit" inputmode="numeric" value="${num(p.perMemberLimit)}">
<button type="submit" class="small">${tr.t('dash-save')}</button>
</form></details>`;
  const productRows = products.map((p) => [
    html`<strong>${local(p.id, 'name', p.name)}</strong>${p.description ? html`<br><span class="hint">${local(p.id, 'description', p.description)}</span>` : ''}`,
    p.kind === 'VIP_DAYS' ? tr.t('dash-product-vip-days', { days: p.days ?? 0 }) : tr.t('dash-product-content', { set: sets.find((s) => s.id === p.contentSetId)?.name ?? String(p.contentSetId) }),
    priceText(tr, p),
    tr.t('dash-tier', { tier: p.tier }),
    p.stock === null ? '∞' : tr.n(p.stock),
    tr.n(p.purchaseCount),
    html`${p.active ? tr.t('dash-on', { gender: 'masculine' }) : tr.t('dash-off', { gender: 'masculine' })} ${toggle(p)} ${editProduct(p)}`,
  ]);

  const createForm = html`<details class="card"${error ? html` open` : ''}>
<summary>${tr.t('dash-product-new')}</summary>
<form method="post" action="${BASE}/shop/products" class="grid-form">
${csrfField(c)}
<label for="p-name">${tr.t('dash-name')}</label><input id="p-name" name="name" maxlength="100" required>
<label for="p-description">${tr.t('dash-description')}</label><input id="p-description" name="description" maxlength="500">
<label for="p-kind">${tr.t('dash-kind')}</label>
<select id="p-kind" name="kind"><option value="CONTENT">${tr.t('dash-kind-content')}</option><option value="VIP_DAYS">${tr.t('dash-kind-vip-days')}</option></select>
<label for="p-set">${tr.t('dash-content-set')}</label>
<select id="p-set" name="contentSetId"><option value="">—</option>${sets.map((s) => html`<option value="${s.id}">${s.name}</option>`)}</select>
<label for="p-days">${tr.t('dash-vip-days')}</label><input id="p-days" name="days" inputmode="numeric">
<label for="p-price">${tr.t('dash-price')}</label><input id="p-price" name="price" inputmode="numeric" required>
<label for="p-vip">${tr.t('dash-vip-discount')}</label><input id="p-vip" name="vipDiscountPct" inputmode="numeric">
<label for="p-stock">${tr.t('dash-stock')}</label><input id="p-stock" name="stock" inputmode="numeric">
<label for="p-limit">${tr.t('dash-per-member-limit')}</label><input id="p-limit" name="perMemberLimit" inputmode="numeric">
<label class="check"><input type="checkbox" name="vipOnly"> ${tr.t('dash-vip-only')}</label>
<button type="submit">${tr.t('dash-create')}</button>
</form>
</details>`;

  const refund = (id: number) => html`<form method="post" action="${BASE}/shop/purchases/${id}/refund" class="inline refund">${csrfField(c)}<input name="reason" maxlength="255" required placeholder="${tr.t('dash-reason')}" aria-label="${tr.t('dash-reason')}"><button type="submit" class="small secondary">${tr.t('dash-refund')}</button></form>`;
  const purchaseRows = purchases.items.map((p) => [
    tr.time(p.createdAt, tz),
    html`<a href="${BASE}/members/${p.memberId}">${p.memberId}</a>`,
    local(p.productId, 'name', p.productName),
    tr.n(p.price),
    tr.t('dash-purchase-status', { status: p.status }),
    p.status === 'COMPLETED' && p.price > 0 && p.productKind === 'CONTENT' ? refund(p.id) : '',
  ]);

  const rename = (id: number, name: string) => html`<form method="post" action="${BASE}/shop/content-sets/${id}" class="inline">${csrfField(c)}<input name="name" maxlength="100" required value="${name}" aria-label="${tr.t('dash-name')}"><button type="submit" class="small secondary">${tr.t('dash-rename')}</button></form>`;
  const setRows = sets.map((s) => [s.id, rename(s.id, s.name), tr.n(s.items.length), tr.time(s.updatedAt, tz)]);
  return page(c, {
    title: tr.t('dash-nav-shop'),
    active: 'shop',
    status,
    body: html`${errorNotice(error)}<section><h2>${tr.t('dash-products')}</h2>
${table([tr.t('dash-product'), tr.t('dash-kind'), tr.t('dash-price'), tr.t('dash-tier-label'), tr.t('dash-stock'), tr.t('dash-sold'), tr.t('dash-state')], productRows, tr.t('dash-empty'), { numeric: [4, 5] })}
${createForm}</section>
<section id="purchases"><h2>${tr.t('dash-purchases')}</h2>
${table([tr.t('dash-when'), tr.t('dash-member'), tr.t('dash-product'), tr.t('dash-price'), tr.t('dash-status'), ''], purchaseRows, tr.t('dash-empty'), { numeric: [3] })}
<nav class="pager">${cursor ? html`<a href="${BASE}/shop#purchases">← ${tr.t('dash-newest')}</a>` : ''}${purchases.nextCursor ? html`<a href="${BASE}/shop?cursor=${purchases.nextCursor}#purchases">${tr.t('dash-older')} →</a>` : ''}</nav>
</section>
<section><h2>${tr.t('dash-content-sets')}</h2>
<p class="hint">${tr.t('dash-content-sets-hint')}</p>
${table(['#', tr.t('dash-name'), tr.t('dash-items'), tr.t('dash-updated')], setRows, tr.t('dash-empty'), { numeric: [0, 2] })}</section>`,
  });
}

export function shopPages(app: Hono<DashEnv>, economy: Economy): void {
  app.get(`${BASE}/shop`, (c) => shopPage(c, economy));

  app.post(`${BASE}/shop/products`, async (c) => {
    const form = await readForm(c);
    const kind = form.kind === 'VIP_DAYS' ? 'VIP_DAYS' : 'CONTENT';
    const done = await attempt(c.get('tr'), () =>
      economy.shop.createProduct({
        adminId: c.get('session').adminId,
        name: form.name ?? '',
        description: form.description ?? '',
        kind,
        ...(kind === 'CONTENT' ? { contentSetId: optionalNumber(form.contentSetId) } : { days: wholeNumber(form.days) }),
        price: wholeNumber(form.price),
        vipDiscountPct: optionalNumber(form.vipDiscountPct),
        stock: optionalNumber(form.stock),
        perMemberLimit: optionalNumber(form.perMemberLimit),
        tier: checked(form, 'vipOnly') ? 'VIP' : 'FREE',
      }),
    );
    if (!done.ok) return shopPage(c, economy, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/shop?ok=product-created`, 303);
  });

  app.post(`${BASE}/shop/products/:id{[1-9][0-9]{0,15}}/active`, async (c) => {
    const form = await readForm(c);
    const id = Number(c.req.param('id'));
    const adminId = c.get('session').adminId;
    const done = await attempt(c.get('tr'), () => (form.active === '1' ? economy.shop.activate(adminId, id) : economy.shop.deactivate(adminId, id)));
    if (!done.ok) return shopPage(c, economy, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/shop?ok=${form.active === '1' ? 'switched-on' : 'switched-off'}`, 303);
  });

  app.post(`${BASE}/shop/products/:id{[1-9][0-9]{0,15}}`, async (c) => {
    const form = await readForm(c);
    const done = await attempt(c.get('tr'), () =>
      economy.shop.updateProduct({
        adminId: c.get('session').adminId,
        productId: Number(c.req.param('id')),
        name: form.name ?? '',
        price: wholeNumber(form.price),
        vipDiscountPct: optionalNumber(form.vipDiscountPct),
        stock: optionalNumber(form.stock),
        perMemberLimit: optionalNumber(form.perMemberLimit),
      }),
    );
    if (!done.ok) return shopPage(c, economy, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/shop?ok=product-updated`, 303);
  });

  app.post(`${BASE}/shop/content-sets/:id{[1-9][0-9]{0,15}}`, async (c) => {
    const form = await readForm(c);
    const done = await attempt(c.get('tr'), () => economy.shop.updateContentSet({ adminId: c.get('session').adminId, contentSetId: Number(c.req.param('id')), name: form.name ?? '' }));
    if (!done.ok) return shopPage(c, economy, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/shop?ok=content-set-renamed`, 303);
  });

  app.post(`${BASE}/shop/purchases/:id{[1-9][0-9]{0,15}}/refund`, async (c) => {
    const form = await readForm(c);
    const done = await attempt(c.get('tr'), () => economy.shop.refundPurchase({ adminId: c.get('session').adminId, purchaseId: Number(c.req.param('id')), reason: form.reason ?? '' }));
    if (!done.ok) return shopPage(c, economy, done.error, refusedStatus(done.code));
    return c.redirect(`${BASE}/shop?ok=refunded#purchases`, 303);
  });
}
