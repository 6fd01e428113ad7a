/**
 * Who may use the admin part of the bot (and /publicar) (SPEC §0, §8): the configured ids (or members whose
 * stored role is ADMIN), asked on every admin update — command, button, conversation step
 * that writes — never cached here. A non-admin gets the FORBIDDEN refusal (the error
 * boundary answers it in their language) and nothing changes. The engine checks again:
 * every admin method takes the admin's id.
 */
import type { MiddlewareFn } from 'grammy';
import type { User } from 'grammy/types';
import { EconomyError } from '../core/index.js';
import type { BotDeps } from './bot-deps.js';
import type { BaseContext, BotContext } from './context.js';

export function forbidden(): EconomyError {
  return new EconomyError('FORBIDDEN', 'this is for the community admins only');
}

/** The admin's id, or a FORBIDDEN refusal (thrown): the engine's one check, for a person. */
export async function requireAdmin(ctx: { from?: User | undefined; besitos: BotDeps }): Promise<number> {
  if (!ctx.from || ctx.from.is_bot) throw forbidden();
  return ctx.besitos.economy.admins.require(ctx.from.id);
}

/** Wraps a handler so it runs only for an admin (checked on this very update). */
export function adminOnly<C extends BotContext>(handler: (ctx: C, adminId: number) => unknown): MiddlewareFn<C> {
  return async (ctx) => {
    const adminId = await requireAdmin(ctx);
    await handler(ctx, adminId);
  };
}

/** An admin's action on a listed item (switch on or off, delete), then the list again: it changed. */
export function adminAction<C extends BotContext>(
  action: (ctx: C, adminId: number) => Promise<unknown>,
  screen: (ctx: BaseContext, adminId: number) => Promise<void>,
): MiddlewareFn<C> {
  return adminOnly(async (ctx: C, adminId) => {
    await action(ctx, adminId);
    await screen(ctx, adminId);
  });
}
