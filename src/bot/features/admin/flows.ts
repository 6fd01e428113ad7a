/** The admin flows' ids, and how a button or command starts one. */
import type { BotContext } from '../../context.js';

/** Conversation ids (stored with each flow's state: renaming one drops flows in progress). */
export const FLOWS = {
  setting: 'admin-setting',
  content: 'admin-content',
  product: 'admin-product',
  reward: 'admin-reward',
  lookup: 'admin-lookup',
  move: 'admin-move',
  vip: 'admin-vip',
  translate: 'admin-translate',
} as const;

/** Leaves any flow in progress (a new one replaces it) and starts `id`. */
export async function enter(ctx: BotContext, id: string, ...args: unknown[]): Promise<void> {
  await ctx.conversation.exitAll();
  if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.conversation.enter(id, ...args);
}
