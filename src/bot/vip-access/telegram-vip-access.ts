/**
 * The engine's VipAccessPort over the Bot API (SPEC §7): a one-use invite link
 * (member_limit 1, expiring with the membership) sent in the member's private chat, or, for
 * a member already in the channel, a word on the new expiry; removal by ban then unban
 * (only_if_banned) so the member can come back with a later link; reminders and the "VIP
 * ended" message; the admins' warning about a missing right, in each admin's language.
 *
 * Telegram's refusals are translated for the engine: a missing admin right (`not enough
 * rights`, `CHAT_ADMIN_REQUIRED`, the bot not in the channel) → `VipAccessRefused` with the
 * right; a member who cannot be messaged (403) → `VipAccessUnreachable`; any other 400/403
 * can never succeed → permanent; the rest (429 after auto-retry, 5xx, network) → retried.
 */
import { GrammyError } from 'grammy';
import type { ChatMember } from 'grammy/types';
import { VipAccessRefused, VipAccessUnreachable, type VipAccessMessage, type VipAccessPort, type VipAccessRight, type VipInvite, type VipInviteOutcome } from '../../core/index.js';
import type { BotDeps } from '../bot-deps.js';
import { DEFAULT_LOCALE, type Locale } from '../locale-cache.js';
import { BLOCKED } from '../telegram-errors.js';
import { describe } from '../../log/describe.js';

/** Telegram's words for a right the bot lacks, or for a bot that is not an admin at all. */
const MISSING_RIGHT = /not enough rights|CHAT_ADMIN_REQUIRED|need administrator rights|bot is not a member|member list is inaccessible|bot was kicked/i;
/** Admins and the owner cannot be removed: nothing to do for them. */
const UNREMOVABLE = /user is an administrator of the chat|can't remove chat owner|USER_ADMIN_INVALID/i;

export class TelegramVipAccess implements VipAccessPort {
  constructor(readonly deps: BotDeps) {}

  async invite(input: VipInvite): Promise<VipInviteOutcome> {
    const { api } = this.deps;
    const locale = await this.#locale(input.memberId);
    const channel = await this.#channelTitle(input.channelId, locale);
    const until = await this.#date(input.vipExpiresAt.getTime(), locale);
    if (await this.#isMember(input.channelId, input.memberId)) {
      await this.#send(input.memberId, this.deps.i18n.t(locale, 'vip-extended', { until, channel }));
      return { kind: 'already_member' };
    }
    let link: string;
    try {
      const created = await api.createChatInviteLink(input.channelId, {
        name: `VIP ${input.memberId}`.slice(0, 32),
        member_limit: 1,
        expire_date: Math.floor(input.vipExpiresAt.getTime() / 1000),
      });
      link = created.invite_link;
    } catch (err) {
      throw refusal(err, input.channelId, 'can_invite_users');
    }
    try {
      await this.#send(input.memberId, this.deps.i18n.t(locale, 'vip-invite', { until, channel, link }));
    } catch (err) {
      // Nobody will use this link: take it back (best effort).
      await api.revokeChatInviteLink(input.channelId, link).catch(() => undefined);
      throw err;
    }
    return { kind: 'link', link };
  }

  async remove(input: { memberId: number; channelId: number; links: string[] }): Promise<void> {
    const { api, logger } = this.deps;
    try {
      await api.banChatMember(input.channelId, input.memberId);
      await api.unbanChatMember(input.channelId, input.memberId, { only_if_banned: true });
    } catch (err) {
      if (err instanceof GrammyError && UNREMOVABLE.test(err.description)) return;
      throw refusal(err, input.channelId, 'can_restrict_members');
    }
    for (const link of input.links) {
      // An unused link would let them back in: revoked (a used or expired one answers an error, ignored).
      await api.revokeChatInviteLink(input.channelId, link).catch((e: unknown) => logger.debug({ err: describe(e) }, 'invite link not revoked'));
    }
  }

  async tell(input: { memberId: number; message: VipAccessMessage }): Promise<void> {
    const locale = await this.#locale(input.memberId);
    const m = input.message;
    const text =
      m.kind === 'reminder'
        ? this.deps.i18n.t(locale, 'vip-reminder', { days: m.daysLeft, until: await this.#date(m.vipExpiresAt.getTime(), locale) })
        : this.deps.i18n.t(locale, 'vip-ended');
    await this.#send(input.memberId, text);
  }

  async tellAdmins(input: { adminIds: number[]; channelId: number; right: VipAccessRight }): Promise<void> {
    for (const adminId of input.adminIds) {
      const member = await this.deps.economy.membership.get(adminId);
      if (member?.blockedAt) continue;
      const locale = member ? this.deps.locales.ofMember(member) : DEFAULT_LOCALE;
      const channel = await this.#channelTitle(input.channelId, locale);
      const text = this.deps.i18n.t(locale, 'vip-admin-missing-right', { channel, right: input.right === 'can_invite_users' ? 'invite' : 'ban' });
      await this.deps.api
        .sendMessage(adminId, text)
        .catch((err: unknown) => this.deps.logger.warn({ adminId, err: describe(err) }, 'admin not told about a missing VIP channel right'));
    }
  }

  async #send(memberId: number, text: string): Promise<void> {
    try {
      await this.deps.api.sendMessage(memberId, text, { link_preview_options: { is_disabled: true } });
    } catch (err) {
      if (err instanceof GrammyError && err.error_code === 403 && BLOCKED.test(err.description)) throw new VipAccessUnreachable(err.description);
      if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) throw permanent(err);
      throw err;
    }
  }

  async #isMember(channelId: number, memberId: number): Promise<boolean> {
    try {
      const m: ChatMember = await this.deps.api.getChatMember(channelId, memberId);
      return m.status === 'member' || m.status === 'administrator' || m.status === 'creator' || (m.status === 'restricted' && m.is_member);
    } catch {
      return false; // unknown: a link does no harm
    }
  }

  async #locale(memberId: number): Promise<Locale> {
    const member = await this.deps.economy.membership.get(memberId);
    return member ? this.deps.locales.ofMember(member) : DEFAULT_LOCALE;
  }

  async #channelTitle(channelId: number, locale: Locale): Promise<string> {
    const channels = await this.deps.economy.reactions.channels();
    return channels.find((c) => c.id === channelId)?.title ?? this.deps.i18n.t(locale, 'vip-channel-fallback');
  }

  async #date(ms: number, locale: Locale): Promise<string> {
    return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'es-ES', {
      timeZone: (await this.deps.economy.settings.all())['economy.timezone'],
      dateStyle: 'short',
      timeStyle: 'short',
    }).format(ms);
  }
}

/** Is this Telegram error the bot lacking an admin right? */
export function isMissingRight(err: unknown): boolean {
  return err instanceof GrammyError && MISSING_RIGHT.test(err.description);
}

function refusal(err: unknown, channelId: number, right: VipAccessRight): unknown {
  if (isMissingRight(err)) return new VipAccessRefused(channelId, right, (err as GrammyError).description);
  if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) return permanent(err);
  return err;
}

function permanent(err: GrammyError): Error {
  return Object.assign(new Error(`${err.method}: ${err.error_code} ${err.description}`), { permanent: true });
}
