/**
 * SPEC §12: a member who blocked the bot. An API transformer sees every call the bot
 * makes; when one to a private chat fails with 403 ("bot was blocked by the user", "user
 * is deactivated"), the member is marked (`members.blocked_at`) so notifications and
 * reminders skip them. Writing to the bot again, or unblocking it (`my_chat_member`), clears
 * the mark (member-touch.ts); `onMarked` lets the touch write at the member's next message.
 */
import type { Transformer } from 'grammy';
import { BLOCKED } from './telegram-errors.js';
import type { Economy } from '../core/index.js';
import type { Logger } from 'pino';


export function markBlockedMembers(economy: Economy, logger: Logger, onMarked: (memberId: number) => void = () => {}): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (!res.ok && res.error_code === 403 && BLOCKED.test(res.description)) {
      const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
      if (typeof chatId === 'number' && Number.isSafeInteger(chatId) && chatId > 0) {
        try {
          await economy.membership.setBlocked(chatId, true);
          onMarked(chatId);
          logger.info({ memberId: chatId, method }, 'member blocked the bot: marked');
        } catch (err) {
          logger.warn({ memberId: chatId, err: String(err) }, 'could not mark a blocked member');
        }
      }
    }
    return res;
  };
}
