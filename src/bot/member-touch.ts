/**
 * "The bot fills in the names when it meets the person" (SPEC §1): a member who writes
 * to the bot in a private chat is registered (names, username, Telegram language), and a
 * member who had blocked the bot is reachable again. Once per member per `everyMs` in
 * this process, so a busy chat does not write on every message.
 */
import type { MiddlewareFn } from 'grammy';
import type { BotContext } from './context.js';

export function memberTouch(everyMs = 10 * 60_000): MiddlewareFn<BotContext> {
  const seen = new Map<number, number>();
  return async (ctx, next) => {
    const from = ctx.from;
    if (from && !from.is_bot && ctx.chat?.type === 'private') {
      const now = Date.now();
      const last = seen.get(from.id);
      if (last === undefined || now - last >= everyMs) {
        if (seen.size > 100_000) seen.clear();
        seen.set(from.id, now);
        const { membership } = ctx.besitos.economy;
        const member = await membership.register({
          id: from.id,
          username: from.username ?? null,
          firstName: from.first_name.slice(0, 255) || null,
          lastName: from.last_name?.slice(0, 255) ?? null,
          language: /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(from.language_code ?? '') ? from.language_code! : null,
        });
        if (member.blockedAt !== null) await membership.setBlocked(from.id, false);
      }
    }
    await next();
  };
}
