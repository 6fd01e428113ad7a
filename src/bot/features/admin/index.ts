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
import { botTransformersInFlows } from '../../conversation-api.js';
import { adminOnly, requireAdmin } from '../../admin-guard.js';
import { menuButtons, menuScreen } from './admin-menu.js';
import { ADMIN_COMMANDS, ADMIN_PREFIX, FLOW_PREFIX, isAdminData, MEMBER_LOOKUP_COMMANDS } from './callback-data.js';
import { contentButtons, contentFlow } from './content-flow.js';
import { commandOf } from './flow-kit.js';
import { FLOWS, enter } from './flows.js';
import { lookupFlow, memberButtons, moveFlow, showMember, vipFlow } from './member-lookup.js';
import { metricsButtons } from './metrics.js';
import { tokensButtons } from './tokens.js';
import { productFlow, productsButtons } from './products-flow.js';
import { rewardFlow, rewardsButtons } from './rewards-flow.js';
import { settingFlow, settingsButtons } from './settings-flow.js';
import { translateButtons, translateFlow } from './translate-flow.js';

export { ADMIN_ENTRY_POINTS, type AdminEntryPoint } from './callback-data.js';

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
      // give them the bot's API transformers (conversation-api.ts), the engine
      // (`ctx.besitos`) and the admin's language (`ctx.t`).
      plugins: [botTransformersInFlows<BaseContext>(deps.api), provide, deps.i18n as unknown as Middleware<BaseContext>],
    }),
  );
  priv.use(createConversation<BotContext, BaseContext>(settingFlow, FLOWS.setting));
  priv.use(createConversation<BotContext, BaseContext>(contentFlow, FLOWS.content));
  priv.use(createConversation<BotContext, BaseContext>(productFlow, FLOWS.product));
  priv.use(createConversation<BotContext, BaseContext>(rewardFlow, FLOWS.reward));
  priv.use(createConversation<BotContext, BaseContext>(lookupFlow, FLOWS.lookup));
  priv.use(createConversation<BotContext, BaseContext>(moveFlow, FLOWS.move));
  priv.use(createConversation<BotContext, BaseContext>(vipFlow, FLOWS.vip));
  priv.use(createConversation<BotContext, BaseContext>(translateFlow, FLOWS.translate));

  priv.command('admin', adminOnly(menuScreen));
  priv.command(
    [...MEMBER_LOOKUP_COMMANDS],
    adminOnly(async (ctx) => {
      const query = typeof ctx.match === 'string' ? ctx.match.trim() : '';
      if (query !== '') await showMember(ctx, query);
      else await enter(ctx, FLOWS.lookup);
    }),
  );
  // Each screen registers its own buttons (callback-data.ts); each handler checks the admin again.
  priv.use(menuButtons(), settingsButtons(), productsButtons(), contentButtons(), rewardsButtons(), memberButtons(), metricsButtons(), translateButtons(), tokensButtons());
  // Anything else under `adm:` (an old or forged button): answered, nothing runs.
  priv.callbackQuery(new RegExp(`^${ADMIN_PREFIX}`), adminOnly((ctx) => ctx.answerCallbackQuery({ text: ctx.t('admin-unknown-button') })));
  // A flow's button pressed after the flow ended (or from an old message).
  priv.callbackQuery(new RegExp(`^${FLOW_PREFIX}`), adminOnly((ctx) => ctx.answerCallbackQuery({ text: ctx.t('admin-flow-expired') })));

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
