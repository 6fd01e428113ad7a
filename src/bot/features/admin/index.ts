/**
 * Admins (SPEC §8): the /admin menu with settings, products and content sets, rewards,
 * member lookup and metrics; `/miembro <id|@username>`. Multi-step input runs as
 * @grammyjs/conversations v2 flows whose state lives in the database (`bot_state`, prefix
 * `conv`), so a flow survives a restart and continues on any instance.
 *
 * Who is an admin is asked on every admin update (admin-guard.ts): first for every admin
 * entry point in any chat (a non-admin gets FORBIDDEN and nothing runs), again by each
 * handler, again before each write inside a flow, and once more by the engine.
 */
import { conversations, createConversation } from '@grammyjs/conversations';
import { Composer, type Middleware, type MiddlewareFn } from 'grammy';
import type { BotDeps } from '../../bot-deps.js';
import type { BaseContext, BotContext } from '../../context.js';
import { botStateStorage } from '../../state-storage.js';
import { adminOnly, requireAdmin } from './admin-guard.js';
import { menuScreen } from './admin-menu.js';
import { ADMIN_COMMANDS, isAdminData } from './callback-data.js';
import { contentFlow, contentSetsScreen } from './content-flow.js';
import { commandOf } from './flow-kit.js';
import { lookupFlow, memberCard, memberKeyboard, moveFlow, showMember, vipFlow } from './member-lookup.js';
import { metricsScreen } from './metrics.js';
import { productFlow, productsScreen } from './products-flow.js';
import { confirmDeleteScreen, rewardFlow, rewardsScreen } from './rewards-flow.js';
import { show } from './screen.js';
import { settingFlow, settingsScreen } from './settings-flow.js';

export { ADMIN_ENTRY_POINTS, type AdminEntryPoint } from './callback-data.js';

/** Conversation ids (stored with each flow's state: renaming one drops flows in progress). */
export const FLOWS = {
  setting: 'admin-setting',
  content: 'admin-content',
  product: 'admin-product',
  reward: 'admin-reward',
  lookup: 'admin-lookup',
  move: 'admin-move',
  vip: 'admin-vip',
} as const;

/** Bump when a flow's steps change incompatibly: flows stored under another version restart. */
const FLOW_STATE_VERSION = 1;

/** An update that asks for something of the admin part: its commands and buttons. */
export function isAdminEntry(ctx: BotContext): boolean {
  if (ctx.callbackQuery) return isAdminData(ctx.callbackQuery.data);
  const command = commandOf(ctx.message);
  return command !== null && (ADMIN_COMMANDS as readonly string[]).includes(command);
}

export function adminFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  // Every admin entry point, in any chat: non-admins stop here with FORBIDDEN.
  composer.use(async (ctx, next) => {
    if (isAdminEntry(ctx)) await requireAdmin(ctx);
    await next();
  });

  // Flows run in the admin's private chat only (a member's reaction press in a channel
  // never pays the flow-state read).
  const priv = composer.chatType('private');
  const provide: MiddlewareFn<BaseContext> = (ctx, next) => {
    (ctx as { besitos: BotDeps }).besitos = deps;
    return next();
  };
  priv.use(
    conversations<BotContext, BaseContext>({
      storage: { type: 'key', version: FLOW_STATE_VERSION, adapter: botStateStorage(deps.economy.adapterState, 'conv') },
      // Contexts inside a flow are built by the plugin and miss the outer middleware:
      // give them the engine (`ctx.besitos`) and the admin's language (`ctx.t`).
      plugins: [provide, deps.i18n as unknown as Middleware<BaseContext>],
    }),
  );
  priv.use(createConversation<BotContext, BaseContext>(settingFlow, FLOWS.setting));
  priv.use(createConversation<BotContext, BaseContext>(contentFlow, FLOWS.content));
  priv.use(createConversation<BotContext, BaseContext>(productFlow, FLOWS.product));
  priv.use(createConversation<BotContext, BaseContext>(rewardFlow, FLOWS.reward));
  priv.use(createConversation<BotContext, BaseContext>(lookupFlow, FLOWS.lookup));
  priv.use(createConversation<BotContext, BaseContext>(moveFlow, FLOWS.move));
  priv.use(createConversation<BotContext, BaseContext>(vipFlow, FLOWS.vip));

  priv.command('admin', adminOnly(menuScreen));
  priv.command(
    'miembro',
    adminOnly(async (ctx) => {
      const query = typeof ctx.match === 'string' ? ctx.match.trim() : '';
      if (query !== '') await showMember(ctx, query);
      else await enter(ctx, FLOWS.lookup);
    }),
  );
  priv.callbackQuery(/^adm:/, adminOnly(route));
  // A flow's button pressed after the flow ended (or from an old message).
  priv.callbackQuery(/^adf:/, adminOnly((ctx) => ctx.answerCallbackQuery({ text: ctx.t('admin-flow-expired') })));

  // An admin entry point outside a private chat (a command in a group, a forged button).
  composer.filter(
    isAdminEntry,
    adminOnly(async (ctx) => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('admin-private-only') });
      else await ctx.reply(ctx.t('admin-private-only'));
    }),
  );
  return composer;
}

