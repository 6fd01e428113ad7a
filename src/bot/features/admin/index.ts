/** Admins (SPEC §8): /admin menu, settings, products and content sets, rewards, member lookup, metrics. */
import { Composer } from 'grammy';
import type { BotDeps } from '../../bot-deps.js';
import type { BotContext } from '../../context.js';

export function adminFeature(_deps: BotDeps): Composer<BotContext> {
  return new Composer<BotContext>();
}
