/**
 * Join requests to the VIP channel (SPEC §7): when the channel admits by request, an
 * active VIP (or admin) is approved and anyone else declined; the engine decides
 * (`vipAccess.joinRequest`), requests to other chats are left to their admins. A missing
 * admin right is told to the admins once (the engine remembers); a request already
 * handled (HIDE_REQUESTER_MISSING, USER_ALREADY_PARTICIPANT) is not an error.
 */
import { Composer, GrammyError } from 'grammy';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';
import { describe } from '../../../log/describe.js';
import { isMissingRight } from '../../vip-access/telegram-vip-access.js';

const ALREADY_HANDLED = /HIDE_REQUESTER_MISSING|USER_ALREADY_PARTICIPANT/;

export function vipFeature(deps: BotDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on('chat_join_request', async (ctx) => {
    const request = ctx.chatJoinRequest;
    const channelId = request.chat.id;
    const decision = await deps.economy.vipAccess.joinRequest({ memberId: request.from.id, channelId });
    if (decision === 'ignore') return;
    try {
      if (decision === 'approve') await ctx.api.approveChatJoinRequest(channelId, request.from.id);
      else await ctx.api.declineChatJoinRequest(channelId, request.from.id);
      await deps.economy.vipAccess.rightWorks(channelId, 'can_invite_users');
    } catch (err) {
      if (isMissingRight(err)) {
        await deps.economy.vipAccess.reportMissingRight(channelId, 'can_invite_users');
      } else if (!(err instanceof GrammyError && ALREADY_HANDLED.test(err.description))) {
        deps.logger.warn({ channelId, memberId: request.from.id, decision, err: describe(err) }, 'join request not answered');
      }
    }
  });
  return composer;
}