/** Leaves any flow in progress (a new one replaces it) and starts `id`. */
async function enter(ctx: BotContext, id: string, ...args: unknown[]): Promise<void> {
  await ctx.conversation.exitAll();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.conversation.enter(id, ...args);
}

const ID = /^\d{1,15}$/;

/** `adm:<area>[:<action>[:<id>]]` → the screen or action. */
async function route(ctx: BotContext, adminId: number): Promise<void> {
  const { economy } = ctx.besitos;
  const parts = (ctx.callbackQuery?.data ?? '').split(':');
  const [, area, action, rawId] = parts;
  const id = rawId !== undefined && ID.test(rawId) ? Number(rawId) : null;
  switch (area) {
    case 'menu':
      return menuScreen(ctx);
    case 'settings':
      return settingsScreen(ctx);
    case 'set':
      return enter(ctx, FLOWS.setting, parts.slice(2).join(':'));
    case 'products':
      return productsScreen(ctx, adminId);
    case 'content':
      return contentSetsScreen(ctx, adminId);
    case 'rewards':
      return rewardsScreen(ctx, adminId);
    case 'member':
      return enter(ctx, FLOWS.lookup);
    case 'metrics':
      return metricsScreen(ctx, adminId);
    case 'cs':
      if (action === 'new') return enter(ctx, FLOWS.content);
      break;
    case 'pr':
      if (action === 'new') return enter(ctx, FLOWS.product);
      if (id !== null && (action === 'on' || action === 'off')) {
        await (action === 'on' ? economy.shop.activate(adminId, id) : economy.shop.deactivate(adminId, id));
        return productsScreen(ctx, adminId);
      }
      break;
    case 'rw':
      if (action === 'new') return enter(ctx, FLOWS.reward);
      if (id === null) break;
      if (action === 'on' || action === 'off') {
        await (action === 'on' ? economy.rewards.activate(adminId, id) : economy.rewards.deactivate(adminId, id));
        return rewardsScreen(ctx, adminId);
      }
      if (action === 'del') return confirmDeleteScreen(ctx, adminId, id);
      if (action === 'delok') {
        await economy.rewards.deleteReward(adminId, id);
        return rewardsScreen(ctx, adminId);
      }
      break;
    case 'm':
      if (id === null) break;
      if (action === 'show') {
        const card = await memberCard(ctx.t, await ctx.i18n.getLocale(), economy, id);
        return show(ctx, card, memberKeyboard(ctx, id));
      }
      if (action === 'credit' || action === 'debit') return enter(ctx, FLOWS.move, id, action);
      if (action === 'vip') return enter(ctx, FLOWS.vip, id);
      break;
  }
  await ctx.answerCallbackQuery({ text: ctx.t('admin-unknown-button') });
}
