/**
 * "The bot fills in the names when it meets the person" (SPEC §1), wherever it meets them
 * (issue 10, defect 5): every update that carries a sender (a private message, a press
 * under a channel post, a native reaction, a group message) registers the member's names,
 * username and Telegram language, so a member who only reacts is found by `/miembro @name`
 * and shows with their name in metrics and their profile.
 *
 * An update from a private chat also says the member has a private chat with the bot (the
 * engine's `privateChatAt`: the bot may write to them first) and is not blocking it.
 *
 * Writes are skipped when nothing new would be written (issue 14: a burst of presses is
 * mostly members already met): an update from elsewhere writes only when the member's
 * names, username or language differ from what this process last wrote for them; a
 * private one also writes at most once per `everyMs` (it refreshes the open chat), and the
 * first private message after a channel press still opens the chat at once. `forget` drops
 * a member's entries (the blocked mark was just set: their next private message clears it).
 *
 * `my_chat_member` in a private chat is Telegram telling that the member blocked the bot
 * (`kicked`) or started / unblocked it (`member`): applied at once, never throttled (issue
 * 10, defect 3), so notifications stop or resume with the very next event.
 */
import type { MiddlewareFn } from 'grammy';
import type { User } from 'grammy/types';
import type { BotContext } from './context.js';
import { isEconomyError, type RegisterInput } from '../core/index.js';

const MAX_SEEN = 100_000;

export class MemberTouch {
  readonly #everyMs: number;
  /** `p<id>` / `o<id>` → when this process last wrote, and what (the names' fingerprint). */
  readonly #seen = new Map<string, { at: number; names: string }>();

  constructor(everyMs = 10 * 60_000) {
    this.#everyMs = everyMs;
  }

  /** Drops the throttle of a member: their next update writes again. */
  forget(memberId: number): void {
    this.#seen.delete(`p${memberId}`);
    this.#seen.delete(`o${memberId}`);
  }

  readonly middleware: MiddlewareFn<BotContext> = async (ctx, next) => {
    const status = ctx.myChatMember;
    if (status && status.chat.type === 'private') {
      await this.#chatStatus(ctx, status.from, status.new_chat_member.status);
      return next();
    }
    const from = ctx.from;
    if (from && !from.is_bot) {
      const privateChat = ctx.chat?.type === 'private';
      const key = `${privateChat ? 'p' : 'o'}${from.id}`;
      const now = Date.now();
      const input = namesOf(from);
      const names = `${input.username}\u0000${input.firstName}\u0000${input.lastName}\u0000${input.language}`;
      const last = this.#seen.get(key);
      const due = last === undefined || last.names !== names || (privateChat && now - last.at >= this.#everyMs);
      if (due) {
        if (this.#seen.size > MAX_SEEN) this.#seen.clear();
        this.#seen.set(key, { at: now, names });
        // A private message is also news of everything else the member is.
        if (privateChat) this.#seen.set(`o${from.id}`, { at: now, names });
        try {
          await ctx.besitos.economy.membership.register({ ...input, privateChat });
        } catch (err) {
          // A name Telegram allows and the engine does not never stands in the way of what
          // the member came to do; anything else (storage down) is the update's failure.
          if (!isEconomyError(err)) throw err;
          ctx.besitos.logger.warn({ memberId: from.id, err: String(err) }, 'member touch: could not register');
        }
      }
    }
    await next();
  };

  async #chatStatus(ctx: BotContext, from: User, status: string): Promise<void> {
    const open = status === 'member' ? true : status === 'kicked' ? false : undefined;
    if (open === undefined || from.is_bot) return;
    this.forget(from.id);
    const { membership } = ctx.besitos.economy;
    await membership.register(namesOf(from)).catch(() => undefined);
    await membership.setPrivateChat(from.id, open);
    ctx.besitos.logger.info({ memberId: from.id, open }, open ? 'member opened the private chat' : 'member blocked the bot');
  }
}

/** What Telegram tells of a person, within the engine's limits (a bad language code is dropped). */
export function namesOf(from: User): RegisterInput {
  return {
    id: from.id,
    username: /^[A-Za-z0-9_]{1,64}$/.test(from.username ?? '') ? from.username! : null,
    firstName: name(from.first_name),
    lastName: name(from.last_name),
    language: /^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(from.language_code ?? '') ? from.language_code! : null,
  };
}

function name(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? [...value].slice(0, 255).join('') : null;
}
