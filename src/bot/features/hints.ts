/**
 * The last word in a private chat (issue 10): a message nothing else answered (an unknown
 * command, free text, a sticker or a file, `/cancelar` or `/listo` with no flow in
 * progress) gets a short hint towards `/ayuda` (`/help` in English) instead of silence.
 * Never in channels or groups, where the bot only puts reaction rows and does not chat,
 * nor for an admin's plain messages (the material of `/publicar`).
 * Installed after every other feature: it only sees what they let through, so it never
 * takes anything from them (an admin flow in progress consumes the admin's messages).
 */
import { Composer } from 'grammy';
import type { BotContext } from '../context.js';
import { CANCEL_COMMANDS, DONE_COMMANDS, commandOf } from './admin/flow-kit.js';

const FLOW_COMMANDS: readonly string[] = [...CANCEL_COMMANDS, ...DONE_COMMANDS];

export function hintsFeature(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  const pm = composer.chatType('private');
  // What a person writes or sends; service messages (a pin, a payment) get no hint.
  pm.on(['message:text', 'message:file', 'message:location', 'message:contact', 'message:dice', 'message:poll'], async (ctx) => {
    if (ctx.from.is_bot) return;
    const command = commandOf(ctx.message);
    // An admin's plain message may be what they will /publicar next (send, then reply to
    // it): no hint for it. Their unknown commands and stray /cancelar still get one.
    if (command === null && (await ctx.besitos.economy.admins.isAdmin(ctx.from.id))) return;
    const key = command === null ? 'hint-free-text' : FLOW_COMMANDS.includes(command) ? 'hint-no-flow' : 'hint-unknown-command';
    await ctx.reply(ctx.t(key));
  });
  return composer;
}
