/** Members in a private chat (SPEC §1, §2, §4, §5, §6): /start menu, daily gift, history, shop, rewards, language. */
import { Composer } from 'grammy';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';

export function memberFeature(_deps: BotDeps): Composer<BotContext> {
  return new Composer<BotContext>();
}
